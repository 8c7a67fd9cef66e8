package task

import "time"

// Spec is what a task is created with. Owner, Deadline and Plan change over
// the task's life (reassign, extension); the rest is fixed.
type Spec struct {
	Campaign      string   `json:"campaign"`
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Track         string   `json:"track,omitempty"`
	CampaignOwner string   `json:"campaign_owner"`
	Owner         string   `json:"owner"`
	Supervisor    string   `json:"supervisor,omitempty"`
	Leader        string   `json:"leader,omitempty"`
	Flagged       bool     `json:"flagged,omitempty"`
	Approvers     []string `json:"approvers"`
	// Deadline is the task's own deadline. The plan's EffectiveDeadline may be
	// earlier when a task that depends on this one has to start first.
	Deadline time.Time `json:"deadline"`
	Plan     Plan      `json:"plan"`
	// Phases and DependsOn are the scheduler's input for this task, kept so an
	// extension can re-run the schedule.
	Phases    []Phase  `json:"phases,omitempty"`
	DependsOn []string `json:"depends_on,omitempty"`
	// Assist are the cooperating units or people (配合单位): they see the task,
	// report progress and values, and are not accountable for it.
	Assist []string `json:"assist,omitempty"`
	// Indicators are the figures the task reports.
	Indicators []Indicator `json:"indicators,omitempty"`
	// Parent is the task this one was dispatched from; Children the tasks
	// dispatched from this one, one per unit (SPEC section 10).
	Parent   string   `json:"parent,omitempty"`
	Children []string `json:"children,omitempty"`
}

// Phase is a named stretch of working days ending at a milestone.
type Phase struct {
	Name     string `json:"name"`
	Workdays int    `json:"workdays"`
}

// Plan is the outcome of reverse scheduling for one task, with the
// escalation policy resolved against its deadline (working-day offsets become
// plain durations).
type Plan struct {
	EffectiveDeadline time.Time   `json:"effective_deadline"`
	Milestones        []Milestone `json:"milestones,omitempty"`
	LatestStart       time.Time   `json:"latest_start,omitzero"`
	SlackWorkdays     int         `json:"slack_workdays"`
	Critical          bool        `json:"critical,omitempty"`
	Infeasible        bool        `json:"infeasible,omitempty"`
	Policy            Policy      `json:"policy"`
	// Pace, when the plan asks for it, with the end of every working day
	// from the latest start to the deadline: the workflow measures the
	// elapsed share of the task's working days without a calendar.
	Pace     *Pace       `json:"pace,omitempty"`
	PaceDays []time.Time `json:"pace_days,omitempty"`
	// Provisional is set when the latest start or a milestone falls in a
	// year the calendar computed because no notice covers it yet (SPEC
	// section 13). Omitted when false, so histories from before it replay
	// byte for byte.
	Provisional bool `json:"provisional,omitempty"`
}

// Milestone is the end of a phase, due at Due. Provisional: its start or due
// day is in a year without a notice yet.
type Milestone struct {
	Name        string    `json:"name"`
	Start       time.Time `json:"start,omitzero"`
	Due         time.Time `json:"due"`
	Provisional bool      `json:"provisional,omitempty"`
}

// Policy is a task's reminder and escalation policy (SPEC section 3).
type Policy struct {
	// RemindBefore are offsets before the deadline at which the owner is reminded.
	RemindBefore []time.Duration `json:"remind_before,omitempty"`
	// Overdue is the escalation ladder, in increasing After order.
	Overdue []EscalationLevel `json:"overdue,omitempty"`
	// ReviewTimeout is how long a submission may wait for the current approver.
	ReviewTimeout time.Duration `json:"review_timeout,omitempty"`
	// RemindAt ("09:00"), when set, moves each reminder whose offset was
	// written in whole days (RemindDays[i] for RemindBefore[i]) to that time
	// of day on its day in Zone, the campaign's timezone (SPEC section 14).
	// Tasks created before it existed have none and remind at the exact
	// instant, as they always did.
	RemindAt   string `json:"remind_at,omitempty"`
	RemindDays []bool `json:"remind_days,omitempty"`
	Zone       string `json:"zone,omitempty"`
}

// EscalationLevel is one rung of the overdue ladder. Notify holds role names
// (owner, supervisor, leader, campaign_owner, approvers) or person ids.
type EscalationLevel struct {
	After  time.Duration `json:"after"`
	Notify []string      `json:"notify"`
	Repeat time.Duration `json:"repeat,omitempty"`
}

// Recipient roles understood in EscalationLevel.Notify.
const (
	RoleOwner         = "owner"
	RoleSupervisor    = "supervisor"
	RoleLeader        = "leader"
	RoleCampaignOwner = "campaign_owner"
	RoleApprovers     = "approvers"
)
