// Package planning turns plans into task workflows' specs and keeps them
// planned: it runs the reverse scheduler over a campaign when it is imported,
// when a task is added, and when a deadline moves, and tells the tasks whose
// effective deadlines changed.
package planning

import (
	"slices"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/i18n"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/reverse"
)

// Specs converts every task of a scheduled plan into the spec its workflow
// starts from, in plan order: dispatched children too, each right after its
// parent (plan.Plan.Tasks).
func Specs(p *plan.Plan, res reverse.Result) ([]task.Spec, error) {
	byID := make(map[string]reverse.TaskSchedule, len(res.Tasks))
	for _, ts := range res.Tasks {
		byID[ts.ID] = ts
	}
	tasks := p.Tasks()
	out := make([]task.Spec, 0, len(tasks))
	for _, t := range tasks {
		spec, err := Spec(p, t, byID[t.ID])
		if err != nil {
			return nil, err
		}
		out = append(out, spec)
	}
	return out, nil
}

// Spec is one task's workflow spec under its schedule.
func Spec(p *plan.Plan, t plan.Task, ts reverse.TaskSchedule) (task.Spec, error) {
	tp, err := TaskPlan(p, t, ts)
	if err != nil {
		return task.Spec{}, err
	}
	phases := make([]task.Phase, len(t.Phases))
	for i, ph := range t.Phases {
		phases[i] = task.Phase{Name: ph.Name, Workdays: ph.Workdays}
	}
	return task.Spec{
		Campaign:      p.ID,
		ID:            t.ID,
		Title:         t.Title,
		Track:         t.Track,
		CampaignOwner: p.Owner,
		Owner:         t.Owner,
		Supervisor:    t.Supervisor,
		Leader:        t.Leader,
		Flagged:       t.Flagged,
		Approvers:     t.Approvers,
		Deadline:      t.Deadline.Time.UTC(),
		Plan:          tp,
		Phases:        phases,
		DependsOn:     t.DependsOn,
		Assist:        t.Assist,
		Indicators:    indicators(t.Indicators),
		Parent:        t.Parent,
		Children:      t.ChildIDs(),
	}, nil
}

// TaskPlan is the workflow's view of one task's schedule: instants instead of
// dates, and the escalation policy resolved against the effective deadline.
func TaskPlan(p *plan.Plan, t plan.Task, ts reverse.TaskSchedule) (task.Plan, error) {
	loc := p.Location()
	effective := t.Deadline.Time
	if !ts.EffectiveDeadline.IsZero() && ts.EffectiveDeadline.Before(t.Deadline.Date) {
		effective = ts.EffectiveDeadline.EndIn(loc)
	}
	policy, err := plan.ResolvePolicy(p.PolicyFor(t), effective, loc, p.WorkCalendar())
	if err != nil {
		return task.Plan{}, i18n.Errorf("task %s: %w", t.ID, err)
	}
	tp := task.Plan{
		EffectiveDeadline: effective.UTC(),
		SlackWorkdays:     ts.SlackWorkdays,
		Critical:          ts.Critical,
		Infeasible:        ts.Infeasible,
		Policy:            convertPolicy(policy, p.Timezone),
	}
	if !ts.LatestStart.IsZero() {
		tp.LatestStart = ts.LatestStart.In(loc).UTC()
	}
	if pace := p.Escalation.Pace; pace != nil && hasTarget(t) {
		start := ts.LatestStart
		if start.IsZero() {
			start = p.Start.Date
		}
		days, err := paceDays(start, calendar.DateOf(effective.In(loc)), loc, p.WorkCalendar())
		if err != nil {
			return task.Plan{}, i18n.Errorf("task %s: pace: %w", t.ID, err)
		}
		tp.Pace, tp.PaceDays = &task.Pace{Yellow: pace.Yellow, Red: pace.Red}, days
	}
	for _, m := range plan.Milestones(p, t, ts) {
		if m.Due.IsZero() { // before the calendar's data: only an infeasible task has these
			continue
		}
		ms := task.Milestone{Name: m.Name, Due: m.Due.UTC(), Provisional: m.Provisional}
		if !m.Start.IsZero() {
			ms.Start = m.Start.In(loc).UTC()
		}
		tp.Milestones = append(tp.Milestones, ms)
		tp.Provisional = tp.Provisional || m.Provisional
	}
	tp.Provisional = tp.Provisional || calendar.IsProvisional(p.WorkCalendar(), ts.LatestStart)
	return tp, nil
}

// convertPolicy is the workflow's form of a resolved policy. Whole-day
// reminders are placed at remind_at in zone, the campaign's timezone: the
// workflow has no plan to look it up in.
func convertPolicy(p plan.ResolvedPolicy, zone string) task.Policy {
	out := task.Policy{RemindBefore: p.RemindBefore, ReviewTimeout: p.ReviewTimeout}
	if p.RemindAt != "" && slices.Contains(p.RemindDays, true) {
		out.RemindAt, out.RemindDays, out.Zone = p.RemindAt, p.RemindDays, zone
	}
	for _, l := range p.Overdue {
		out.Overdue = append(out.Overdue, task.EscalationLevel{After: l.After, Notify: l.Notify, Repeat: l.Repeat})
	}
	return out
}

// momentOf is a deadline instant as the plan package holds it.
func momentOf(t time.Time, loc *time.Location) plan.Moment {
	t = t.In(loc)
	return plan.Moment{Time: t, Date: calendar.DateOf(t)}
}
