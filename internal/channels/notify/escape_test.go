package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/web/slackapp/slackfake"
)

var updateGolden = flag.Bool("update", false, "rewrite notify/testdata/*.golden from what the notifiers send")

// Markup people could type into closeout, each piece after a line break:
// a heading, a link, the platforms' mentions, a colour tag.
const (
	hostileTitle    = "清理\n# 大标题 Heading [点我 click](https://evil.example/t) <@all> @all <!channel> <font color=\"warning\">红</font>"
	hostileEvidence = "名单\n## Heading [link](https://evil.example/e) <@all>"
	hostileFileName = "扫描件\n<font color=\"info\">a.pdf</font> @all"
	hostileURL      = "https://docs.example.org/list) [x](https://evil.example/u"
	hostileReason   = "请补充材料\n# 重做 [看这里](https://evil.example/r) <@all> @all <!here> <font color=\"warning\">急</font>"
	hostileName     = "赵\n# <@all>"
	hostileNote     = "已完成\n# 第二行 <!channel>"
)

// hostileMessages are a submission (evidence with a link and a file), a
// return with a reason, and an escalation (which @mentions on DingTalk and
// WeCom), each carrying typed markup.
func hostileMessages() []notify.Message {
	sub := submission()
	sub.BaseURL = "https://closeout.example.org"
	sub.Task.Title = hostileTitle
	sub.Event.Data["note"] = hostileNote
	sub.Event.Data["evidence"] = []task.Evidence{
		{Title: hostileEvidence, URL: hostileURL},
		{Title: "扫描件", File: "f-1", Name: hostileFileName},
	}
	sub.To[0].Name = hostileName

	ret := submission()
	ret.Task.Title = hostileTitle
	ret.Task.Status = task.StatusOpen
	ret.Event = task.Event{Seq: 5, At: sentAt, Actor: "zhao", Type: task.EventReturned,
		Data: map[string]any{"reason": hostileReason, "attempt": 2}}
	ret.To = []notify.Recipient{{ID: "li", Name: hostileName, SlackID: "U_LI", Mobile: "13800000000"}}

	esc := ret
	esc.Event = task.Event{Seq: 6, At: sentAt, Actor: task.SystemActor, Type: task.EventEscalated,
		Data: map[string]any{"level": 2.0}}
	esc.ToChannel = true
	return []notify.Message{sub, ret, esc}
}

// Each robot receives the hostile messages at a capture server; what
// arrives is the golden file's, and no typed piece became markup there.
func TestRobotsEscapeTypedText(t *testing.T) {
	for _, f := range []notify.WebhookFormat{notify.FormatDingTalk, notify.FormatWeCom, notify.FormatFeishu} {
		t.Run(string(f), func(t *testing.T) {
			var bodies [][]byte
			url := receiver(t, `{"errcode":0,"code":0}`, func(_ *http.Request, body []byte) { bodies = append(bodies, body) })
			w := newWebhook(t, url, "", f)
			for _, m := range hostileMessages() {
				if err := w.Send(context.Background(), m); err != nil {
					t.Fatal(err)
				}
			}
			var texts []string
			for _, b := range bodies {
				for _, text := range robotTexts(t, f, b) {
					texts = append(texts, text.text)
					noTypedMarkup(t, text.text, text.markdown)
				}
			}
			golden(t, "robot_"+string(f)+".golden", strings.Join(texts, "\n\n"+strings.Repeat("=", 40)+"\n\n"))
		})
	}
}

// robotText is a string of a robot's body that a person reads: markdown,
// or plain text (a title, a WeCom text message, a Feishu post).
type robotText struct {
	text     string
	markdown bool
}

func robotTexts(t *testing.T, f notify.WebhookFormat, body []byte) []robotText {
	t.Helper()
	var b struct {
		Markdown struct{ Title, Text, Content string }
		Text     struct{ Content string }
		Content  struct {
			Post map[string]struct {
				Title   string
				Content [][]struct{ Tag, Text, Href string }
			}
		}
	}
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatalf("%s body %s: %v", f, body, err)
	}
	switch f {
	case notify.FormatDingTalk:
		return []robotText{{b.Markdown.Title, false}, {b.Markdown.Text, true}}
	case notify.FormatWeCom:
		if b.Text.Content != "" {
			return []robotText{{b.Text.Content, false}}
		}
		return []robotText{{b.Markdown.Content, true}}
	}
	var out []robotText
	for _, lang := range []string{"zh_cn", "en_us"} {
		p := b.Content.Post[lang]
		var s strings.Builder
		s.WriteString(p.Title)
		for _, para := range p.Content {
			for _, span := range para {
				fmt.Fprintf(&s, "\n[%s] %s %s", span.Tag, span.Text, span.Href)
			}
		}
		out = append(out, robotText{s.String(), false})
	}
	return out
}

// Slack receives the same messages (the sign-off request to the approver,
// the return to the owner, the escalation in the channel) at a fake Slack.
func TestSlackEscapesTypedText(t *testing.T) {
	api := slackfake.New(t)
	msgs := &slackMemory{}
	sl := notify.NewSlack(notify.NewSlackClient("xoxb-test", api.APIURL()), msgs, nil)
	for _, m := range hostileMessages() {
		m.Campaign.SlackChannel = channel
		msgs.task = m.Task
		if err := sl.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	var texts []string
	for _, c := range api.Calls(slackfake.PostMessage) {
		texts = append(texts, "to "+c.Channel+"\n"+c.Text+"\n"+render(c.Blocks))
	}
	golden(t, "slack.golden", strings.Join(texts, "\n"+strings.Repeat("=", 40)+"\n"))
	mention := regexp.MustCompile(`<@U_[A-Z]+>`)
	link := regexp.MustCompile(`<https://[^<>|]*\|[^<>]*>`)
	for _, text := range texts {
		// Slack's markup is between < and >: only closeout's own mentions
		// and links may be left once those are taken out.
		for _, line := range strings.Split(text, "\n") {
			rest := link.ReplaceAllString(mention.ReplaceAllString(strings.TrimPrefix(line, "> "), ""), "")
			if strings.ContainsAny(rest, "<>") {
				t.Errorf("typed markup reached Slack: %q", line)
			}
			if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "&lt;") {
				t.Errorf("a typed line break reached Slack: %q", line)
			}
		}
	}
}

// noTypedMarkup: the typed mentions and colour tags of hostileMessages
// appear nowhere, nor their links in markdown, and none of them starts a
// line.
func noTypedMarkup(t *testing.T, text string, markdown bool) {
	t.Helper()
	bad := []string{"<@all>", "@all", "<!channel>", "<!here>", `<font color="warning"`, `<font color="info"`}
	if markdown {
		bad = append(bad, "](https://evil.example", "[点我", "[link]", "[看这里", "[x]", "list) [")
	}
	for _, b := range bad {
		if strings.Contains(text, b) {
			t.Errorf("%q reached the robot in:\n%s", b, text)
		}
	}
	layout := regexp.MustCompile(`^(\[(text|a)\] |[>*•\- ]+)*`)
	for _, line := range strings.Split(text, "\n") {
		rest := layout.ReplaceAllString(line, "")
		if strings.HasPrefix(rest, "#### closeout") { // DingTalk's own heading
			continue
		}
		for _, start := range []string{"#", "＃", "<", "＜"} {
			if strings.HasPrefix(rest, start) {
				t.Errorf("a typed line break starts a line with %q: %q", start, line)
			}
		}
	}
}

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./notify -run Escape -update to write it)", err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("%s differs from what was sent (go test ./notify -run Escape -update rewrites it):\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

// slackMemory is the Slack notifier's store for one task: its view as sent,
// no log, and the messages posted.
type slackMemory struct {
	task   task.View
	posted []store.SlackMessage
}

func (m *slackMemory) GetTask(context.Context, string, string) (task.View, error) {
	return m.task, nil
}

func (m *slackMemory) TaskEvents(context.Context, string, string) ([]task.Event, error) {
	return nil, nil
}

func (m *slackMemory) SlackMessages(context.Context, string, string) ([]store.SlackMessage, error) {
	return m.posted, nil
}

func (m *slackMemory) SaveSlackMessage(_ context.Context, msg store.SlackMessage) error {
	m.posted = append(m.posted, msg)
	return nil
}

func (m *slackMemory) MarkSlackMessageShown(context.Context, store.SlackMessage) error { return nil }
