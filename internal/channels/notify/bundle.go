package notify

import (
	"fmt"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"
)

// Bundle is a person's reminders of one day in one message (SPEC section
// 14): each item is a reminder as Send would have shown it on its own.
type Bundle struct {
	// Key names the bundle (the same on every retry of its sending), so
	// webhook receivers can drop repeats.
	Key   string
	To    Recipient
	Day   string // YYYY-MM-DD in the person's timezone
	Items []Message
	// BaseURL is where the dashboard lives, for links.
	BaseURL string
}

// RenderBundle words a bundle: a heading with the count, then one numbered
// line per reminder, in each language.
func RenderBundle(b Bundle) Text {
	var zh, en strings.Builder
	fmt.Fprintf(&zh, "%s 的提醒,共 %d 项:", b.Day, len(b.Items))
	fmt.Fprintf(&en, "Your %d reminder%s for %s:", len(b.Items), plural(len(b.Items)), b.Day)
	for i, m := range b.Items {
		t := Render(m)
		fmt.Fprintf(&zh, "\n%d. %s", i+1, t.ZH)
		fmt.Fprintf(&en, "\n%d. %s", i+1, t.EN)
	}
	return Text{ZH: zh.String(), EN: en.String()}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// bundleLinks are the items' task pages, one per task, when the dashboard's
// address is configured.
func bundleLinks(b Bundle) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range b.Items {
		m.BaseURL = b.BaseURL
		if page := taskPage(m); page != "" && !seen[page] {
			seen[page] = true
			out = append(out, page)
		}
	}
	return out
}

// robotBundleOf is a bundle as the chat robots show it.
func robotBundleOf(b Bundle) robotMessage {
	text := RenderBundle(b)
	to := b.To.ID
	if b.To.Name != "" {
		to = b.To.Name + " (" + b.To.ID + ")"
	}
	msg := robotMessage{
		Title: "closeout · 今日提醒 Reminders of the day",
		ZH:    text.ZH,
		EN:    text.EN,
		Facts: []fact{{"通知 To", to}, {"日期 Day", b.Day}},
	}
	for _, page := range bundleLinks(b) {
		msg.Links = append(msg.Links, task.Evidence{Title: "详情 Details", URL: page})
	}
	return msg
}
