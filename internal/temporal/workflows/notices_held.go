package workflows

import (
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/sdk/workflow"
)

// The workflow's half of held notifications (quiet.go has the rules): record
// what the Notify activity held, and send it again when it is due.

// hold records what the activity held of msg and wakes the loop, whose next
// wake may now be the end of someone's quiet hours. A released message is
// delivered whatever the hour, so an answer holding it again is a notifier
// bug; it is logged rather than held round and round.
func (w *taskRun) hold(msg task.Notification, target time.Time, res task.NotifyResult) {
	if len(res.Held) == 0 {
		return
	}
	if msg.Released {
		w.logger.Warn("a released notification was held again; not holding it", "seq", msg.Event.Seq, "to", msg.To)
		return
	}
	if w.state.Hold(msg, target, res) {
		w.heldChanged++
	}
}

// releaseHeld sends each held notification that is due to its recipient
// alone, marked Released, with the task as it is now; one that is no longer
// worth sending (a reminder for a deadline gone by) is dropped.
func (w *taskRun) releaseHeld(ctx workflow.Context, now time.Time) {
	send, dropped := w.state.TakeHeld(now)
	for _, h := range dropped {
		w.logger.Info("held notification dropped: no longer current", "seq", h.Event.Seq, "type", h.Event.Type, "to", h.To)
	}
	if len(send) == 0 {
		return
	}
	tk := w.state.View(now)
	for _, h := range send {
		w.send(ctx, task.Notification{Task: tk, Event: h.Event, To: []string{h.To}, Holdable: true, Released: true}, h.Target)
	}
}
