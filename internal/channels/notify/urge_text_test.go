package notify_test

import (
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/domain/task"
)

// An urge names who urged, the task and its deadline, and the note on one
// line when there is one.
func TestRenderUrged(t *testing.T) {
	m := submission()
	m.Task.Status = task.StatusOpen
	m.Event = task.Event{Seq: 5, At: sentAt, Actor: "zhao", Type: task.EventUrged, Data: map[string]any{"note": "请本周内报送\n名单"}}
	got := notify.Render(m)
	want := notify.Text{
		ZH: "催办:zhao 催办任务「清理借调人员」,截止 " + dueOf(m) + ":请本周内报送 名单",
		EN: `zhao urges you on "清理借调人员", due ` + dueOf(m) + ": 请本周内报送 名单",
	}
	if got != want {
		t.Errorf("with a note:\n got %+v\nwant %+v", got, want)
	}
	delete(m.Event.Data, "note")
	if got := notify.Render(m); got.ZH != "催办:zhao 催办任务「清理借调人员」,截止 "+dueOf(m)+",请抓紧办理。" {
		t.Errorf("without a note: %+v", got)
	}
}

// dueOf is the task's deadline as notifications word it, read from the
// creation notice ("…截止 DATE。").
func dueOf(m notify.Message) string {
	zh := notify.Render(notify.Message{Campaign: m.Campaign, Task: m.Task, Event: task.Event{Type: task.EventCreated}}).ZH
	_, due, _ := strings.Cut(zh, "截止 ")
	return strings.TrimSuffix(due, "。")
}
