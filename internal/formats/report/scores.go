package report

import (
	"context"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/scoring"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
)

// ScoresSource is where a campaign's scores come from: its unit-owned
// tasks with their returns and urges, the adjustments by hand, and the
// names of units the plan does not list (created later, dispatched to).
type ScoresSource interface {
	ScoreTasks(ctx context.Context, campaign string) ([]store.ScoreTask, error)
	ScoreAdjustments(ctx context.Context, campaign string) ([]store.ScoreAdjustment, error)
	UnitNames(ctx context.Context, ids []string) (map[string]string, error)
}

// Scores are a campaign's units' scores at a moment (考评, SPEC section 18),
// of one class or all (Class "").
type Scores struct {
	Campaign    string              `json:"campaign"`
	Title       string              `json:"title"`
	Timezone    string              `json:"timezone"`
	GeneratedAt time.Time           `json:"generated_at"`
	Class       string              `json:"class,omitempty"`
	Units       []scoring.UnitScore `json:"units"`
}

// BuildScores scores the units of campaign p at now by the plan's rules,
// keeping those of class (all for ""): a unit's rank is within its class
// either way.
func BuildScores(ctx context.Context, src ScoresSource, p *plan.Plan, class string, now time.Time) (Scores, error) {
	tasks, err := src.ScoreTasks(ctx, p.ID)
	if err != nil {
		return Scores{}, err
	}
	adjustments, err := src.ScoreAdjustments(ctx, p.ID)
	if err != nil {
		return Scores{}, err
	}
	inputs := make([]scoring.Task, 0, len(tasks))
	for _, t := range tasks {
		in, err := scoreInput(p, t, now)
		if err != nil {
			return Scores{}, err
		}
		inputs = append(inputs, in)
	}
	byHand := make([]scoring.Adjustment, len(adjustments))
	for i, a := range adjustments {
		byHand[i] = scoring.Adjustment{Unit: a.Unit, Points: a.Points, Reason: a.Reason}
	}
	units, err := scoredUnits(ctx, src, p, tasks, adjustments)
	if err != nil {
		return Scores{}, err
	}
	all := scoring.Score(p.ScoringRules(), units, inputs, byHand)
	out := Scores{Campaign: p.ID, Title: p.Title, Timezone: p.Timezone, GeneratedAt: now, Class: class, Units: all}
	if class != "" {
		out.Units = []scoring.UnitScore{}
		for _, u := range all {
			if u.Class == class {
				out.Units = append(out.Units, u)
			}
		}
	}
	return out, nil
}

// scoreInput is what task t counts for at now. Lateness is counted against
// the deadline the projection has, as the unit ranking counts it: working
// days on the campaign's calendar after the deadline's day, up to the day
// it closed (or today, when it is open past it).
func scoreInput(p *plan.Plan, t store.ScoreTask, now time.Time) (scoring.Task, error) {
	in := scoring.Task{ID: t.ID, Unit: t.Unit, Closed: t.Status == task.StatusClosed, OnTime: t.OnTime,
		Returns: t.Returns, Urges: t.Urges}
	end := now
	switch {
	case in.Closed && in.OnTime:
		return in, nil
	case in.Closed && t.ClosedAt != nil:
		end = *t.ClosedAt
	case in.Closed:
		return in, nil
	}
	if !end.After(t.Deadline) {
		return in, nil
	}
	loc := p.Location()
	due, last := calendar.DateOf(t.Deadline.In(loc)), calendar.DateOf(end.In(loc))
	days, err := calendar.WorkdaysBetween(p.WorkCalendar(), due.AddDays(1), last.AddDays(1))
	in.WorkdaysOverdue = days
	return in, err
}

// scoredUnits are the units that own a task or were adjusted: named and
// classed as the plan lists them, or, for a unit outside the plan (created
// later, dispatched to), named from the units table (their id when it has
// none) and of no class. A unit of the plan with neither is not scored.
func scoredUnits(ctx context.Context, src ScoresSource, p *plan.Plan, tasks []store.ScoreTask, adjustments []store.ScoreAdjustment) ([]scoring.Unit, error) {
	inPlan := make(map[string]plan.Unit, len(p.Units))
	for _, u := range p.Units {
		inPlan[u.ID] = u
	}
	seen := map[string]bool{}
	var units []scoring.Unit
	var others []string
	add := func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		if u, ok := inPlan[id]; ok {
			units = append(units, scoring.Unit{ID: id, Name: u.Name, Class: u.Class})
		} else {
			others = append(others, id)
		}
	}
	for _, t := range tasks {
		add(t.Unit)
	}
	for _, a := range adjustments {
		add(a.Unit)
	}
	if len(others) == 0 {
		return units, nil
	}
	names, err := src.UnitNames(ctx, others)
	if err != nil {
		return nil, err
	}
	for _, id := range others {
		units = append(units, scoring.Unit{ID: id, Name: names[id]})
	}
	return units, nil
}
