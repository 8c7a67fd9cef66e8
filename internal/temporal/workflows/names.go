// Package workflows holds closeout's durable workflows: the task's, the
// import's, the daily bundle's, the digest's and reconciliation's. The task's
// rules live in internal/domain/task; this package gives them durable timers,
// updates, signals and queries.
package workflows

import "github.com/closeout/closeout/internal/domain/task"

// The names callers use to start and talk to a task workflow, and the
// activities it calls by name (the worker registers them under these names,
// so this package does not import the activities package, which imports it).

// TaskQueue is the one task queue closeout's workers poll.
const TaskQueue = "closeout"

// Workflow type names.
const (
	TaskWorkflowName = "Task"
)

// UpdateInit is the update update-with-start sends with a new task, so that
// creating a task returns only once the task is in the projection. The
// actions' updates are named by internal/domain/task's table (Kinds).
const UpdateInit = "init"

// QueryTask answers with the task's TaskView, straight from workflow state.
const QueryTask = "task"

// QueryProjection answers with the task's ProjectionState: what its
// projection should hold, for reconciliation.
const QueryProjection = "projection"

// SignalResync asks the task to write its projection again under a fresh
// fence (reconciliation's repair). It carries no payload.
const SignalResync = "resync"

// SignalChild carries a dispatched child's state to its parent after every
// change the child commits. Its payload is a ChildUpdate.
const SignalChild = "child"

// UpdateAdopt tells a parent about a child dispatched after the parent was
// created (a unit added later). Its payload is an AdoptRequest.
const UpdateAdopt = "adopt"

// SignalReschedule carries a new schedule computed outside the task (a
// dependent task's deadline moved). Its payload is a RescheduleSignal.
const SignalReschedule = "reschedule"

// Activity names. The worker registers the activities under these names so that
// this package does not import the activities package (which imports it).
const (
	ActivityProjectTask   = "ProjectTask"
	ActivityNotify        = "Notify"
	ActivityPlanExtension = "PlanExtension"
	// ActivityReschedule is PlanExtension that also signalled the dependent
	// tasks itself, from inside the workflow task; kept for workflows that
	// approved an extension before PlanExtension existed.
	ActivityReschedule = "Reschedule"
)

// TaskWorkflowID is the workflow id of a task. Task ids are unique within their
// campaign, so the id is stable: starting the same task twice finds the first.
func TaskWorkflowID(campaign, task string) string {
	return "task/" + campaign + "/" + task
}

// TaskInput starts a task workflow. State is set only when the workflow continues
// as new; a fresh task starts from Spec.
type TaskInput struct {
	Spec  task.Spec   `json:"spec"`
	State *task.State `json:"state,omitempty"`
	// MaxUpdatesPerRun overrides DefaultMaxUpdatesPerRun (tests use a small one).
	MaxUpdatesPerRun int `json:"max_updates_per_run,omitempty"`
	// InlineNotices asks the first run to send the created task's notices
	// inside its first workflow task (notices_inline.go). Starters set it;
	// runs started before it existed have it false and replay as they ran.
	InlineNotices bool `json:"inline_notices,omitempty"`
}

// InitRequest is the payload of UpdateInit. SpecHash lets a second start of the
// same task id with different details be refused instead of silently ignored.
type InitRequest struct {
	SpecHash string `json:"spec_hash"`
}

// versionSeparateDuties marks runs whose update handlers apply the rule of
// separated duties (internal/domain/task/separation.go).
// Validators always apply it (they leave nothing in history and are not run
// again on replay); a handler of an older run applies the requests its
// validator accepted then, so histories recorded before the rule replay.
const versionSeparateDuties = "separation-of-duties"
