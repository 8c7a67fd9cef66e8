// Package reverse is the reverse scheduler (倒排工期) of SPEC section 2.
//
// Working backwards from each task's deadline over a working-day calendar,
// it finds the day each phase must end, the latest day work can start, the
// slack to the campaign start, and which tasks cannot be done in time. It
// is pure: no I/O, no clock, no randomness, and it depends only on package
// calendar.
//
// Internally it counts in working-day ranks (consecutive integers, one per
// working day) rather than dates, which makes every step O(1) and lets it
// measure how late an infeasible task is even before the first day the
// calendar has data for.
package reverse

import (
	"github.com/closeout/closeout/internal/domain/calendar"

	"github.com/closeout/closeout/internal/i18n"
)

// Phase is a stage of a task, lasting a number of working days.
type Phase struct {
	Name     string `json:"name"`
	Workdays int    `json:"workdays"`
}

// Task is what the scheduler needs to know of a task.
type Task struct {
	ID    string
	Track string // carried through to the result, for display only
	// Deadline is the civil date of the task's own deadline in the
	// campaign timezone.
	Deadline  calendar.Date
	Phases    []Phase
	DependsOn []string // tasks that must finish before this one starts
}

// Input is a whole campaign to schedule.
type Input struct {
	Start    calendar.Date // planning start: the first day work may happen
	Calendar calendar.Calendar
	Tasks    []Task
}

// Result is the schedule of every task, in input order, and the problems
// found. The scheduler never refuses a plan for being late or cyclic: it
// reports Problems and leaves the decision (reject, or import shown red) to
// the caller.
type Result struct {
	Start    calendar.Date  `json:"start"`
	Calendar string         `json:"calendar"`
	Tasks    []TaskSchedule `json:"tasks"`
	Critical []string       `json:"critical"`
	Problems []Problem      `json:"problems"`
}

// TaskSchedule is one task's reverse schedule. Dates the calendar has no
// data for (days before its first covered day, reached only by infeasible
// tasks) are left zero and omitted from JSON.
type TaskSchedule struct {
	ID       string        `json:"id"`
	Track    string        `json:"track,omitempty"`
	Deadline calendar.Date `json:"deadline"`
	// EffectiveDeadline is the earlier of the task's own deadline and the
	// working day before the latest start of each task depending on it.
	EffectiveDeadline calendar.Date `json:"effective_deadline,omitzero"`
	Phases            []PhaseDates  `json:"phases"`
	LatestStart       calendar.Date `json:"latest_start,omitzero"`
	// SlackWorkdays counts the working days from the campaign start up to
	// (not including) the latest start; it is negative for an infeasible
	// task, by the number of working days it is late.
	SlackWorkdays int  `json:"slack_workdays"`
	Critical      bool `json:"critical"`
	// Infeasible is set when the task cannot be done as planned: its latest
	// start is before the campaign start, it is on a dependency cycle, or
	// the calendar cannot place it.
	Infeasible bool `json:"infeasible"`
	// Chain, for an infeasible task, lists the tasks whose latest starts
	// force its effective deadline, from this task to the one whose own
	// deadline sets it all off. Long chains keep their first links and the
	// last one (see maxChain).
	Chain []string `json:"chain,omitempty"`
	// Cycle, for a task on a dependency cycle, is one such cycle, starting
	// and ending with the same task.
	Cycle []string `json:"cycle,omitempty"`
	// Provisional is set when the latest start, the effective deadline or a
	// phase falls on a day the calendar computed rather than published
	// (calendar.Tentative): a notice still to come may move it.
	Provisional bool `json:"provisional,omitempty"`
}

// PhaseDates is a scheduled phase: it covers its working days from Start to
// Due inclusive, and Due, the end of that day, is a milestone.
type PhaseDates struct {
	Name  string        `json:"name"`
	Start calendar.Date `json:"start,omitzero"`
	Due   calendar.Date `json:"due,omitzero"`
	// Provisional: the start or the due day is a computed calendar day.
	Provisional bool `json:"provisional,omitempty"`
}

// ProblemKind classifies a Problem.
type ProblemKind string

// The kinds of problem the scheduler reports.
const (
	// ProblemCycle: tasks that depend on each other in a loop.
	ProblemCycle ProblemKind = "cycle"
	// ProblemInfeasible: a task whose latest start is before the campaign
	// start.
	ProblemInfeasible ProblemKind = "infeasible"
	// ProblemCalendar: a task the calendar cannot place, such as one due
	// after the last day of the calendar's data.
	ProblemCalendar ProblemKind = "calendar"
)

// Problem is something that makes the plan impossible as written.
type Problem struct {
	Kind    ProblemKind `json:"kind"`
	Tasks   []string    `json:"tasks"`
	Chain   []string    `json:"chain,omitempty"`
	Message string      `json:"message"`
	// Zh is Message in Chinese.
	Zh string `json:"message_zh,omitempty"`
}

// Text is the message in both languages.
func (p Problem) Text() i18n.Text { return i18n.Both(p.Message, p.Zh) }

// Feasible reports whether the result has no problems.
func (r Result) Feasible() bool { return len(r.Problems) == 0 }
