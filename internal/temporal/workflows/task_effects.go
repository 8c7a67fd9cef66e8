package workflows

import (
	"cmp"
	"errors"
	"slices"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// withLocalOptions is for projection writes and re-planning: quick database
// work done inside the workflow task, retried until it succeeds, so an action
// is answered only once it is visible and a database outage delays rather
// than loses it. ScheduleToClose is set on purpose: left out, it would be
// StartToClose, and an outage of more than ten seconds would end the retries.
func withLocalOptions(ctx workflow.Context) workflow.Context {
	return workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout:    10 * time.Second,
		ScheduleToCloseTimeout: 7 * 24 * time.Hour,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:        100 * time.Millisecond,
			BackoffCoefficient:     2,
			MaximumInterval:        time.Minute,
			NonRetryableErrorTypes: []string{task.ErrTypeInvalid},
		},
	})
}

// notifyOptions bound how long a notification is retried (about 20 minutes);
// after that it is recorded as failed. A 429 sets its own next retry delay.
var notifyOptions = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Second,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    5 * time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    5 * time.Minute,
		MaximumAttempts:    8,
	},
}

// commit bumps the version, writes the task and its new events to the
// projection, then starts the notifications. Events of a write that could not
// be done (only cancellation stops the retries) are kept for the next one, so
// the log stays gap-free.
func (w *taskRun) commit(ctx workflow.Context, e task.Effects) task.View {
	return w.commitWrite(ctx, e, false)
}

// commitUpdate is commit for an update's handler: its write is marked
// ByUpdate, the kind only the update's answer or a check confirms.
func (w *taskRun) commitUpdate(ctx workflow.Context, e task.Effects) task.View {
	return w.commitWrite(ctx, e, true)
}

func (w *taskRun) commitWrite(ctx workflow.Context, e task.Effects, byUpdate bool) task.View {
	now := workflow.Now(ctx)
	w.state.UpdatedAt = now
	w.remember(e.Events)
	write := w.project(ctx, append(w.pending, e.Events...), byUpdate)
	w.tellParent(ctx)
	for _, n := range e.Notices {
		for _, ev := range e.Events {
			switch {
			case ev.Seq != n.Seq:
			case w.inlineNotices:
				w.notifyInline(ctx, write.Task, ev, n)
			default:
				w.notify(ctx, write.Task, ev, n)
			}
		}
	}
	return write.Task
}

// project writes the task as it is now, with events, under a new version and
// fence. Events whose write failed are kept in pending for the next write.
func (w *taskRun) project(ctx workflow.Context, events []task.Event, byUpdate bool) task.ProjectionWrite {
	w.state.Version++
	fence := w.fenceNow(ctx, w.state.Version).String()
	w.state.LastFence = fence
	w.state.WrittenAt = workflow.Now(ctx)
	write := task.ProjectionWrite{Task: w.state.View(w.state.WrittenAt), Events: events, Fence: fence, ByUpdate: byUpdate}
	w.pending = nil
	if err := workflow.ExecuteLocalActivity(withLocalOptions(ctx), ActivityProjectTask, write).Get(ctx, nil); err != nil {
		w.logger.Error("projection write failed", "error", err)
		w.pending = append(write.Events, w.pending...)
	}
	return write
}

// resync writes the task again as the workflow knows it, with the events this
// run remembers, under a fresh fence: reconciliation's repair. The fence
// overrules whatever an abandoned workflow task left in the projection.
func (w *taskRun) resync(ctx workflow.Context) {
	events := append([]task.Event(nil), w.pending...)
	for _, ev := range w.recent {
		if len(w.pending) == 0 || ev.Seq < w.pending[0].Seq {
			events = append(events, ev)
		}
	}
	slices.SortFunc(events, func(a, b task.Event) int { return cmp.Compare(a.Seq, b.Seq) })
	w.project(ctx, events, false)
}

// notify sends one notification in the background: a slow or failing channel
// never holds up the task.
func (w *taskRun) notify(ctx workflow.Context, task task.View, ev task.Event, n task.Notice) {
	w.send(ctx, noticeMessage(task, ev, n), n.Target)
}

func noticeMessage(tk task.View, ev task.Event, n task.Notice) task.Notification {
	return task.Notification{Task: tk, Event: ev, To: n.To, Channel: n.Channel, Holdable: n.Holdable}
}

// send runs the Notify activity for msg in the background. What it held for
// quiet hours goes into the task's state (quiet.go); a failure after every
// retry becomes an event. A Notify that answers nothing (as every one did
// before quiet hours, and as recorded histories have it) held nothing.
func (w *taskRun) send(ctx workflow.Context, msg task.Notification, target time.Time) {
	w.inflight++
	workflow.Go(ctx, func(ctx workflow.Context) {
		defer func() { w.inflight-- }()
		var res task.NotifyResult
		err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, notifyOptions), ActivityNotify, msg).Get(ctx, &res)
		if err == nil {
			w.hold(msg, target, res)
			return
		}
		if temporal.IsCanceledError(err) {
			return
		}
		var e task.Effects
		w.state.Emit(&e, workflow.Now(ctx), task.SystemActor, task.EventNotificationFailed, map[string]any{
			"for_seq": msg.Event.Seq, "type": msg.Event.Type, "to": msg.To, "error": rootMessage(err),
		}, nil, false)
		w.commit(ctx, e)
	})
}

// rootMessage is the innermost error message: the notifier's own words, not
// the activity wrapper's.
func rootMessage(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// ruleToApp turns a RuleError into the ApplicationError a caller can inspect
// (type and, in details, the field). Other errors pass through.
func ruleToApp(err error) error {
	var re *task.RuleError
	if !errors.As(err, &re) {
		return err
	}
	return temporal.NewApplicationErrorWithOptions(re.Message, re.Type, temporal.ApplicationErrorOptions{
		NonRetryable: true,
		Details:      []any{*re},
	})
}
