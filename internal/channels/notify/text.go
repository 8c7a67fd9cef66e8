package notify

import (
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
)

// Text is a message in both of closeout's languages.
type Text struct {
	ZH string
	EN string
}

// Render words an event for people: one sentence in Chinese, one in English.
func Render(m Message) Text {
	t, e := m.Task, m.Event
	// Typed text is put on one line: a notification is one sentence, and
	// each channel escapes the rest for its own markup (escape_markdown.go).
	title := oneLine(t.Title)
	due := m.date(t.Deadline)
	str := func(k string) string { s, _ := e.Data[k].(string); return oneLine(s) }
	num := func(k string) int { f, _ := e.Data[k].(float64); return int(f) }
	switch e.Type {
	case task.EventCreated:
		return Text{fmt.Sprintf("新任务「%s」已分配给您,截止 %s。", title, due),
			fmt.Sprintf("New task %q is yours, due %s.", title, due)}
	case task.EventReminder:
		if ms := str("milestone"); ms != "" {
			return Text{fmt.Sprintf("提醒:任务「%s」的节点「%s」即将到期。", title, ms),
				fmt.Sprintf("Reminder: milestone %q of %q is due soon.", ms, title)}
		}
		return Text{fmt.Sprintf("提醒:任务「%s」将于 %s 到期。", title, due),
			fmt.Sprintf("Reminder: %q is due %s.", title, due)}
	case task.EventMilestoneMissed:
		return Text{fmt.Sprintf("任务「%s」的节点「%s」已逾期。", title, str("milestone")),
			fmt.Sprintf("Milestone %q of %q was missed.", str("milestone"), title)}
	case task.EventEscalated:
		return Text{fmt.Sprintf("督办:任务「%s」已超期(截止 %s),升级至第 %d 级,责任人 %s。", title, due, num("level"), oneLine(t.Owner)),
			fmt.Sprintf("Escalation level %d: %q is overdue (due %s); owner %s.", num("level"), title, due, oneLine(t.Owner))}
	case task.EventSubmitted, task.EventApproved:
		if e.Type == task.EventApproved && str("next") == "" {
			break
		}
		return Text{fmt.Sprintf("任务「%s」已提交,请您审核销号。", title),
			fmt.Sprintf("%q was submitted and waits for your sign-off.", title)}
	case task.EventReviewOverdue:
		return Text{fmt.Sprintf("任务「%s」的审核已等待 %s,请 %s 尽快处理。", title, str("waiting"), str("approver")),
			fmt.Sprintf("%q has waited %s for sign-off by %s.", title, str("waiting"), str("approver"))}
	case task.EventReturned:
		return Text{fmt.Sprintf("任务「%s」被退回:%s", title, str("reason")),
			fmt.Sprintf("%q was returned: %s", title, str("reason"))}
	case task.EventClosed:
		return Text{fmt.Sprintf("任务「%s」已销号。", title), fmt.Sprintf("%q is closed out.", title)}
	case task.EventExtensionRequested:
		return Text{fmt.Sprintf("任务「%s」申请延期至 %s:%s", title, m.dateOf(e.Data["deadline"]), str("reason")),
			fmt.Sprintf("%q asks for more time, to %s: %s", title, m.dateOf(e.Data["deadline"]), str("reason"))}
	case task.EventExtensionApproved, task.EventRescheduled:
		return Text{fmt.Sprintf("任务「%s」的截止时间调整为 %s。", title, due),
			fmt.Sprintf("%q is now due %s.", title, due)}
	case task.EventExtensionRejected:
		return Text{fmt.Sprintf("任务「%s」的延期申请未获批准:%s", title, str("reason")),
			fmt.Sprintf("The extension of %q was refused: %s", title, str("reason"))}
	case task.EventReassigned:
		return Text{fmt.Sprintf("任务「%s」已由 %s 转交 %s。", title, str("from"), str("to")),
			fmt.Sprintf("%q moved from %s to %s.", title, str("from"), str("to"))}
	case task.EventUrged:
		note := str("note")
		if note == "" {
			return Text{fmt.Sprintf("催办:%s 催办任务「%s」,截止 %s,请抓紧办理。", oneLine(e.Actor), title, due),
				fmt.Sprintf("%s urges you on %q, due %s.", oneLine(e.Actor), title, due)}
		}
		return Text{fmt.Sprintf("催办:%s 催办任务「%s」,截止 %s:%s", oneLine(e.Actor), title, due, note),
			fmt.Sprintf("%s urges you on %q, due %s: %s", oneLine(e.Actor), title, due, note)}
	case task.EventCancelled:
		return Text{fmt.Sprintf("任务「%s」已取消:%s", title, str("reason")),
			fmt.Sprintf("%q was cancelled: %s", title, str("reason"))}
	}
	return Text{fmt.Sprintf("任务「%s」:%s", title, e.Type), fmt.Sprintf("%q: %s", title, e.Type)}
}

// date shows an instant as a day in the campaign's timezone.
func (m Message) date(t time.Time) string {
	loc := m.Campaign.Timezone
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("2006-01-02")
}

// dateOf shows an event data value (an RFC 3339 string after JSON) as a day.
func (m Message) dateOf(v any) string {
	s, _ := v.(string)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return m.date(t)
}
