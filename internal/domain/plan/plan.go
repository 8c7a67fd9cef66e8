package plan

import (
	"encoding/json"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/reverse"
	"github.com/closeout/closeout/internal/domain/scoring"
)

// Plan is a parsed, validated campaign with every default filled in. Its
// JSON form (Canonical) is itself a valid plan with the same meaning.
type Plan struct {
	ID           string       `json:"id"`
	Title        string       `json:"title"`
	Owner        string       `json:"owner"`
	Timezone     string       `json:"timezone"`
	Calendar     CalendarSpec `json:"calendar"`
	Start        Moment       `json:"start,omitzero"`
	Deadline     Moment       `json:"deadline,omitzero"` // zero when the plan gives none
	SlackChannel string       `json:"slack_channel,omitempty"`
	Digest       string       `json:"digest,omitempty"`
	// QuietHours is the campaign's default for people who set none.
	QuietHours      string     `json:"quiet_hours,omitempty"`
	AllowInfeasible bool       `json:"allow_infeasible,omitempty"`
	Phases          []Phase    `json:"phases"`
	Escalation      Escalation `json:"escalation"`
	// Scoring is the plan's scoring: rules, nil when they are the defaults
	// (ScoringRules gives them either way).
	Scoring *scoring.Rules `json:"scoring,omitempty"`
	People  []Person       `json:"people,omitempty"`
	Units   []Unit         `json:"units,omitempty"`
	Tracks  []Track        `json:"tracks"`

	// StartDefaulted is set when the plan gave no start and Start is the
	// moment of import; Hash leaves such a start out.
	StartDefaulted bool `json:"-"`

	location *time.Location
	calendar calendar.Calendar
	// unitExists is ParseOptions.UnitExists, kept for DispatchTo.
	unitExists func(id string) bool
}

// Location returns the campaign timezone.
func (p *Plan) Location() *time.Location { return p.location }

// WorkCalendar returns the campaign's working-day calendar.
func (p *Plan) WorkCalendar() calendar.Calendar { return p.calendar }

// Tasks returns every task of every track in plan order, each followed by
// the children dispatched from it: every task that gets a workflow, so the
// scheduler, the specs and the import all see the children without knowing
// about dispatch.
func (p *Plan) Tasks() []Task {
	var out []Task
	for _, tr := range p.Tracks {
		for _, t := range tr.Tasks {
			out = append(out, t)
			out = append(out, t.Children...)
		}
	}
	return out
}

// TopTasks returns the tasks the plan lists, without dispatched children:
// the campaign's own list, the one its totals count (the seed's 30).
func (p *Plan) TopTasks() []Task {
	var out []Task
	for _, tr := range p.Tracks {
		out = append(out, tr.Tasks...)
	}
	return out
}

// Task returns the task with the given id, a dispatched child included.
func (p *Plan) Task(id string) (Task, bool) {
	for _, tr := range p.Tracks {
		for _, t := range tr.Tasks {
			if t.ID == id {
				return t, true
			}
			for _, c := range t.Children {
				if c.ID == id {
					return c, true
				}
			}
		}
	}
	return Task{}, false
}

// Unit returns the plan's unit with the given id.
func (p *Plan) Unit(id string) (Unit, bool) {
	for _, u := range p.Units {
		if u.ID == id {
			return u, true
		}
	}
	return Unit{}, false
}

// PolicyFor returns the escalation policy that applies to a task.
func (p *Plan) PolicyFor(t Task) Policy {
	if t.Flagged {
		return p.Escalation.Flagged
	}
	return p.Escalation.Default
}

// Phase is a stage of a task lasting a number of working days; the
// scheduler's type, so plans and schedules share it.
type Phase = reverse.Phase

// Track is a group of tasks (轻车, 壮马, 畅路 in the seed campaign).
type Track struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	Tasks []Task `json:"tasks"`
}

// Task is one item of the campaign's list.
type Task struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Track      string `json:"-"` // the enclosing track's id
	Owner      string `json:"owner"`
	Supervisor string `json:"supervisor,omitempty"`
	Leader     string `json:"leader,omitempty"`
	// Deadline is the task's own, or the campaign's when the task gives
	// none (DeadlineInherited).
	Deadline          Moment   `json:"deadline"`
	DeadlineInherited bool     `json:"-"`
	Flagged           bool     `json:"flagged,omitempty"`
	Approvers         []string `json:"approvers"` // the sign-off chain, in order
	DependsOn         []string `json:"depends_on,omitempty"`
	// Phases are the task's own or, when it names none, the plan's
	// default phases; empty means the task has none.
	Phases []Phase `json:"phases"`
	// Assist are the cooperating units (unit:ID) or people (配合单位).
	Assist     []string    `json:"assist,omitempty"`
	Indicators []Indicator `json:"indicators,omitempty"`
	// Dispatch, as the plan wrote it, hands the task down to units; the
	// children it makes are in Children.
	Dispatch *Dispatch `json:"dispatch,omitempty"`

	// Children are the tasks dispatched from this one, one per unit, in
	// the order of Dispatch.Units; Parent is set on a child. Neither is in
	// the canonical form: parsing it again dispatches again.
	Children []Task `json:"-"`
	Parent   string `json:"-"`
}

// Person is someone the plan refers to; people listed in a plan are
// created or updated on import.
type Person struct {
	ID      string   `json:"id"`
	Name    string   `json:"name,omitempty"`
	Email   string   `json:"email,omitempty"`
	SlackID string   `json:"slack_id,omitempty"`
	Roles   []string `json:"roles,omitempty"`
	// Mobile lets DingTalk and WeCom robots @mention the person.
	Mobile string `json:"mobile,omitempty"`
	// Timezone is where the person's quiet hours are read; empty: the
	// campaign's.
	Timezone string `json:"timezone,omitempty"`
	// QuietHours ("22:00-08:00"): reminders and first-level notices that
	// fall inside are delivered when they end (SPEC section 14).
	QuietHours string `json:"quiet_hours,omitempty"`
	// Reminders is "daily" for one morning message of the day's reminders.
	Reminders string `json:"reminders,omitempty"`
}

// RemindersDaily is Person.Reminders for a daily bundle.
const RemindersDaily = "daily"

// The roles a person may hold (SPEC section 4).
const (
	RoleAdmin   = "admin"
	RoleManager = "manager"
	RoleMember  = "member"
)

// CalendarSpec is the calendar as the plan names it: a built-in name, or an
// inline calendar.
type CalendarSpec struct {
	Name   string          // "cn", "weekdays" or "none"; empty for an inline calendar
	Inline *InlineCalendar // set for an inline calendar
}

// InlineCalendar is a calendar written into the plan.
type InlineCalendar struct {
	Base     string          `json:"base"`
	Holidays []calendar.Date `json:"holidays,omitempty"`
	Workdays []calendar.Date `json:"workdays,omitempty"`
}

// MarshalJSON writes the name, or the inline calendar object.
func (c CalendarSpec) MarshalJSON() ([]byte, error) {
	if c.Inline != nil {
		return json.Marshal(c.Inline)
	}
	return json.Marshal(c.Name)
}
