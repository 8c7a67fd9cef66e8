package plan

import (
	"encoding/json"
	"slices"
)

// Escalation holds the two policies of a campaign, the default one and the
// one for flagged (挂牌督战) tasks, and the pace rule when the plan asks for
// it.
type Escalation struct {
	Default Policy
	Flagged Policy
	Pace    *Pace // nil: no pace lights
}

// MarshalJSON writes the plan form: the default policy's fields, with the
// flagged policy under "flagged" and the pace under "pace".
//
// A remind_at that is what parsing would give anyway (09:00 for the default
// policy, the default policy's for the flagged one) is left out, so a plan
// that never wrote remind_at has the canonical form, and the hash, it had
// before remind_at existed: re-importing it is still a repeat.
func (e Escalation) MarshalJSON() ([]byte, error) {
	def, flagged := e.Default, e.Flagged
	if flagged.RemindAt == def.RemindAt {
		flagged.RemindAt = ""
	}
	if def.RemindAt == DefaultRemindAt {
		def.RemindAt = ""
	}
	return json.Marshal(struct {
		Policy
		Flagged Policy `json:"flagged"`
		Pace    *Pace  `json:"pace,omitempty"`
	}{def, flagged, e.Pace})
}

// Policy says when a task's owner is reminded and who is told, and when,
// once it is overdue or its review is slow (SPEC section 3).
type Policy struct {
	// RemindBefore are offsets before the deadline; they may count
	// working days.
	RemindBefore []Duration `json:"remind_before"`
	// Overdue is the escalation ladder, in strictly increasing After.
	Overdue []OverdueLevel `json:"overdue"`
	// ReviewTimeout is how long a submission may wait for sign-off.
	ReviewTimeout Duration `json:"review_timeout"`
	// RemindAt ("HH:MM") is the time of day, in the campaign's timezone,
	// at which reminders whose offset is whole days (7d, 3wd) go out
	// (SPEC section 14); shorter offsets keep their exact instant.
	RemindAt string `json:"remind_at,omitempty"`
}

// DefaultRemindAt is remind_at when a plan gives none: the start of a
// working morning.
const DefaultRemindAt = "09:00"

// OverdueLevel is a rung of the escalation ladder.
type OverdueLevel struct {
	After  Duration `json:"after"`  // past the deadline; may count working days
	Notify []string `json:"notify"` // recipient roles or person ids
	Repeat Duration `json:"repeat,omitzero"`
}

// Escalation recipients that stand for a role on the task; anything else in
// a notify list is a person id.
const (
	NotifyOwner         = "owner"
	NotifySupervisor    = "supervisor"
	NotifyLeader        = "leader" // nobody when the task has no leader
	NotifyCampaignOwner = "campaign_owner"
	NotifyApprovers     = "approvers"
)

func isRecipientRole(s string) bool {
	return slices.Contains([]string{NotifyOwner, NotifySupervisor, NotifyLeader, NotifyCampaignOwner, NotifyApprovers}, s)
}

// DefaultPolicy is the built-in escalation policy, used for every field a
// plan's escalation leaves out, and for flagged tasks too when the plan
// gives no flagged policy: reminders three days and one day before the
// deadline; at the deadline the owner and supervisor are told; three days
// later the leader and campaign owner, again every two days; a submission
// waits at most three days for sign-off; whole-day reminders go out at 09:00.
func DefaultPolicy() Policy {
	return Policy{
		RemindBefore: []Duration{{Days: 3}, {Days: 1}},
		Overdue: []OverdueLevel{
			{Notify: []string{NotifyOwner, NotifySupervisor}},
			{After: Duration{Days: 3}, Notify: []string{NotifyLeader, NotifyCampaignOwner}, Repeat: Duration{Days: 2}},
		},
		ReviewTimeout: Duration{Days: 3},
		RemindAt:      DefaultRemindAt,
	}
}
