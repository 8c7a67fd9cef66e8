package task

import "time"

// Status is where a task is in its lifecycle.
type Status string

// The statuses: open until submitted, submitted until approved (closed) or
// returned (open again); cancelled when it ends without being closed.
const (
	StatusOpen      Status = "open"
	StatusSubmitted Status = "submitted"
	StatusClosed    Status = "closed"
	StatusCancelled Status = "cancelled"
)

// Terminal reports whether nothing can happen to the task any more.
func (s Status) Terminal() bool { return s == StatusClosed || s == StatusCancelled }

// Light is the traffic light of SPEC section 3.
type Light string

// The lights: green on time, yellow near the deadline, red past it, done
// once closed.
const (
	LightGreen  Light = "green"
	LightYellow Light = "yellow"
	LightRed    Light = "red"
	LightDone   Light = "done"
)

// Milestone states.
const (
	MilestonePending  = "pending"
	MilestoneReported = "reported"
	MilestoneMissed   = "missed"
)

// Event types of the append-only task log.
const (
	EventCreated            = "created"
	EventProgress           = "progress"
	EventMilestoneReported  = "milestone_reported"
	EventMilestoneMissed    = "milestone_missed"
	EventReminder           = "reminder"
	EventSubmitted          = "submitted"
	EventApproved           = "approved"
	EventReturned           = "returned"
	EventClosed             = "closed"
	EventExtensionRequested = "extension_requested"
	EventExtensionApproved  = "extension_approved"
	EventExtensionRejected  = "extension_rejected"
	EventReassigned         = "reassigned"
	EventUrged              = "urged"
	EventCancelled          = "cancelled"
	EventEscalated          = "escalated"
	EventReviewOverdue      = "review_overdue"
	EventRescheduled        = "rescheduled"
	EventNotificationFailed = "notification_failed"
)

// Event is one entry of a task's log. Seq is gap-free per task, starting at 1.
type Event struct {
	Seq   int64          `json:"seq"`
	At    time.Time      `json:"at"`
	Actor string         `json:"actor"`
	Type  string         `json:"type"`
	Data  map[string]any `json:"data,omitempty"`
	// OnBehalfOf is the person the actor substituted for (SPEC section 14).
	// Omitted when empty, so events from before substitutes hash and
	// replay unchanged.
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
}

// MilestoneView is a milestone with its state.
type MilestoneView struct {
	Name  string    `json:"name"`
	Start time.Time `json:"start,omitzero"`
	Due   time.Time `json:"due"`
	State string    `json:"state"`
	// Provisional: due (or starting) in a year without a calendar notice yet.
	Provisional bool `json:"provisional,omitempty"`
}

// ExtensionView is a pending extension request.
type ExtensionView struct {
	Deadline    time.Time `json:"deadline"`
	Reason      string    `json:"reason"`
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
	Decider     string    `json:"decider"`
}

// View is a task as the API shows it and the projection stores it.
type View struct {
	Campaign        string          `json:"campaign"`
	ID              string          `json:"id"`
	Title           string          `json:"title"`
	Track           string          `json:"track"`
	CampaignOwner   string          `json:"campaign_owner"`
	Owner           string          `json:"owner"`
	Supervisor      string          `json:"supervisor"`
	Leader          string          `json:"leader"`
	Flagged         bool            `json:"flagged"`
	Approvers       []string        `json:"approvers"`
	CurrentApprover string          `json:"current_approver"`
	Status          Status          `json:"status"`
	Light           Light           `json:"light"`
	Deadline        time.Time       `json:"deadline"`
	OwnDeadline     time.Time       `json:"own_deadline"`
	LatestStart     *time.Time      `json:"latest_start"`
	SlackWorkdays   int             `json:"slack_workdays"`
	Critical        bool            `json:"critical"`
	Infeasible      bool            `json:"infeasible"`
	Provisional     bool            `json:"provisional"` // latest start or a milestone in a provisional calendar year (SPEC section 13)
	Milestones      []MilestoneView `json:"milestones"`
	Phases          []Phase         `json:"phases"`
	DependsOn       []string        `json:"depends_on"`
	Percent         int             `json:"percent"`
	// Assist, Parent, Children and Indicators: SPEC section 10.
	Assist     []string        `json:"assist"`
	Parent     string          `json:"parent,omitempty"`
	Children   []ChildView     `json:"children,omitempty"`
	Indicators []IndicatorView `json:"indicators"`
	Attempt    int             `json:"attempt"`
	// Urges counts the task's urges (催办, SPEC section 18).
	Urges           int `json:"urges"`
	EscalationLevel int `json:"escalation_level"`
	// Overdue: not closed and past its deadline, as of the last write.
	Overdue      bool           `json:"overdue"`
	Extension    *ExtensionView `json:"extension"`
	SubmittedAt  *time.Time     `json:"submitted_at"`
	ClosedAt     *time.Time     `json:"closed_at"`
	ClosedOnTime *bool          `json:"closed_on_time"`
	CreatedAt    time.Time      `json:"created_at"`
	UpdatedAt    time.Time      `json:"updated_at"`
	// Seq is the last event in the log; Version orders projection writes (it
	// also moves when only the light changed).
	Seq     int64 `json:"seq"`
	Version int64 `json:"version"`
}

// ProjectionWrite is the input of the ProjectTask activity: the task as it is
// now and the events not yet written. Writing it twice changes nothing, and
// Fence (fence.go) decides between it and a write it conflicts with.
type ProjectionWrite struct {
	Task   View    `json:"task"`
	Events []Event `json:"events,omitempty"`
	Fence  string  `json:"fence,omitempty"`
	// ByUpdate: an update's handler made the write. Its workflow task may
	// vanish with the update (a speculative task lost with its server), and
	// then nothing rewrites it; any other write's workflow task rests on a
	// persisted event, so Temporal retries it and the retry overrules it
	// (internal/platform/store/unconfirmed.go says how each kind is confirmed).
	ByUpdate bool `json:"by_update,omitempty"`
}

// ProjectionState answers QueryProjection: what the projection of the task
// should hold, as the workflow has committed it, for reconciliation.
type ProjectionState struct {
	Task View `json:"task"`
	// Fence is the fence of the latest write; the stored task must carry it.
	Fence string `json:"fence"`
	// LogHash is the chain hash of the log after event Task.Seq, covering
	// every event after HashBase.
	LogHash  string `json:"log_hash"`
	HashBase int64  `json:"hash_base"`
	// Recent are the latest events of the current run, which a repair can
	// write again; Pending counts those whose write has not succeeded yet.
	Recent  []Event `json:"recent"`
	Pending int     `json:"pending"`
}

// Notification is the input of the Notify activity: who is told about which
// event of which task. Channel asks for a post to the campaign's channel too.
type Notification struct {
	Task    View     `json:"task"`
	Event   Event    `json:"event"`
	To      []string `json:"to"`
	Channel bool     `json:"channel,omitempty"`
	// Holdable lets the activity hold the message for a recipient in quiet
	// hours, and bundle a reminder for one who reads them daily (SPEC
	// section 14). The workflow leaves it false for what must go at once
	// (escalations from level 2, sign-off requests of flagged tasks), and
	// notifications from before quiet hours existed have it false too.
	Holdable bool `json:"holdable,omitempty"`
	// Released: the quiet hours this was held for have ended; deliver it
	// without looking at them again (a daily bundle still applies).
	Released bool `json:"released,omitempty"`
}

// NotifyResult is the Notify activity's answer: the recipients it did not
// tell because they are in quiet hours, each with the instant the quiet
// ends. The workflow keeps them in its state and sends again then.
type NotifyResult struct {
	Held []HeldDelivery `json:"held,omitempty"`
}

// HeldDelivery is one recipient (a person id) whose message waits until Until.
type HeldDelivery struct {
	To    string    `json:"to"`
	Until time.Time `json:"until"`
}
