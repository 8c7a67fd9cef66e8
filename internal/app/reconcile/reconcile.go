// Package reconcile compares the projection with the task workflows and
// repairs what differs (SPEC section 9). The workflows are the truth: each
// task's committed state comes from its QueryProjection, which Temporal
// answers from committed history, for a running task and a finished one alike.
//
// A live projection moves while it is compared, so a difference is only
// reported once it persists across a few looks: a write in flight is not a
// difference, a write that no committed workflow task made is.
package reconcile

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// Store is the part of the projection reconciliation reads and repairs.
type Store interface {
	ListCampaigns(ctx context.Context) ([]store.Campaign, error)
	TaskIDs(ctx context.Context, campaign string) ([]string, error)
	StoredTask(ctx context.Context, campaign, id string) (store.StoredTask, error)
	RollupDrift(ctx context.Context, campaign string) ([]store.GroupCount, error)
	RecountRollup(ctx context.Context, campaign string) error
	RepairFinishedTask(ctx context.Context, w task.ProjectionWrite) error
	// The notes of writes not yet known to be committed (unconfirmed.go).
	UnconfirmedWrites(ctx context.Context, before time.Time, limit int) ([]store.UnconfirmedWrite, error)
	ConfirmChecked(ctx context.Context, campaign, task, fence string) error
}

// Reconciler compares and repairs.
type Reconciler struct {
	Store    Store
	Temporal client.Client
	Log      *slog.Logger
	// Settle is how long a difference may take to go away on its own (a
	// write in flight) before it counts; default 2 s.
	Settle time.Duration
}

// Options choose what to reconcile.
type Options struct {
	Campaign string // "" for every campaign
	Repair   bool
	// Report, if set, is called with each difference as it is found.
	Report func(Difference)
}

// Result sums up a pass.
type Result struct {
	Tasks int `json:"tasks"`
	Findings
}

// Findings are what a pass found, repaired and could not check.
type Findings struct {
	Differences []Difference `json:"differences"`
	Repaired    int          `json:"repaired"`
	// Unchecked are the tasks that could not be compared (the database or
	// Temporal did not answer), each with why: a later pass checks them.
	Unchecked []string `json:"unchecked,omitempty"`
}

// collector adds to Findings from the goroutines of a pass, and shows each
// difference to report (if set) as it comes.
type collector struct {
	mu     sync.Mutex
	into   *Findings
	report func(Difference)
}

func (c *collector) found(diffs []Difference) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, d := range diffs {
		c.into.Differences = append(c.into.Differences, d)
		if d.Repaired {
			c.into.Repaired++
		}
		if c.report != nil {
			c.report(d)
		}
	}
}

func (c *collector) unchecked(what string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.into.Unchecked = append(c.into.Unchecked, what+": "+err.Error())
}

// parallel is how many tasks are compared at once: a pass after a crash
// should be over in seconds, and each comparison mostly waits.
const parallel = 8

// Run reconciles the chosen campaigns. A task that cannot be compared is
// listed in Unchecked and the pass goes on; only failing to list the
// campaigns or their tasks ends it with an error.
func (r *Reconciler) Run(ctx context.Context, o Options) (Result, error) {
	var res Result
	campaigns, err := r.campaigns(ctx, o.Campaign)
	if err != nil {
		return res, err
	}
	out := &collector{into: &res.Findings, report: o.Report}
	for _, c := range campaigns {
		ids, err := r.Store.TaskIDs(ctx, c.ID)
		if err != nil {
			return res, err
		}
		res.Tasks += len(ids)
		var wg sync.WaitGroup
		sem := make(chan struct{}, parallel)
		for _, id := range ids {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				diffs, err := r.task(ctx, c, id, o.Repair)
				if err != nil {
					out.unchecked(c.ID+"/"+id, err)
				}
				out.found(diffs)
			})
		}
		wg.Wait()
		diffs, err := r.rollup(ctx, c.ID, o.Repair)
		if err != nil {
			out.unchecked(c.ID+" rollup", err)
		}
		out.found(diffs)
	}
	return res, ctx.Err()
}

func (r *Reconciler) campaigns(ctx context.Context, only string) ([]store.Campaign, error) {
	all, err := r.Store.ListCampaigns(ctx)
	if err != nil || only == "" {
		return all, err
	}
	for _, c := range all {
		if c.ID == only {
			return []store.Campaign{c}, nil
		}
	}
	return nil, fmt.Errorf("no campaign %s", only)
}

// look is one comparison of a task with its workflow.
type look struct {
	want     task.ProjectionState
	got      store.StoredTask
	stored   bool // the projection has the task
	workflow bool // the workflow exists
	finished bool // the workflow has ended
	kinds    []string
}

// task compares one task, looking again while the differences may be a write
// in flight, and repairs what stays.
func (r *Reconciler) task(ctx context.Context, c store.Campaign, id string, repair bool) ([]Difference, error) {
	var l look
	err := r.untilSettled(ctx, func() (clean bool, err error) {
		l, err = r.look(ctx, c.ID, id)
		return len(l.kinds) == 0, err
	})
	if err != nil {
		return nil, err
	}
	if !l.workflow && c.Status == store.CampaignImporting {
		return nil, nil // the import starts it yet
	}
	var out []Difference
	for _, k := range l.kinds {
		out = append(out, Difference{Campaign: c.ID, Task: id, Kind: kindOf(k), Detail: k})
	}
	if len(out) == 0 || !repair || !l.workflow {
		return out, nil
	}
	if err := r.repair(ctx, l); err != nil {
		r.Log.Warn("repair failed", "campaign", c.ID, "task", id, "error", err)
		return out, nil
	}
	// A repair counts once the task compares clean.
	for wait := 50 * time.Millisecond; wait < 5*time.Second; wait *= 2 {
		again, err := r.look(ctx, c.ID, id)
		if err != nil {
			return nil, err
		}
		if len(again.kinds) == 0 {
			for i := range out {
				out[i].Repaired = true
			}
			break
		}
		if !sleep(ctx, wait) {
			return out, ctx.Err()
		}
	}
	return out, nil
}

func (r *Reconciler) look(ctx context.Context, campaign, id string) (look, error) {
	var l look
	// The workflow first: a write it committed before the query is in the
	// projection by the time the projection is read.
	want, finished, err := r.query(ctx, campaign, id)
	var nf *serviceerror.NotFound
	switch {
	case errors.As(err, &nf):
	case err != nil:
		return l, err
	default:
		l.want, l.workflow, l.finished = want, true, finished
	}
	got, err := r.Store.StoredTask(ctx, campaign, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return l, err
	default:
		l.got, l.stored = got, true
	}
	switch {
	case !l.workflow:
		l.kinds = []string{KindNoWorkflow + ": the projection has the task, Temporal has no workflow " + workflows.TaskWorkflowID(campaign, id)}
	case !l.stored:
		l.kinds = []string{KindMissing + ": the workflow exists, the projection has no row"}
	default:
		l.kinds = compare(l.want, l.got)
	}
	return l, nil
}

// query asks the task's latest run for its committed projection state.
func (r *Reconciler) query(ctx context.Context, campaign, id string) (task.ProjectionState, bool, error) {
	var ps task.ProjectionState
	// A workflow whose task is held up (its projection write waits for the
	// database) answers once the task completes; do not wait for ever.
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	wid := workflows.TaskWorkflowID(campaign, id)
	desc, err := r.Temporal.DescribeWorkflowExecution(ctx, wid, "")
	if err != nil {
		return ps, false, err
	}
	info := desc.GetWorkflowExecutionInfo()
	v, err := r.Temporal.QueryWorkflow(ctx, wid, info.GetExecution().GetRunId(), workflows.QueryProjection)
	if err != nil {
		return ps, false, err
	}
	if err := v.Get(&ps); err != nil {
		return ps, false, err
	}
	return ps, info.GetCloseTime() != nil, nil
}

// repair makes the projection show the committed state again. A running
// task rewrites itself under a fresh fence (SignalResync), so the repair is
// ordered with its other writes; a finished one can no longer write, and no
// write of its can race, so its committed state is written directly.
func (r *Reconciler) repair(ctx context.Context, l look) error {
	t := l.want.Task
	want := l.want
	if !l.finished {
		err := r.Temporal.SignalWorkflow(ctx, workflows.TaskWorkflowID(t.Campaign, t.ID), "", workflows.SignalResync, nil)
		var nf *serviceerror.NotFound
		if !errors.As(err, &nf) {
			return err
		}
		// It ended since it was looked at: its committed end is final now.
		var finished bool
		if want, finished, err = r.query(ctx, t.Campaign, t.ID); err != nil {
			return err
		}
		if !finished {
			return fmt.Errorf("task %s/%s neither running nor ended", t.Campaign, t.ID)
		}
	}
	return r.Store.RepairFinishedTask(ctx, task.ProjectionWrite{Task: want.Task, Events: want.Recent, Fence: want.Fence})
}

func (r *Reconciler) rollup(ctx context.Context, campaign string, repair bool) ([]Difference, error) {
	var drift []store.GroupCount
	err := r.untilSettled(ctx, func() (clean bool, err error) {
		drift, err = r.Store.RollupDrift(ctx, campaign)
		return len(drift) == 0, err
	})
	if err != nil {
		return nil, err
	}
	var out []Difference
	for _, g := range drift {
		out = append(out, Difference{Campaign: campaign, Kind: KindRollup,
			Detail: fmt.Sprintf("%s: counter %d, recount %d", g.Group, g.Kept, g.Counted)})
	}
	if len(out) > 0 && repair {
		if err := r.Store.RecountRollup(ctx, campaign); err != nil {
			return out, err
		}
		for i := range out {
			out[i].Repaired = true
		}
	}
	return out, nil
}

// untilSettled runs compare until it comes out clean or Settle has passed,
// looking again at growing intervals: what a write in flight makes differ
// goes away on its own, what no committed write made stays.
func (r *Reconciler) untilSettled(ctx context.Context, compare func() (bool, error)) error {
	deadline := time.Now().Add(r.settle())
	for wait := 50 * time.Millisecond; ; wait *= 2 {
		clean, err := compare()
		if err != nil || clean || time.Now().After(deadline) {
			return err
		}
		if !sleep(ctx, wait) {
			return ctx.Err()
		}
	}
}

func (r *Reconciler) settle() time.Duration {
	if r.Settle > 0 {
		return r.Settle
	}
	return 2 * time.Second
}

// kindOf is the kind a comparison line starts with.
func kindOf(line string) string {
	for i := range len(line) {
		if line[i] == ':' {
			return line[:i]
		}
	}
	return line
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
