package reconcile

import (
	"context"
	"sync"
	"time"

	"github.com/closeout/closeout/store"
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
type CheckResult struct {
	Checked     int          `json:"checked"`
	Differences []Difference `json:"differences"`
	Repaired    int          `json:"repaired"`
	// Unchecked are the tasks that could not be compared this time (Temporal
	// or the database did not answer): their notes stay for the next pass.
	Unchecked []string `json:"unchecked,omitempty"`
}

// CheckUnconfirmed compares each task with a write made before before that is
// not yet confirmed, repairs the differences and drops the notes of the tasks
// that compare clean. Report, if set, sees each difference.
func (r *Reconciler) CheckUnconfirmed(ctx context.Context, before time.Time, report func(Difference)) (CheckResult, error) {
	var res CheckResult
	notes, err := r.Store.UnconfirmedWrites(ctx, before, maxNotesAPass)
	if err != nil {
		return res, err
	}
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sem = make(chan struct{}, parallel)
	)
	for _, n := range notes {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			diffs, err := r.checkNote(ctx, n)
			mu.Lock()
			defer mu.Unlock()
			res.Checked++
			if err != nil {
				res.Unchecked = append(res.Unchecked, n.Campaign+"/"+n.Task+": "+err.Error())
			}
			for _, d := range diffs {
				res.Differences = append(res.Differences, d)
				if d.Repaired {
					res.Repaired++
				}
				if report != nil {
					report(d)
				}
			}
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
func (r *Reconciler) checkNote(ctx context.Context, n store.UnconfirmedWrite) ([]Difference, error) {
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
		res, err := r.CheckUnconfirmed(ctx, time.Now().Add(-grace), func(d Difference) {
			r.Log.Warn("unconfirmed projection write differs from its workflow", "difference", d.String())
		})
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
