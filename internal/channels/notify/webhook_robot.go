package notify

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"
)

// robotMessage is a notification as the chat robots show it: a title for the
// chat list, the sentence in both languages, a few facts and the links.
// Each platform's file lays it out in that platform's format.
type robotMessage struct {
	Title string
	ZH    string
	EN    string
	Facts []fact
	Links []task.Evidence
	// Mobiles are the people to @mention, on the platforms that mention by
	// mobile number (DingTalk, WeCom).
	Mobiles []string
}

// fact is one labelled line, the label in both languages.
type fact struct {
	Label string
	Value string
}

func robotMessageOf(m Message) robotMessage {
	text := Render(m)
	msg := robotMessage{
		Title: "closeout · " + m.Task.Title,
		ZH:    text.ZH,
		EN:    text.EN,
		Facts: []fact{
			{"任务 Task", m.Task.Campaign + "/" + m.Task.ID},
			{"责任人 Owner", m.Task.Owner},
			{"截止 Due", m.date(m.Task.Deadline)},
		},
	}
	if len(m.To) > 0 {
		names := make([]string, len(m.To))
		for i, r := range m.To {
			names[i] = r.ID
			if r.Name != "" {
				names[i] = r.Name + " (" + r.ID + ")"
			}
			if r.For != "" {
				names[i] += " 代 for " + r.For
			}
		}
		msg.Facts = append(msg.Facts, fact{"通知 To", strings.Join(names, ", ")})
	}
	if m.Event.Type == task.EventSubmitted {
		for _, ev := range evidenceLinks(m.BaseURL, submissionOf(m.Event, nil).Evidence) {
			if ev.URL != "" { // the robots' formats have no link without an address
				msg.Links = append(msg.Links, ev)
			}
		}
	}
	if page := taskPage(m); page != "" {
		msg.Links = append(msg.Links, task.Evidence{Title: "详情 Details", URL: page})
	}
	if isEscalation(m.Event) {
		msg.Mobiles = mobiles(m.To)
	}
	return msg
}

// isEscalation reports an event that chases people: a level of the overdue
// ladder, or a sign-off left waiting too long. Group robots @mention the
// people it goes to, so their phones ring in a busy group.
func isEscalation(e task.Event) bool {
	return e.Type == task.EventEscalated || e.Type == task.EventReviewOverdue
}

// mobiles are the recipients' mobile numbers, each once, in order.
func mobiles(to []Recipient) []string {
	var out []string
	for _, r := range to {
		if r.Mobile != "" && !slices.Contains(out, r.Mobile) {
			out = append(out, r.Mobile)
		}
	}
	return out
}

func robotDigestOf(d Digest) robotMessage {
	t := d.Report.Totals
	title := d.Campaign.Title
	if title == "" {
		title = d.Report.Title
	}
	return robotMessage{
		Title: "进度通报 Progress report · " + title,
		ZH:    d.Report.SummaryZH,
		EN:    d.Report.SummaryEN,
		Facts: []fact{
			{"已销号 Closed", fmt.Sprintf("%d / %d (%d%%)", t.Closed, t.Tasks, t.ClosedPct)},
			{"待审核 Submitted", fmt.Sprint(t.Submitted)},
			{"已超期 Overdue", fmt.Sprint(t.Overdue)},
			{"红 / 黄 / 绿 Red / yellow / green", fmt.Sprintf("%d / %d / %d", t.Red, t.Yellow, t.Green)},
		},
	}
}

// robotRefusal reads a robot's answer: the platforms answer 200 even when they
// refuse a message, with a non-zero errcode (DingTalk, WeCom) or code
// (Feishu) and its reason.
func robotRefusal(f WebhookFormat, answer []byte) error {
	var r struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
		Code    *int   `json:"code"`
		Msg     string `json:"msg"`
	}
	if json.Unmarshal(answer, &r) != nil {
		return nil //nolint:nilerr // not JSON: the 2xx status is all there is to go by
	}
	switch {
	case r.ErrCode != nil && *r.ErrCode != 0:
		return fmt.Errorf("%s robot refused the message: errcode %d: %s", f, *r.ErrCode, r.ErrMsg)
	case r.Code != nil && *r.Code != 0:
		return fmt.Errorf("%s robot refused the message: code %d: %s", f, *r.Code, r.Msg)
	}
	return nil
}
