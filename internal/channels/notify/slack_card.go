package notify

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/slack-go/slack"

	"github.com/closeout/closeout/internal/platform/store"
)

// card is what every Slack message about a task shows of the task as it is
// now: a state line under the message's own content, and the sign-off buttons
// on the one request still waiting for its approver. Older requests lose
// their buttons, so nobody signs off from an outdated message.
type card struct {
	task  task.View
	state string
	// live is the event seq of the approval request whose buttons work, 0
	// when no request is waiting.
	live int64
}

func newCard(tk task.View, events []task.Event, messages []store.SlackMessage) card {
	c := card{task: tk, state: stateLine(tk, events)}
	if tk.Status != task.StatusSubmitted {
		return c
	}
	// Only a request made since the latest submission shows what is waiting.
	var submitted int64
	for _, e := range events {
		if e.Type == task.EventSubmitted {
			submitted = e.Seq
		}
	}
	for _, m := range messages {
		if m.Kind == store.SlackKindApproval && m.Person == tk.CurrentApprover && m.Seq >= submitted && m.Seq > c.live {
			c.live = m.Seq
		}
	}
	return c
}

func (c card) isLive(m store.SlackMessage) bool {
	return c.live != 0 && m.Kind == store.SlackKindApproval && m.Seq == c.live && m.Person == c.task.CurrentApprover
}

// shown is what a message displays of the task, to skip updates that would
// change nothing.
func (c card) shown(m store.SlackMessage) string {
	if c.isLive(m) {
		return c.state + " [sign-off buttons]"
	}
	return c.state
}

// blocks are the message's own content, the state line and, on the live
// request, the buttons.
func (c card) blocks(m store.SlackMessage) ([]slack.Block, error) {
	var body slack.Blocks
	if err := json.Unmarshal([]byte(m.Body), &body); err != nil {
		return nil, fmt.Errorf("slack message %s/%s#%d: %w", m.Campaign, m.Task, m.Seq, err)
	}
	blocks := append(body.BlockSet, slack.NewContextBlock("", mrkdwn(escape(c.state))))
	if c.isLive(m) {
		blocks = append(blocks, signOffButtons(SignOffRef{Campaign: c.task.Campaign, Task: c.task.ID, Attempt: c.task.Attempt}))
	}
	return blocks, nil
}

// stateLine says where the task stands and who put it there, in both
// languages: "✅ 已销号 closed out by wang".
func stateLine(t task.View, events []task.Event) string {
	switch t.Status {
	case task.StatusClosed:
		by := actorOf(lastOf(events, task.EventClosed))
		line := "✅ 已销号 closed out" + byWhom(by)
		if t.ClosedOnTime != nil && !*t.ClosedOnTime {
			line += " · 逾期 late"
		}
		return line
	case task.StatusCancelled:
		e := lastOf(events, task.EventCancelled)
		return "✖️ 已取消 cancelled" + byWhom(actorOf(e)) + reasonOf(e)
	case task.StatusSubmitted:
		step := slices.Index(t.Approvers, t.CurrentApprover) + 1
		return fmt.Sprintf("⏳ 待 %s 审核 waiting for sign-off by %s (%d/%d)", t.CurrentApprover, t.CurrentApprover, step, len(t.Approvers))
	}
	if e := lastOf(events, task.EventSubmitted, task.EventReturned); e != nil && e.Type == task.EventReturned {
		return fmt.Sprintf("↩️ 已退回 returned%s%s · 第 %d 次办理 open again, attempt %d", byWhom(e.Actor), reasonOf(e), t.Attempt, t.Attempt)
	}
	line := lightMark(t.Light) + " 办理中 open"
	if t.EscalationLevel > 0 {
		line += fmt.Sprintf(" · 督办第 %d 级 escalation level %d", t.EscalationLevel, t.EscalationLevel)
	}
	return line
}

// lastOf is the latest event of one of the types, or nil.
func lastOf(events []task.Event, types ...string) *task.Event {
	for i := len(events) - 1; i >= 0; i-- {
		if slices.Contains(types, events[i].Type) {
			return &events[i]
		}
	}
	return nil
}

func actorOf(e *task.Event) string {
	if e == nil || e.Actor == task.SystemActor {
		return ""
	}
	return e.Actor
}

func byWhom(actor string) string {
	if actor == "" {
		return ""
	}
	return " by " + actor
}

func reasonOf(e *task.Event) string {
	if e == nil {
		return ""
	}
	if r, _ := e.Data["reason"].(string); r != "" {
		return ": " + r
	}
	return ""
}

func lightMark(l task.Light) string {
	switch l {
	case task.LightRed:
		return "🔴"
	case task.LightYellow:
		return "🟡"
	}
	return "🟢"
}
