package planning

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/converter"
	"golang.org/x/sync/errgroup"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// Rescheduled is a task a calendar change re-planned.
type Rescheduled struct {
	Campaign string    `json:"campaign"`
	Task     string    `json:"task"`
	Deadline time.Time `json:"deadline"`
	Previous time.Time `json:"previous"`
}

// ReplanFailure is a campaign or task a calendar change could not re-plan;
// loading the year again retries it.
type ReplanFailure struct {
	Campaign string `json:"campaign"`
	Task     string `json:"task,omitempty"`
	Error    string `json:"error"`
}

// campaignLister lists the campaigns a calendar change may concern.
type campaignLister interface {
	ListCampaigns(ctx context.Context) ([]store.Campaign, error)
}

// querier is the part of the Temporal client that reads a workflow's state.
type querier interface {
	QueryWorkflow(ctx context.Context, workflowID, runID, queryType string, args ...any) (converter.EncodedValue, error)
}

// replanConcurrency bounds the signals in flight: a provincial campaign has
// thousands of tasks, and each signal is a round trip to Temporal.
const replanConcurrency = 16

// ReplanCalendar re-plans, after the years of calendar name changed in the
// store, every open task of every campaign on that calendar whose schedule
// is not the one the calendar gives now: it runs each campaign's schedule
// again over its open tasks (with their own deadlines, extensions included)
// exactly as an extension does, and signals each moved task its new plan
// with reason, which its workflow records as a rescheduled event.
//
// A task counts as moved when its effective deadline, latest start, a
// milestone or a provisional mark differs from the projection's view of it;
// slack and the critical mark travel with a move but do not make one. A task
// already on the new schedule is left alone, so running this twice signals
// nothing the second time, and running it again after a crash finishes what
// the first run left. It answers once every signalled task has applied its
// plan (a query is answered only after the signal's workflow task), so the
// projection shows the new schedules when it returns.
func (p *Planner) ReplanCalendar(ctx context.Context, name, reason string) ([]Rescheduled, []ReplanFailure, error) {
	lister, ok := p.store.(campaignLister)
	if !ok {
		return nil, nil, errors.New("the planner's store cannot list campaigns")
	}
	campaigns, err := lister.ListCampaigns(ctx)
	if err != nil {
		return nil, nil, err
	}
	var (
		moved    []Rescheduled
		plans    = map[Rescheduled]task.Plan{}
		failures []ReplanFailure
	)
	for _, c := range campaigns {
		var cal string
		if json.Unmarshal(c.Calendar, &cal) != nil || cal != name {
			continue // inline calendars are based on weekdays or none
		}
		got, err := p.movedTasks(ctx, c.ID)
		if err != nil {
			failures = append(failures, ReplanFailure{Campaign: c.ID, Error: err.Error()})
			continue
		}
		for _, m := range got {
			moved = append(moved, m.Rescheduled)
			plans[m.Rescheduled] = m.plan
		}
	}
	var (
		mu   sync.Mutex
		done = make([]bool, len(moved))
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(replanConcurrency)
	for i, m := range moved {
		g.Go(func() error {
			applied, err := p.reschedule(gctx, m, plans[m], reason)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				failures = append(failures, ReplanFailure{Campaign: m.Campaign, Task: m.Task, Error: err.Error()})
			case applied:
				done[i] = true
			}
			return nil
		})
	}
	_ = g.Wait() // every job returns nil: its failure is in failures
	var out []Rescheduled
	for i, m := range moved {
		if done[i] {
			out = append(out, m)
		}
	}
	slices.SortFunc(failures, func(a, b ReplanFailure) int {
		if a.Campaign != b.Campaign {
			return cmp.Compare(a.Campaign, b.Campaign)
		}
		return cmp.Compare(a.Task, b.Task)
	})
	return out, failures, ctx.Err()
}

// movedPlan is a task whose schedule moved, with its new plan.
type movedPlan struct {
	Rescheduled
	plan task.Plan
}

// movedTasks schedules a campaign's open tasks with the calendars as stored
// now and returns those whose schedule moved, in id order.
func (p *Planner) movedTasks(ctx context.Context, campaign string) ([]movedPlan, error) {
	pl, _, err := p.CampaignPlan(ctx, campaign)
	if err != nil {
		return nil, err
	}
	live, err := p.liveTasks(ctx, pl, campaign)
	if err != nil {
		return nil, err
	}
	if len(live.tasks) == 0 {
		return nil, nil
	}
	plans, err := p.schedule(pl, live.tasks)
	if err != nil {
		return nil, err
	}
	var out []movedPlan
	for _, t := range live.tasks {
		v, tp := live.views[t.ID], plans[t.ID]
		if planMoved(v, tp) {
			out = append(out, movedPlan{Rescheduled{Campaign: campaign, Task: t.ID, Deadline: tp.EffectiveDeadline, Previous: v.Deadline}, tp})
		}
	}
	slices.SortFunc(out, func(a, b movedPlan) int { return cmp.Compare(a.Task, b.Task) })
	return out, nil
}

// reschedule signals one task its new plan and waits until its workflow has
// applied it. applied is false when the task finished meanwhile (a finished
// workflow takes no signal, and a closed task keeps its schedule).
func (p *Planner) reschedule(ctx context.Context, m Rescheduled, tp task.Plan, reason string) (applied bool, err error) {
	id := workflows.TaskWorkflowID(m.Campaign, m.Task)
	err = p.signaler.SignalWorkflow(ctx, id, "", workflows.SignalReschedule, task.RescheduleSignal{Plan: tp, Reason: reason})
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("signal %s: %w", id, err)
	}
	if q, ok := p.signaler.(querier); ok {
		// Temporal answers a query only once the workflow task holding the
		// signal completed, and that task wrote the projection.
		if _, err := q.QueryWorkflow(ctx, id, "", workflows.QueryTask); err != nil && !errors.As(err, &notFound) {
			return true, fmt.Errorf("the rescheduled task %s did not answer: %w", id, err)
		}
	}
	return true, nil
}

// planMoved reports whether a plan differs from a task's view in a date or a
// provisional mark.
func planMoved(v task.View, tp task.Plan) bool {
	if !v.Deadline.Equal(tp.EffectiveDeadline) || v.Provisional != tp.Provisional {
		return true
	}
	if (v.LatestStart == nil) != tp.LatestStart.IsZero() || (v.LatestStart != nil && !v.LatestStart.Equal(tp.LatestStart)) {
		return true
	}
	if len(v.Milestones) != len(tp.Milestones) {
		return true
	}
	for i, m := range tp.Milestones {
		o := v.Milestones[i]
		if o.Name != m.Name || !o.Start.Equal(m.Start) || !o.Due.Equal(m.Due) || o.Provisional != m.Provisional {
			return true
		}
	}
	return false
}
