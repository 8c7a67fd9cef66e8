package reconcile

import (
	"context"
	"sync"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// Checking unconfirmed writes (SPEC section 9, docs/projection.md).
//
// A projection write is made inside a workflow task, before it commits. When
// that task never commits and nothing the workflow does later overrules the
// write (the tail phantom: an update lost with its server), the projection
// would show it until the daily pass. So every write leaves a note, dropped
// when the write is known to be committed: taskops drops it when an update
// answers, and this check drops it once the task compares clean with its
// workflow, repairing it first if it does not. Only noted tasks are checked,
// so a pass costs what the few unconfirmed writes cost, not the campaign.

// CheckResult sums up a pass over the unconfirmed writes.
// Unchecked tasks keep their notes for the next pass.
type CheckResult struct {
	Checked int `json:"checked"`
	Findings
}

// CheckOptions choose what a pass over the unconfirmed writes does.
type CheckOptions struct {
	// Before: only writes made before this instant are checked.
	Before time.Time
	// Full compares every noted task with its workflow's committed state.
	// Without it, a write no update made is confirmed from Temporal's
	// description of the workflow alone while it is young (committedByRetry).
	Full bool
	// Report, if set, sees each difference.
	Report func(Difference)
}

// CheckUnconfirmed checks the tasks whose writes made before o.Before are not
// yet confirmed, repairs the differences and drops the notes of the tasks
// that are clean.
func (r *Reconciler) CheckUnconfirmed(ctx context.Context, o CheckOptions) (CheckResult, error) {
	var res CheckResult
	notes, err := r.Store.UnconfirmedWrites(ctx, o.Before, maxNotesAPass)
	if err != nil {
		return res, err
	}
	res.Checked = len(notes)
	out := &collector{into: &res.Findings, report: o.Report}
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallel)
	for _, n := range notes {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			diffs, err := r.checkNote(ctx, n, o.Full)
			if err != nil {
				out.unchecked(n.Campaign+"/"+n.Task, err)
			}
			out.found(diffs)
		})
	}
	wg.Wait()
	return res, ctx.Err()
}

// maxNotesAPass bounds one pass; what is left waits for the next one.
const maxNotesAPass = 2000

// checkNote compares one noted task and drops its note when the task is
// clean, or was repaired and then compared clean. A write made after the
// note was read has a greater fence and keeps its note.
func (r *Reconciler) checkNote(ctx context.Context, n store.UnconfirmedWrite, full bool) ([]Difference, error) {
	if !full && !n.ByUpdate && time.Since(n.At) < describeOnlyFor {
		done, err := r.committedByRetry(ctx, n)
		if err != nil || !done {
			return nil, err // its workflow task is still running: the next pass
		}
		return nil, r.Store.ConfirmChecked(ctx, n.Campaign, n.Task, n.Fence)
	}
	diffs, err := r.task(ctx, store.Campaign{ID: n.Campaign}, n.Task, true)
	if err != nil {
		return diffs, err
	}
	for _, d := range diffs {
		if !d.Repaired && d.Kind != KindNoWorkflow {
			return diffs, nil // the next pass tries again
		}
	}
	return diffs, r.Store.ConfirmChecked(ctx, n.Campaign, n.Task, n.Fence)
}

// describeOnlyFor is how long a write no update made is confirmed from the
// workflow's description alone; past it (a workflow that continued as new,
// whose history length starts again) it gets the full comparison.
const describeOnlyFor = 30 * time.Second

// committedByRetry tells, from Temporal's description of the workflow (one
// cheap call, no replay), whether the workflow task that made a write no
// update made is over: no workflow task pending and the history grown past
// the length the write's fence holds. Such a workflow task rests on a
// persisted event (a start, a timer, a signal), so if it did not commit,
// Temporal ran it again and the retry took the same step and wrote it again
// under a greater fence, moving the note on; a note still at this fence was
// committed.
func (r *Reconciler) committedByRetry(ctx context.Context, n store.UnconfirmedWrite) (bool, error) {
	f, err := task.ParseFence(n.Fence)
	if err != nil {
		return false, nil //nolint:nilerr // a fence of another shape: the full check decides
	}
	desc, err := r.Temporal.DescribeWorkflowExecution(ctx, workflows.TaskWorkflowID(n.Campaign, n.Task), "")
	if err != nil {
		return false, err
	}
	return desc.GetPendingWorkflowTask() == nil && desc.GetWorkflowExecutionInfo().GetHistoryLength() > f.History, nil
}

// WatchUnconfirmed checks, every interval, the writes older than grace that
// are still unconfirmed, until ctx ends. grace is the time a healthy write
// takes to be confirmed (its update answering); what outlives it was made by
// a workflow task that is slow, was lost, or had no caller waiting (a timer,
// a signal). A Temporal outage only makes passes fail; the first pass after
// it checks everything written meanwhile.
func (r *Reconciler) WatchUnconfirmed(ctx context.Context, interval, grace time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		res, err := r.CheckUnconfirmed(ctx, CheckOptions{Before: time.Now().Add(-grace), Report: func(d Difference) {
			r.Log.Warn("unconfirmed projection write differs from its workflow", "difference", d.String())
		}})
		if ctx.Err() != nil {
			return
		}
		if err != nil || len(res.Unchecked) > 0 {
			r.Log.Debug("unconfirmed writes: some not checked", "error", err, "unchecked", len(res.Unchecked))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
