package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// withLocalOptions is for projection writes and re-planning: quick database
// work done inside the workflow task, retried until it succeeds, so an action
// is answered only once it is visible and a database outage delays rather
// than loses it.
func withLocalOptions(ctx workflow.Context) workflow.Context {
	return workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:        100 * time.Millisecond,
			BackoffCoefficient:     2,
			MaximumInterval:        time.Minute,
			NonRetryableErrorTypes: []string{ErrTypeInvalid},
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
func (w *taskRun) commit(ctx workflow.Context, e Effects) TaskView {
	now := workflow.Now(ctx)
	w.state.Version++
	w.state.UpdatedAt = now
	write := ProjectionWrite{Task: w.state.View(now), Events: append(w.pending, e.Events...)}
	w.pending = nil
	if err := workflow.ExecuteLocalActivity(withLocalOptions(ctx), ActivityProjectTask, write).Get(ctx, nil); err != nil {
		w.logger.Error("projection write failed", "error", err)
		w.pending = append(write.Events, w.pending...)
	}
	for _, n := range e.Notices {
		for _, ev := range e.Events {
			if ev.Seq == n.Seq {
				w.notify(ctx, write.Task, ev, n)
			}
		}
	}
	return write.Task
}

// notify sends one notification in the background: a slow or failing channel
// never holds up the task. A failure after every retry becomes an event.
func (w *taskRun) notify(ctx workflow.Context, task TaskView, ev Event, n Notice) {
	w.inflight++
	workflow.Go(ctx, func(ctx workflow.Context) {
		defer func() { w.inflight-- }()
		msg := Notification{Task: task, Event: ev, To: n.To, Channel: n.Channel}
		err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, notifyOptions), ActivityNotify, msg).Get(ctx, nil)
		if err == nil || temporal.IsCanceledError(err) {
			return
		}
		var e Effects
		w.state.emit(&e, workflow.Now(ctx), SystemActor, EventNotificationFailed, map[string]any{
			"for_seq": ev.Seq, "type": ev.Type, "to": n.To, "error": rootMessage(err),
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
	var re *RuleError
	if !errors.As(err, &re) {
		return err
	}
	return temporal.NewApplicationErrorWithOptions(re.Message, re.Type, temporal.ApplicationErrorOptions{
		NonRetryable: true,
		Details:      []any{*re},
	})
}
