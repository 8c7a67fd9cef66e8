package workflows

import (
	"errors"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// A created task's notices (the owner's assignment) are sent by a local
// activity inside the task's first workflow task, not by an activity of
// their own. An activity costs the history service four more writes per
// task (scheduled, started, completed, and the workflow task that takes the
// result), which at creation is more than the start itself: creating tasks
// and importing campaigns ran at a third of bare workflow starts because of
// it (docs/performance.md).
//
// This is safe only because the cause is already durable: the start of the
// workflow is persisted before its first workflow task runs, so a notice sent
// from a workflow task that never commits is sent again by the next attempt,
// never about something that did not happen. The Notify activity records each
// delivery in the store, so that second attempt finds it delivered and sends
// nothing. Actions' notices stay activities: an update whose workflow task
// never commits may never be accepted, and a notice sent for it would be a
// phantom no one can take back.
//
// One quick try: a slow or failing channel must not hold up creation, so
// after one attempt the ordinary activity, with its retries and its
// notification_failed event, takes over.
var inlineNoticeOptions = workflow.LocalActivityOptions{
	ScheduleToCloseTimeout: 5 * time.Second,
	RetryPolicy:            &temporal.RetryPolicy{MaximumAttempts: 1},
}

// notifyInline sends a creation notice as a local activity, falling back to
// notify when that one try fails.
func (w *taskRun) notifyInline(ctx workflow.Context, tk task.View, ev task.Event, n task.Notice) {
	w.inflight++
	workflow.Go(ctx, func(ctx workflow.Context) {
		defer func() { w.inflight-- }()
		msg := noticeMessage(tk, ev, n)
		var res task.NotifyResult
		err := workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(ctx, inlineNoticeOptions), ActivityNotify, msg).Get(ctx, &res)
		if err == nil {
			w.hold(msg, n.Target, res)
			return
		}
		if temporal.IsCanceledError(err) {
			return
		}
		w.logger.Warn("creation notice: first try failed, retrying as an activity", "seq", ev.Seq, "error", rootMessage(err))
		// A channel that asked to be left alone for a while (Slack's 429
		// Retry-After) is, before the activity's first attempt.
		var app *temporal.ApplicationError
		if errors.As(err, &app) && app.NextRetryDelay() > 0 {
			if err := workflow.Sleep(ctx, app.NextRetryDelay()); err != nil {
				return
			}
		}
		w.notify(ctx, tk, ev, n)
	})
}
