package workflows

import (
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/workflow"
)

// DefaultMaxUpdatesPerRun is how many actions a task run accepts before it
// continues as new: far below the server's cap of 2,000 updates per execution.
const DefaultMaxUpdatesPerRun = 500

// TaskWorkflow is the durable life of one task: its timers, its escalation
// ladder and its sign-off. It ends when the task is closed or cancelled.
func TaskWorkflow(ctx workflow.Context, in TaskInput) (task.View, error) {
	w := &taskRun{maxUpdates: in.MaxUpdatesPerRun}
	if w.maxUpdates <= 0 {
		w.maxUpdates = DefaultMaxUpdatesPerRun
	}
	w.logger = log.With(workflow.GetLogger(ctx), "campaign", in.Spec.Campaign, "task", in.Spec.ID)
	// The state exists before any handler is registered: registering a handler
	// runs the validators of updates that arrived with the start at once.
	var created task.Effects
	if in.State == nil {
		w.state, created = task.NewTaskState(in.Spec, workflow.Now(ctx))
	} else {
		w.state = in.State
	}
	// Before any handler: an update that came with the start runs at setup.
	w.separateDuties = workflow.GetVersion(ctx, versionSeparateDuties, workflow.DefaultVersion, 1) >= 1
	if err := w.setup(ctx); err != nil {
		return task.View{}, err
	}
	return w.run(ctx, in, created)
}

// taskRun is one run of the task workflow (a continue-as-new starts another).
type taskRun struct {
	state      *task.State
	pending    []task.Event // events whose projection write failed, kept for the next one
	recent     []task.Event // the latest events of this run (log_hash.go)
	ready      bool         // the task is in the projection
	inflight   int          // notifications still being sent
	updates    int          // actions accepted in this run
	maxUpdates int
	logger     log.Logger
	timer      *wakeTimer // the timer for the state's next wake, if any
	// inlineNotices: the commit under way sends its notices as local
	// activities (only the creation's, see notices_inline.go).
	inlineNotices bool
	// heldChanged counts changes to the held notifications, so the loop
	// wakes to aim its timer at the end of a recipient's quiet hours.
	heldChanged int
	// separateDuties: the handlers apply the separation of duties
	// (separation.go); false in runs begun before it.
	separateDuties bool
}

// wakeTimer is a timer the loop keeps while its target stays the next wake:
// an action that does not move the next deadline does not cost a timer.
type wakeTimer struct {
	at     time.Time
	fired  workflow.Future
	cancel workflow.CancelFunc
}

// armTimer makes sure a timer is set for next (zero: none), reusing the
// current one when it already aims there.
func (w *taskRun) armTimer(ctx workflow.Context, now, next time.Time) {
	if t := w.timer; t != nil && !t.fired.IsReady() {
		if t.at.Equal(next) {
			return
		}
		t.cancel()
	}
	w.timer = nil
	if next.IsZero() {
		return
	}
	tctx, cancel := workflow.WithCancel(ctx)
	w.timer = &wakeTimer{at: next, fired: workflow.NewTimer(tctx, max(next.Sub(now), time.Millisecond)), cancel: cancel}
}

func (w *taskRun) timerFired() bool { return w.timer != nil && w.timer.fired.IsReady() }

func (w *taskRun) run(ctx workflow.Context, in TaskInput, created task.Effects) (task.View, error) {
	if in.State == nil {
		w.inlineNotices = in.InlineNotices
		w.commit(ctx, created)
		w.inlineNotices = false
	}
	w.ready = true
	reschedules := workflow.GetSignalChannel(ctx, SignalReschedule)
	resyncs := workflow.GetSignalChannel(ctx, SignalResync)
	children := workflow.GetSignalChannel(ctx, SignalChild)

	for !w.state.Status.Terminal() {
		if w.drainReschedules(ctx) || w.drainChildren(ctx) {
			continue
		}
		if resyncs.ReceiveAsync(nil) {
			for resyncs.ReceiveAsync(nil) {
			}
			w.resync(ctx)
			continue
		}
		now := workflow.Now(ctx)
		if e := w.state.Tick(now); e.Changed {
			w.commit(ctx, e)
			continue // the commit blocked; look at the clock again
		}
		w.releaseHeld(ctx, now)
		if w.continueAsNewDue(ctx) {
			return task.View{}, w.continueAsNew(ctx, in)
		}
		next, _ := w.state.NextWake(now)
		w.armTimer(ctx, now, next)
		version, held := w.state.Version, w.heldChanged
		// Signals are read here rather than by a coroutine of their own: a
		// sleeping task then costs one goroutine in the worker's cache, not two.
		if err := workflow.Await(ctx, func() bool {
			return w.timerFired() || w.state.Version != version || w.state.Status.Terminal() ||
				w.heldChanged != held ||
				w.continueAsNewDue(ctx) || reschedules.Len() > 0 || resyncs.Len() > 0 || children.Len() > 0
		}); err != nil {
			return task.View{}, err
		}
	}
	if err := w.finish(ctx, resyncs); err != nil {
		return task.View{}, err
	}
	return w.state.View(workflow.Now(ctx)), nil
}

// finish waits, once the task is closed or cancelled, for the handler that
// ended it to answer, the last notifications to report their outcome and
// the notifications held for quiet hours to go out (its only timer); until
// then the task still answers reconciliation's resync. With nothing held it
// stops the timer and waits, as runs did before quiet hours.
func (w *taskRun) finish(ctx workflow.Context, resyncs workflow.ReceiveChannel) error {
	quiet := w.quiet(ctx)
	done := func() bool { return quiet() && len(w.state.Held) == 0 }
	for {
		now := workflow.Now(ctx)
		w.releaseHeld(ctx, now)
		next, _ := w.state.NextWake(now) // only held notifications, now
		w.armTimer(ctx, now, next)
		held := w.heldChanged
		if err := workflow.Await(ctx, func() bool {
			return done() || resyncs.Len() > 0 || w.timerFired() || w.heldChanged != held
		}); err != nil {
			return err
		}
		if resyncs.ReceiveAsync(nil) {
			for resyncs.ReceiveAsync(nil) {
			}
			w.resync(ctx)
			continue
		}
		if done() {
			return nil
		}
	}
}

func (w *taskRun) continueAsNewDue(ctx workflow.Context) bool {
	return w.updates >= w.maxUpdates || workflow.GetInfo(ctx).GetContinueAsNewSuggested()
}

// continueAsNew hands the whole state to a fresh run once nothing is in flight,
// keeping the history short without losing an accepted action.
func (w *taskRun) continueAsNew(ctx workflow.Context, in TaskInput) error {
	for {
		if err := workflow.Await(ctx, w.quiet(ctx)); err != nil {
			return err
		}
		if !w.drainReschedules(ctx) && !w.drainChildren(ctx) {
			break
		}
	}
	w.logger.Info("continuing as new", "seq", w.state.Seq, "updates", w.updates)
	w.state.Run++ // the next run's writes outrank all of this one's (fence.go)
	next := TaskInput{Spec: w.state.Spec, State: w.state, MaxUpdatesPerRun: in.MaxUpdatesPerRun}
	return workflow.NewContinueAsNewError(ctx, TaskWorkflowName, next)
}

// quiet is true when no handler, notification or projection write is pending.
func (w *taskRun) quiet(ctx workflow.Context) func() bool {
	return func() bool {
		return workflow.AllHandlersFinished(ctx) && w.inflight == 0 && len(w.pending) == 0
	}
}

// drainReschedules applies the re-plans that arrived (a continue-as-new
// drains them too, so none is dropped). It reports whether it applied any.
func (w *taskRun) drainReschedules(ctx workflow.Context) bool {
	ch := workflow.GetSignalChannel(ctx, SignalReschedule)
	drained := false
	var sig task.RescheduleSignal
	for ch.ReceiveAsync(&sig) {
		w.commit(ctx, w.state.Replan(sig, workflow.Now(ctx)))
		drained = true
	}
	return drained
}
