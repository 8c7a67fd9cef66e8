package ledger

import (
	"slices"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/plan"
)

// withAdded is the plan as imported plus the tasks added to the campaign
// since (POST /campaigns/{id}/tasks), as their views have them, so that the
// live ledger's 任务 sheet lists every task a re-import should create. The
// stored plan never changes, so the tasks it has are written as imported;
// an added task comes with its own deadline as it is now, and one that was
// cancelled is left out, having left the list. Dispatched children are
// never listed: the plan's dispatch makes them again.
func withAdded(p *plan.Plan, views []task.View) *plan.Plan {
	out := *p
	out.Tracks = slices.Clone(p.Tracks)
	loc := p.Location()
	if loc == nil {
		loc = time.UTC
	}
	for _, v := range views {
		if v.Parent != "" || v.Status == task.StatusCancelled {
			continue
		}
		if _, ok := p.Task(v.ID); ok {
			continue
		}
		for i := range out.Tracks {
			if out.Tracks[i].ID == v.Track {
				out.Tracks[i].Tasks = append(slices.Clip(out.Tracks[i].Tasks), planTask(v, loc))
			}
		}
	}
	return &out
}

// planTask is an added task's view as the plan task it was added as.
func planTask(v task.View, loc *time.Location) plan.Task {
	t := plan.Task{
		ID: v.ID, Title: v.Title, Track: v.Track, Owner: v.Owner, Supervisor: v.Supervisor, Leader: v.Leader,
		Flagged: v.Flagged, Approvers: v.Approvers, DependsOn: v.DependsOn, Assist: v.Assist,
		Phases: []plan.Phase{},
	}
	for _, ph := range v.Phases {
		t.Phases = append(t.Phases, plan.Phase{Name: ph.Name, Workdays: ph.Workdays})
	}
	for _, iv := range v.Indicators {
		ind := plan.Indicator{ID: iv.ID, Name: iv.Name, Unit: iv.Unit, Target: iv.Target}
		for _, part := range iv.Parts {
			ind.Parts = append(ind.Parts, plan.IndicatorPart{ID: part.ID, Name: part.Name})
		}
		t.Indicators = append(t.Indicators, ind)
	}
	// A date deadline is due at the last second of its day: write it as
	// the date it was given as.
	d := v.OwnDeadline.In(loc)
	day := calendar.DateOf(d)
	t.Deadline = plan.Moment{Time: d, Date: day, DateOnly: d.Equal(day.EndIn(loc))}
	return t
}
