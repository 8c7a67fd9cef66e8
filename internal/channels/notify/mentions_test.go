package notify_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/channels/notify"
)

// escalation is a level-2 escalation to the owner and the leader, both with
// mobiles, and to someone without one.
func escalation() notify.Message {
	m := submission()
	m.Event = task.Event{Seq: 9, At: sentAt, Actor: task.SystemActor, Type: task.EventEscalated, Data: map[string]any{"level": float64(2)}}
	m.To = []notify.Recipient{
		{ID: "li", Name: "李", Mobile: "13800000001"},
		{ID: "wang", Name: "王", Mobile: "+8613800000002"},
		{ID: "sub", Name: "代", Mobile: "13800000001", For: "li"}, // the same phone: mentioned once
		{ID: "zhao", Name: "赵"},
	}
	return m
}

// capture is a robot that keeps every body and answers ok.
func capture(t *testing.T) (string, *[][]byte) {
	var bodies [][]byte
	url := receiver(t, `{"errcode":0,"errmsg":"ok"}`, func(_ *http.Request, body []byte) { bodies = append(bodies, body) })
	return url, &bodies
}

// DingTalk @mentions an escalation's people by mobile (at.atMobiles, and
// "@number" in the markdown, where the mention shows); other notices
// mention nobody.
func TestDingTalkMentionsMobiles(t *testing.T) {
	url, bodies := capture(t)
	w := newWebhook(t, url, "", notify.FormatDingTalk)
	for _, m := range []notify.Message{escalation(), submission()} {
		if err := w.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	var b struct {
		MsgType  string `json:"msgtype"`
		Markdown struct {
			Title string `json:"title"`
			Text  string `json:"text"`
		} `json:"markdown"`
		At *struct {
			AtMobiles []string `json:"atMobiles"`
		} `json:"at"`
	}
	strictly(t, (*bodies)[0], &b)
	want := []string{"13800000001", "+8613800000002"}
	if b.At == nil || !cmp.Equal(want, b.At.AtMobiles) {
		t.Fatalf("at: %+v in %s", b.At, (*bodies)[0])
	}
	for _, m := range want {
		if !strings.Contains(b.Markdown.Text, "@"+m) {
			t.Errorf("the markdown does not hold @%s: %s", m, b.Markdown.Text)
		}
	}
	if !strings.Contains(b.Markdown.Text, "代 for li") {
		t.Errorf("the substitute is not shown as standing in: %s", b.Markdown.Text)
	}
	b.At = nil
	strictly(t, (*bodies)[1], &b)
	if b.At != nil {
		t.Fatalf("a sign-off request mentions %v", b.At.AtMobiles)
	}
}

// WeCom mentions by mobile only in text messages: an escalation goes as
// text with mentioned_mobile_list, anything else stays markdown.
func TestWeComMentionsMobiles(t *testing.T) {
	url, bodies := capture(t)
	w := newWebhook(t, url, "", notify.FormatWeCom)
	for _, m := range []notify.Message{escalation(), submission()} {
		if err := w.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	var text struct {
		MsgType string `json:"msgtype"`
		Text    struct {
			Content             string   `json:"content"`
			MentionedMobileList []string `json:"mentioned_mobile_list"`
		} `json:"text"`
	}
	strictly(t, (*bodies)[0], &text)
	if text.MsgType != "text" || !cmp.Equal([]string{"13800000001", "+8613800000002"}, text.Text.MentionedMobileList) ||
		!strings.Contains(text.Text.Content, "升级至第 2 级") || len(text.Text.Content) > 2048 {
		t.Fatalf("escalation: %s", (*bodies)[0])
	}
	var md struct {
		MsgType  string `json:"msgtype"`
		Markdown struct {
			Content string `json:"content"`
		} `json:"markdown"`
	}
	strictly(t, (*bodies)[1], &md)
	if md.MsgType != "markdown" {
		t.Fatalf("sign-off request: %s", (*bodies)[1])
	}
}

// A bundle is one request per webhook listing every reminder: closeout's
// document with the items and the bundle's key as the delivery id; a robot
// message numbering them.
func TestWebhookBundle(t *testing.T) {
	reminder := func(seq int64, title string) notify.Message {
		m := submission()
		m.Task.Title = title
		m.Event = task.Event{Seq: seq, At: sentAt, Actor: task.SystemActor, Type: task.EventReminder}
		return m
	}
	b := notify.Bundle{Key: "bundle/li/2024-06-20/ab12", To: notify.Recipient{ID: "li", Name: "李"}, Day: "2024-06-20",
		Items: []notify.Message{reminder(3, "清理借调人员"), reminder(5, "减负清单")}, BaseURL: "https://closeout.example.org"}
	var delivery string
	var got notify.WebhookPayload
	url := receiver(t, `{}`, func(r *http.Request, body []byte) {
		delivery = r.Header.Get("X-Closeout-Delivery")
		if err := json.Unmarshal(body, &got); err != nil {
			t.Error(err)
		}
	})
	if err := newWebhook(t, url, "s", notify.FormatJSON).SendBundle(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	if delivery != b.Key || got.Type != "bundle" || len(got.Items) != 2 || got.Items[1].Seq != 5 ||
		got.Items[0].URL != "https://closeout.example.org/tasks/xmlc/T01" || !strings.Contains(got.Text.ZH, "共 2 项") {
		t.Fatalf("delivery %q, payload %+v", delivery, got)
	}
	robot, bodies := capture(t)
	if err := newWebhook(t, robot, "", notify.FormatDingTalk).SendBundle(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	if len(*bodies) != 1 || !strings.Contains(string((*bodies)[0]), "2. 提醒:任务「减负清单」") {
		t.Fatalf("robot bodies: %s", *bodies)
	}
}
