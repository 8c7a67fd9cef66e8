package task

import "time"

// State is everything the task workflow knows, in one serialisable struct so
// that continue-as-new carries it whole. The transition rules (rules.go,
// transitions.go, timers.go) are plain methods on it, tested without Temporal;
// the workflow function only wires timers and update handlers to them.
type State struct {
	Spec          Spec            `json:"spec"`
	SpecHash      string          `json:"spec_hash"`
	Status        Status          `json:"status"`
	Light         Light           `json:"light"`
	Milestones    []MilestoneView `json:"milestones,omitempty"`
	Percent       int             `json:"percent,omitempty"`
	Attempt       int             `json:"attempt"`
	ApproverIndex int             `json:"approver_index,omitempty"`
	SubmittedAt   time.Time       `json:"submitted_at,omitzero"`
	// SubmittedBy made the submission waiting for sign-off; SubmittedFor is
	// the person they stood in for, if any (separation.go).
	SubmittedBy  string         `json:"submitted_by,omitempty"`
	SubmittedFor string         `json:"submitted_for,omitempty"`
	ClosedAt     time.Time      `json:"closed_at,omitzero"`
	ClosedOnTime bool           `json:"closed_on_time,omitempty"`
	Extension    *ExtensionView `json:"extension,omitempty"`
	// Values are the indicator values the task reported itself; Children
	// what it knows of the tasks dispatched from it (children.go);
	// ParentSent the key of the last update this task sent its parent.
	Values     map[string]IndicatorValue `json:"values,omitempty"`
	Children   []ChildState              `json:"children,omitempty"`
	ParentSent string                    `json:"parent_sent,omitempty"`
	// ArmedAt is when the current schedule took effect (creation or the last
	// re-plan). Reminders that were already due before it are not sent late.
	ArmedAt time.Time `json:"armed_at"`
	// Fired holds the keys of reminders already sent (or skipped) under the
	// current schedule; a re-plan moves the due times and so the keys.
	Fired   []string    `json:"fired,omitempty"`
	Ladder  LadderState `json:"ladder"`
	Review  ReviewState `json:"review"`
	Seq     int64       `json:"seq"`
	Version int64       `json:"version"`
	// Run counts continue-as-new generations; LastFence is the fence of the
	// latest projection write (fence.go). LogHash chains every event after
	// HashBase (log_hash.go): tasks older than the hash start it mid-log.
	Run       int64  `json:"run,omitempty"`
	LastFence string `json:"last_fence,omitempty"`
	LogHash   string `json:"log_hash,omitempty"`
	HashBase  int64  `json:"hash_base,omitempty"`
	// WrittenAt is the workflow clock at the latest projection write: the
	// instant its view was rendered at.
	WrittenAt time.Time `json:"written_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Held are notifications the Notify activity held for a recipient in
	// quiet hours, sent again when the quiet ends (quiet.go). State, not a
	// sleeping goroutine: a restart or a continue-as-new loses none.
	Held []HeldNotice `json:"held,omitempty"`

	// Urges counts the urges (催办) of the task; NextUrge is when the next
	// is allowed (actions_urge.go).
	Urges    int       `json:"urges,omitempty"`
	NextUrge time.Time `json:"next_urge,omitzero"`

	zoneCache zoneCache // not state: the loaded Spec.Plan.Policy.Zone (remind_at.go)
}

// LadderState tracks the overdue ladder on its own clock: time past the
// deadline during which the task was open. A submission stops the clock and a
// return restarts it, so a return resumes the ladder where it stood.
type LadderState struct {
	Level int `json:"level,omitempty"`
	// LastFired is the ladder clock reading when the current level last fired
	// (its first firing or a repeat).
	LastFired   time.Duration `json:"last_fired,omitempty"`
	PausedTotal time.Duration `json:"paused_total,omitempty"`
	PausedSince time.Time     `json:"paused_since,omitzero"`
}

// ReviewState tracks how long the current approver has had the submission.
type ReviewState struct {
	AskedAt time.Time `json:"asked_at,omitzero"`
	Stage   int       `json:"stage,omitempty"`
}

// Effects are what a transition or a timer produced: events to append to the
// log and notifications to send. Changed is set when the projection needs a
// write even without events (the light moved).
type Effects struct {
	Events  []Event
	Notices []Notice
	Changed bool
}

// Notice asks for the people in To (and the campaign channel if Channel) to be
// told about event Seq. Holdable lets quiet hours hold it (quiet.go); Target
// is the deadline or milestone a reminder warns about, which decides at
// release whether a held reminder is still worth sending.
type Notice struct {
	Seq      int64
	To       []string
	Channel  bool
	Holdable bool
	Target   time.Time
}

// NewTaskState creates a task from its spec at now; the effects hold the
// created event and the owner's assignment notice.
func NewTaskState(spec Spec, now time.Time) (*State, Effects) {
	s := &State{
		Spec:      spec,
		SpecHash:  HashSpec(spec),
		Status:    StatusOpen,
		Attempt:   1,
		ArmedAt:   now,
		CreatedAt: now,
	}
	s.Milestones = milestoneViews(spec.Plan.Milestones, nil)
	s.Children = initialChildren(spec)
	if len(s.Children) == 0 {
		s.Children = nil
	}
	var e Effects
	s.Emit(&e, now, SystemActor, EventCreated, map[string]any{
		"owner":    spec.Owner,
		"deadline": spec.Plan.EffectiveDeadline,
	}, []string{spec.Owner}, false)
	s.Light = s.LightAt(now)
	// The parent starts out knowing its children as open and green: nothing
	// to tell it until that changes (and it may not be started yet).
	if spec.Parent != "" {
		_, s.ParentSent = s.ForParent()
	}
	return s, e
}

// deadline is the deadline every timer runs against: the effective one.
func (s *State) deadline() time.Time { return s.Spec.Plan.EffectiveDeadline }

// CurrentApprover is who must sign off next, or "" when nothing is submitted.
func (s *State) CurrentApprover() string {
	if s.Status != StatusSubmitted || s.ApproverIndex >= len(s.Spec.Approvers) {
		return ""
	}
	return s.Spec.Approvers[s.ApproverIndex]
}

// ExtensionDecider is who approves or rejects an extension: the leader for a
// flagged task, else the supervisor, else the campaign owner.
func (s *State) ExtensionDecider() string {
	switch {
	case s.Spec.Flagged && s.Spec.Leader != "":
		return s.Spec.Leader
	case s.Spec.Supervisor != "":
		return s.Spec.Supervisor
	default:
		return s.Spec.CampaignOwner
	}
}

// Emit appends an event with the next seq and, when to is not empty or channel
// is set, a notice for it. The recipients are recorded in the event, so the log
// shows every notification attempt.
func (s *State) Emit(e *Effects, now time.Time, actor, typ string, data map[string]any, to []string, channel bool) {
	s.emitFor(e, now, actor, "", typ, data, to, channel)
}

// emitFor is emit for an action the actor took as onBehalfOf's substitute
// (SPEC section 14); "" is an action in their own right.
func (s *State) emitFor(e *Effects, now time.Time, actor, onBehalfOf, typ string, data map[string]any, to []string, channel bool) {
	to = dedupe(to)
	if len(to) > 0 {
		if data == nil {
			data = map[string]any{}
		}
		data["notify"] = to
	}
	if s.LogHash == "" {
		s.HashBase = s.Seq
	}
	s.Seq++
	ev := Event{Seq: s.Seq, At: now, Actor: actor, Type: typ, Data: data, OnBehalfOf: onBehalfOf}
	s.LogHash = ChainHash(s.LogHash, ev)
	e.Events = append(e.Events, ev)
	if len(to) > 0 || channel {
		e.Notices = append(e.Notices, Notice{Seq: s.Seq, To: to, Channel: channel, Holdable: s.holdable(typ, data)})
	}
	e.Changed = true
}

// milestoneViews lays out milestones in pending state, keeping the state of any
// milestone of the same name in old that was already reported.
func milestoneViews(ms []Milestone, old []MilestoneView) []MilestoneView {
	out := make([]MilestoneView, len(ms))
	for i, m := range ms {
		out[i] = MilestoneView{Name: m.Name, Start: m.Start, Due: m.Due, State: MilestonePending, Provisional: m.Provisional}
		for _, o := range old {
			if o.Name == m.Name && o.State == MilestoneReported {
				out[i].State = MilestoneReported
			}
		}
	}
	return out
}

// resolve turns role names and person ids into distinct person ids.
func (s *State) resolve(who []string) []string {
	var out []string
	for _, w := range who {
		switch w {
		case RoleOwner:
			out = append(out, s.Spec.Owner)
		case RoleSupervisor:
			out = append(out, s.Spec.Supervisor)
		case RoleLeader:
			out = append(out, s.Spec.Leader)
		case RoleCampaignOwner:
			out = append(out, s.Spec.CampaignOwner)
		case RoleApprovers:
			out = append(out, s.Spec.Approvers...)
		default:
			out = append(out, w)
		}
	}
	return dedupe(out)
}

// dedupe drops empty and repeated ids, keeping first-seen order.
func dedupe(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id == "" {
			continue
		}
		seen := false
		for _, o := range out {
			if o == id {
				seen = true
				break
			}
		}
		if !seen {
			out = append(out, id)
		}
	}
	return out
}
