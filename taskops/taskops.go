// Package taskops acts on tasks through their workflows: it creates a task
// (update-with-start) and sends an action (an update), and answers with the
// task as projected afterwards. The API and the dashboard (and the Slack
// buttons) all go through it, so an action means the same from everywhere.
package taskops

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/closeout/closeout/store"
	"github.com/closeout/closeout/workflows"
)

// Errors besides the rules' own refusals (*workflows.RuleError).
var (
	// ErrNotFound: no such task.
	ErrNotFound = errors.New("no such task")
	// ErrFinished: the task is closed or cancelled; nothing changes it any more.
	ErrFinished = errors.New("the task has finished and can no longer change")
)

// Store is what taskops reads.
type Store interface {
	GetTask(ctx context.Context, campaign, id string) (workflows.TaskView, error)
	GetPerson(ctx context.Context, id string) (store.Person, error)
}

// Ops sends actions and creations to task workflows.
type Ops struct {
	Store    Store
	Temporal client.Client
	// Timeout bounds how long a caller waits for an action to be applied and
	// projected; default 30s.
	Timeout time.Duration
}

// Action is one request to send: the update name, its payload, and the
// action the rules check it as.
type Action struct {
	Update  string
	Request any
	Check   workflows.Action
	// ID makes a repeat of the same action (an Idempotency-Key, a Slack
	// interaction) get the first outcome instead of acting twice.
	ID string
}

// Live loads a task and refuses a finished one.
func (o *Ops) Live(ctx context.Context, campaign, task string) (workflows.TaskView, error) {
	t, err := o.Store.GetTask(ctx, campaign, task)
	if errors.Is(err, store.ErrNotFound) {
		return t, ErrNotFound
	}
	if err != nil {
		return t, err
	}
	if t.Status.Terminal() {
		return t, fmt.Errorf("%w: it is %s", ErrFinished, t.Status)
	}
	return t, nil
}

// Act checks the action on its own, sends it to the task's workflow and
// returns the task as projected once the workflow applied it. Only t's
// campaign and id are used: a caller may pass just those and skip reading the
// task first, since an unknown or finished task is told apart afterwards.
// Refusals come back as *workflows.RuleError, the same the workflow's
// validators give.
func (o *Ops) Act(ctx context.Context, t workflows.TaskView, a Action) (workflows.TaskView, error) {
	if err := a.Check.Validate(); err != nil {
		return t, err
	}
	if r, ok := a.Request.(*workflows.ReassignRequest); ok {
		switch _, err := o.Store.GetPerson(ctx, r.Owner); {
		case errors.Is(err, store.ErrNotFound):
			return t, &workflows.RuleError{Type: workflows.ErrTypeInvalid, Field: "owner", Message: "no person " + r.Owner}
		case err != nil:
			return t, err // not knowing the new owner is no reason to assign the task to them
		}
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	h, err := o.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   workflows.TaskWorkflowID(t.Campaign, t.ID),
		UpdateID:     a.ID,
		UpdateName:   a.Update,
		Args:         []any{a.Request},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	var view workflows.TaskView
	if err == nil {
		err = h.Get(ctx, &view)
	}
	if err != nil {
		return t, o.refusal(ctx, t, err)
	}
	return view, nil
}

// Create starts a task's workflow and waits until the task is in the
// projection (update-with-start). The same spec again finds the running task
// and answers the same; other details under the same id are refused, and so
// is a task id whose task has already finished.
func (o *Ops) Create(ctx context.Context, spec workflows.TaskSpec) (workflows.TaskView, error) {
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	start := o.Temporal.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
		ID:                       workflows.TaskWorkflowID(spec.Campaign, spec.ID),
		TaskQueue:                workflows.TaskQueue,
		WorkflowIDConflictPolicy: enums.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enums.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
	}, workflows.TaskWorkflowName, workflows.TaskInput{Spec: spec})
	h, err := o.Temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{
			UpdateName:   workflows.UpdateInit,
			Args:         []any{workflows.InitRequest{SpecHash: workflows.HashSpec(spec)}},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	var view workflows.TaskView
	if err == nil {
		err = h.Get(ctx, &view)
	}
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return view, fmt.Errorf("%w: task %s already existed", ErrFinished, spec.ID)
	}
	if err != nil {
		return view, o.refusal(ctx, workflows.TaskView{Campaign: spec.Campaign, ID: spec.ID}, err)
	}
	return view, nil
}

func (o *Ops) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return 30 * time.Second
}

// refusal recovers the rules' refusal from a failed update. A workflow that
// is not found either never existed (an unknown task) or has ended (the task
// finished); the projection tells which.
func (o *Ops) refusal(ctx context.Context, t workflows.TaskView, err error) error {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		var re workflows.RuleError
		if app.HasDetails() && app.Details(&re) == nil {
			return &re
		}
	}
	var nf *serviceerror.NotFound
	if !errors.As(err, &nf) {
		return err
	}
	stored, gerr := o.Store.GetTask(ctx, t.Campaign, t.ID)
	switch {
	case errors.Is(gerr, store.ErrNotFound):
		return ErrNotFound
	case gerr != nil:
		return gerr
	}
	return fmt.Errorf("%w: it is %s", ErrFinished, stored.Status)
}
