package plan

import (
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/reverse"
)

// ScheduleInput is the one way from a plan to the reverse scheduler's input:
// the campaign's start and working calendar, and for each of tasks (tasks
// of p, or tasks as re-planning rebuilds them from the projection) its own
// deadline as a civil date in the campaign timezone, its phases and its
// dependencies. Check, the import (dry run included), added and dispatched
// tasks and every re-plan go through it.
func ScheduleInput(p *Plan, tasks []Task) reverse.Input {
	in := reverse.Input{Start: p.Start.Date, Calendar: p.calendar}
	for _, t := range tasks {
		in.Tasks = append(in.Tasks, reverse.Task{
			ID: t.ID, Track: t.Track, Deadline: t.Deadline.Date, Phases: t.Phases, DependsOn: t.DependsOn,
		})
	}
	return in
}

// Schedule runs the reverse scheduler over every task of a plan. Its
// Problems (cycles, infeasible tasks) are for the caller to judge against
// AllowInfeasible; ScheduleError words them as field errors.
func Schedule(p *Plan) (reverse.Result, error) {
	return reverse.Run(ScheduleInput(p, p.Tasks()))
}

// ScheduleError returns the problems of a schedule as a *ValidationError
// whose fields point at the tasks concerned (their deadline, or their
// depends_on for a cycle), or nil when there are none.
func ScheduleError(p *Plan, res reverse.Result) error {
	if len(res.Problems) == 0 {
		return nil
	}
	paths := taskPaths(p)
	var errs []FieldError
	for _, problem := range res.Problems {
		field := ""
		if len(problem.Tasks) > 0 {
			field = paths[problem.Tasks[0]]
			if problem.Kind == reverse.ProblemCycle {
				field = at(field, "depends_on")
			} else {
				field = at(field, "deadline")
			}
		}
		errs = append(errs, FieldError{Field: field, Message: problem.Message, Zh: problem.Zh})
	}
	return &ValidationError{Errors: errs}
}

// taskPaths maps task ids to their paths in the plan ("tracks[0].tasks[3]").
// A dispatched child is at its parent's dispatch, so that a child due too
// soon is reported at dispatch.deadline, which sets its deadline.
func taskPaths(p *Plan) map[string]string {
	paths := map[string]string{}
	for i, tr := range p.Tracks {
		for j, t := range tr.Tasks {
			paths[t.ID] = fmt.Sprintf("tracks[%d].tasks[%d]", i, j)
			for _, c := range t.Children {
				paths[c.ID] = at(paths[t.ID], "dispatch")
			}
		}
	}
	return paths
}

// DeadlineMilestone names the one milestone of a task without phases.
const DeadlineMilestone = "deadline"

// Milestone is a due instant of a task: the end of one of its phases.
type Milestone struct {
	Name  string        `json:"name"`
	Start calendar.Date `json:"start,omitzero"`
	Due   time.Time     `json:"due"`
	// Provisional: its start or due day is in a year the calendar computed
	// (no notice yet), so it may still move.
	Provisional bool `json:"provisional,omitempty"`
}

// Milestones converts a task's schedule into instants in the campaign
// timezone: each phase is due at the end of its last day, except that a
// milestone never falls after the task's deadline (a deadline given as an
// exact time, say 12:00, keeps the last phase from running to midnight). A
// task without phases has one milestone, its (effective) deadline. Phases
// before the calendar's data have a zero Start and Due.
func Milestones(p *Plan, t Task, ts reverse.TaskSchedule) []Milestone {
	clamp := func(due time.Time) time.Time {
		if due.After(t.Deadline.Time) {
			return t.Deadline.Time
		}
		return due
	}
	if len(ts.Phases) == 0 {
		due := t.Deadline.Time
		if ts.EffectiveDeadline != t.Deadline.Date && !ts.EffectiveDeadline.IsZero() {
			due = clamp(ts.EffectiveDeadline.EndIn(p.location))
		}
		return []Milestone{{Name: DeadlineMilestone, Start: ts.LatestStart, Due: due, Provisional: ts.Provisional}}
	}
	out := make([]Milestone, len(ts.Phases))
	for i, ph := range ts.Phases {
		out[i] = Milestone{Name: ph.Name, Start: ph.Start, Provisional: ph.Provisional}
		if !ph.Due.IsZero() {
			out[i].Due = clamp(ph.Due.EndIn(p.location))
		}
	}
	return out
}
