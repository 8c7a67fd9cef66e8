package task

// The task's contract: the requests of every action and the values they carry.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Error types carried by the ApplicationErrors that validators and handlers
// return, so the API can answer 403, 409 or 422 without parsing messages.
const (
	ErrTypeForbidden = "Forbidden" // the caller may not take this action
	ErrTypeConflict  = "Conflict"  // the task is not in a state that allows it
	ErrTypeInvalid   = "Invalid"   // the request itself is wrong (details name the field)
	ErrTypeTooSoon   = "TooSoon"   // allowed, but not yet (RuleError.RetryAt says when)
)

// HashSpec is the fingerprint InitRequest carries.
func HashSpec(spec Spec) string {
	b, _ := json.Marshal(spec) // a struct of plain fields always marshals
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Actor is the authenticated person behind an action, as the API resolved it.
type Actor struct {
	ID    string `json:"id"`
	Admin bool   `json:"admin,omitempty"`
	// Units are the units the person is a member of, as the API resolved
	// them when the request came in (units.go).
	Units []string `json:"units,omitempty"`
	// For are the people the actor stands in for right now (SPEC section
	// 14), with their units, as the API resolved them: one level only, a
	// substitute's own substitutes are not here. Admin never passes on.
	For []Standin `json:"for,omitempty"`
}

// SystemActor is the actor of events the workflow raises itself (timers).
const SystemActor = "system"

// Evidence is one item submitted with a task's result or progress: a link
// (URL), or an uploaded file (File, with the metadata the API looked up for
// it; never its bytes, which stay in the file store). Every field after URL
// is omitted when empty, so a link marshals exactly as it did before files
// existed and recorded histories replay unchanged.
type Evidence struct {
	Title       string `json:"title"`
	URL         string `json:"url,omitempty"`
	File        string `json:"file,omitempty"`
	Name        string `json:"name,omitempty"`
	Size        int64  `json:"size,omitempty"`
	SHA256      string `json:"sha256,omitempty"`
	ContentType string `json:"content_type,omitempty"`
}

// Action requests. Each names its actor; the API fills it in from the caller's
// token and ignores any actor in the request body.
type (
	// ProgressRequest reports progress, values and evidence (the owner).
	ProgressRequest struct {
		Actor     Actor  `json:"actor"`
		Note      string `json:"note"`
		Percent   int    `json:"percent"`
		Milestone string `json:"milestone,omitempty"`
		// Values are indicator values: a number, or for an indicator with
		// parts an object of numbers by part ({"town": 20, "village": 3}).
		Values map[string]any `json:"values,omitempty"`
		// Evidence are links or files backing the progress reported.
		Evidence []Evidence `json:"evidence,omitempty"`
	}
	// SubmitRequest hands the task in for sign-off with its evidence.
	SubmitRequest struct {
		Actor    Actor          `json:"actor"`
		Note     string         `json:"note"`
		Evidence []Evidence     `json:"evidence"`
		Values   map[string]any `json:"values,omitempty"`
	}
	// ApproveRequest signs the submission off (the current approver).
	ApproveRequest struct {
		Actor Actor  `json:"actor"`
		Note  string `json:"note,omitempty"`
	}
	// ReturnRequest sends the submission back with a reason.
	ReturnRequest struct {
		Actor  Actor  `json:"actor"`
		Reason string `json:"reason"`
	}
	// ExtendRequest asks for a later deadline.
	ExtendRequest struct {
		Actor    Actor     `json:"actor"`
		Deadline time.Time `json:"deadline"`
		Reason   string    `json:"reason"`
	}
	// ExtensionDecisionRequest approves or rejects the pending extension.
	// Approving re-runs the schedule; the workflow fills in Schedule itself.
	// ExtensionDecisionRequest grants or refuses the pending extension.
	ExtensionDecisionRequest struct {
		Actor  Actor  `json:"actor"`
		Reason string `json:"reason,omitempty"`
	}
	// ReassignRequest gives the task a new owner.
	ReassignRequest struct {
		Actor  Actor  `json:"actor"`
		Owner  string `json:"owner"`
		Reason string `json:"reason"`
	}
	// CancelRequest ends the task without closing it.
	CancelRequest struct {
		Actor  Actor  `json:"actor"`
		Reason string `json:"reason"`
	}
	// UrgeRequest presses the owner (催办). Workdays are the campaign
	// calendar's working days from the urge on, which time the next urge;
	// ParentOwner is the owner of the task a child was dispatched from, who
	// may urge it. The caller resolves both like the actor, never from the
	// body: the workflow reads neither calendar nor other tasks.
	UrgeRequest struct {
		Actor       Actor       `json:"actor"`
		Note        string      `json:"note,omitempty"`
		Workdays    WorkingDays `json:"workdays,omitempty"`
		ParentOwner string      `json:"parent_owner,omitempty"`
	}
)

// ChildUpdate is a child's state as its parent needs it. Version orders the
// updates of one child: signals may arrive late or twice, and the parent
// keeps the highest version it has seen.
type ChildUpdate struct {
	ID      string                    `json:"id"`
	Owner   string                    `json:"owner"`
	Status  Status                    `json:"status"`
	Light   Light                     `json:"light"`
	Version int64                     `json:"version"`
	Values  map[string]IndicatorValue `json:"values,omitempty"`
}

// AdoptRequest names a child task the parent does not list yet.
type AdoptRequest struct {
	Child string `json:"child"`
	Owner string `json:"owner"`
}

// RescheduleSignal replaces a task's schedule and policy, for example when the
// task that depends on it was given more time.
type RescheduleSignal struct {
	Plan   Plan   `json:"plan"`
	Reason string `json:"reason"`
}

// ExtensionPlan answers PlanExtension: the task's plan under its new
// deadline, and the new plans of the tasks it depends on, whose effective
// deadlines moved with it.
type ExtensionPlan struct {
	Plan       Plan            `json:"plan"`
	Dependents []DependentPlan `json:"dependents,omitempty"`
	Reason     string          `json:"reason"`
}

// DependentPlan is one dependent task's new plan.
type DependentPlan struct {
	Task string `json:"task"`
	Plan Plan   `json:"plan"`
}

// RescheduleRequest asks the Reschedule activity for a task's plan under a new
// own deadline. The activity re-runs the campaign's schedule, so it also
// re-plans (and signals) the tasks this one depends on.
type RescheduleRequest struct {
	Campaign string    `json:"campaign"`
	Task     string    `json:"task"`
	Deadline time.Time `json:"deadline"`
}
