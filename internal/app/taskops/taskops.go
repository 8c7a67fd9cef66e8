// Package taskops acts on tasks through their workflows: it creates a task
// (update-with-start) and sends an action (an update), and answers with the
// task as projected afterwards. The API and the dashboard (and the Slack
// buttons) all go through it, so an action means the same from everywhere.
package taskops

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
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
	GetTask(ctx context.Context, campaign, id string) (task.View, error)
	GetPerson(ctx context.Context, id string) (store.Person, error)
}

// Units tells which units a person is a member of, and which units exist
// (*store.DB does).
type Units interface {
	UnitsOf(ctx context.Context, person string) ([]string, error)
	GetUnit(ctx context.Context, id string) (store.Unit, error)
}

// Standins tells whom a person stands in for at an instant: the people
// whose substitute window names them (SPEC section 14; *store.DB does).
type Standins interface {
	StandsInFor(ctx context.Context, substitute string, at time.Time) ([]string, error)
}

// Ops sends actions and creations to task workflows.
type Ops struct {
	Store    Store
	Temporal client.Client
	// Units resolves the actor's units for every action; nil means Store,
	// when it can (*store.DB). Without either, actors act in person only.
	Units Units
	// Standins resolves whom the actor stands in for; nil means Store, when
	// it can. Without either, nobody stands in for anyone.
	Standins Standins
	// Calendars times urges in working hours (urge.go); nil counts plain
	// elapsed time.
	Calendars WorkCalendars
	// Now is the clock substitute windows are read at; default time.Now.
	Now func() time.Time
	// Timeout bounds how long a caller waits for an action to be applied and
	// projected; default 30s.
	Timeout time.Duration
	// Meter counts the actions taken and how they ended; nil counts none.
	// Counting here, where the API, the dashboard and Slack all send their
	// actions, makes the count mean the same from everywhere.
	Meter Meter
}

// Meter counts actions by name (the table's, or "create") and outcome;
// *metrics.Domain is one.
type Meter interface {
	Action(action string, outcome task.Outcome)
}

// Outcome is how an action that answered err ended.
func Outcome(err error) task.Outcome {
	var re *task.RuleError
	switch {
	case err == nil:
		return task.OutcomeOK
	case errors.As(err, &re):
		return re.Outcome()
	case errors.Is(err, ErrNotFound):
		return task.OutcomeNotFound
	case errors.Is(err, ErrFinished):
		return task.OutcomeConflict
	}
	return task.OutcomeError
}

// HTTPStatus is the status of an answer to an action that ended as o; an
// error is the caller's to answer (500, or 503 while Temporal is away).
func HTTPStatus(o task.Outcome) int {
	switch o {
	case task.OutcomeOK:
		return http.StatusOK
	case task.OutcomeRefused:
		return http.StatusForbidden
	case task.OutcomeConflict:
		return http.StatusConflict
	case task.OutcomeInvalid:
		return http.StatusUnprocessableEntity
	case task.OutcomeTooSoon:
		return http.StatusTooManyRequests
	case task.OutcomeNotFound:
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

func (o *Ops) count(action string, err error) {
	if o.Meter != nil {
		o.Meter.Action(action, Outcome(err))
	}
}

// ActorOf is the person as the task rules see them act: their id, whether
// they are an admin, the units they are a member of (SPEC section 10) and,
// when units can also tell (Standins, as *store.DB does), the people they
// stand in for (SPEC section 14), all looked up now. units may be nil: no
// units, nobody stood in for.
func ActorOf(ctx context.Context, units Units, p store.Person) (task.Actor, error) {
	return ActorAt(ctx, units, p, time.Now())
}

// ActorAt is ActorOf with the substitute windows read at now (a caller with
// its own clock, such as the dashboard's).
func ActorAt(ctx context.Context, units Units, p store.Person, now time.Time) (task.Actor, error) {
	a := task.Actor{ID: p.ID, Admin: p.Has(store.RoleAdmin)}
	standins, _ := units.(Standins)
	err := resolveActor(ctx, units, standins, now, &a)
	return a, err
}

// resolveActor sets what the store says of a.ID: their units and the people
// they stand in for at now, each with that person's units. One level only:
// whom those people stand in for is not added, and nothing but the right
// to act for them passes on (Admin stays the actor's own).
func resolveActor(ctx context.Context, units Units, standins Standins, now time.Time, a *task.Actor) error {
	if err := resolveUnits(ctx, units, a); err != nil {
		return err
	}
	a.For = nil
	if standins == nil || a.ID == "" {
		return nil
	}
	people, err := standins.StandsInFor(ctx, a.ID, now)
	if err != nil {
		return fmt.Errorf("whom %s stands in for: %w", a.ID, err)
	}
	for _, id := range people {
		s := task.Actor{ID: id}
		if err := resolveUnits(ctx, units, &s); err != nil {
			return err
		}
		a.For = append(a.For, task.Standin{ID: id, Units: s.Units})
	}
	return nil
}

// resolveUnits sets a.Units to the units a.ID is a member of now, whatever
// they were: membership is the store's to say, never the request's.
func resolveUnits(ctx context.Context, units Units, a *task.Actor) error {
	if units == nil || a.ID == "" {
		return nil
	}
	ids, err := units.UnitsOf(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("units of %s: %w", a.ID, err)
	}
	if len(ids) == 0 {
		ids = nil
	}
	a.Units = ids
	return nil
}

func (o *Ops) units() Units {
	if o.Units != nil {
		return o.Units
	}
	u, _ := o.Store.(Units)
	return u
}

func (o *Ops) standins() Standins {
	if o.Standins != nil {
		return o.Standins
	}
	s, _ := o.Store.(Standins)
	return s
}

func (o *Ops) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Action is one request to send: which action of the table (task.Kinds)
// and its payload, a request of that kind with the actor set by the caller.
type Action struct {
	Kind    task.Kind
	Request task.Request
	// ID makes a repeat of the same action (an Idempotency-Key, a Slack
	// interaction) get the first outcome instead of acting twice.
	ID string
}

// Live loads a task and refuses a finished one.
func (o *Ops) Live(ctx context.Context, campaign, task string) (task.View, error) {
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
//
// The request's actor is given the units they are a member of (Units) and
// the people they stand in for now (Standins), so a unit's members may act
// for it, and a substitute for the person, from the API, the dashboard and
// Slack alike; callers set only who acts.
func (o *Ops) Act(ctx context.Context, t task.View, a Action) (_ task.View, err error) {
	defer func() { o.count(a.Kind.Name, err) }()
	if err := a.Kind.Rule(a.Request).Validate(); err != nil {
		return t, err
	}
	if err := resolveActor(ctx, o.units(), o.standins(), o.now(), a.Request.Acting()); err != nil {
		return t, err
	}
	if r, ok := a.Request.(*task.ReassignRequest); ok {
		if err := o.checkOwner(ctx, r.Owner); err != nil {
			return t, err
		}
	}
	if r, ok := a.Request.(*task.UrgeRequest); ok {
		if err := o.resolveUrge(ctx, t, r); err != nil {
			return t, err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	h, err := o.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   workflows.TaskWorkflowID(t.Campaign, t.ID),
		UpdateID:     a.ID,
		UpdateName:   a.Kind.Name,
		Args:         []any{a.Request},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	var view task.View
	if err == nil {
		err = h.Get(ctx, &view)
	}
	if err != nil {
		return t, o.refusal(ctx, t, err)
	}
	o.confirm(ctx, view)
	return view, nil
}

// checkOwner refuses a new owner that is neither a known person nor, as
// unit:ID, a known unit.
func (o *Ops) checkOwner(ctx context.Context, owner string) error {
	var err error
	what := "person " + owner
	if unit, ok := task.UnitOf(owner); ok {
		what = "unit " + unit
		if units := o.units(); units != nil {
			_, err = units.GetUnit(ctx, unit)
		} else {
			err = store.ErrNotFound
		}
	} else {
		_, err = o.Store.GetPerson(ctx, owner)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return &task.RuleError{Type: task.ErrTypeInvalid, Field: "owner", Message: "no " + what}
	case err != nil:
		return err // not knowing the new owner is no reason to assign the task to them
	}
	return nil
}

// Create starts a task's workflow and waits until the task is in the
// projection (update-with-start). The same spec again finds the running task
// and answers the same; other details under the same id are refused, and so
// is a task id whose task has already finished.
func (o *Ops) Create(ctx context.Context, spec task.Spec) (_ task.View, err error) {
	defer func() { o.count("create", err) }()
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	start := o.Temporal.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
		ID:                       workflows.TaskWorkflowID(spec.Campaign, spec.ID),
		TaskQueue:                workflows.TaskQueue,
		WorkflowIDConflictPolicy: enums.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enums.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
	}, workflows.TaskWorkflowName, workflows.TaskInput{Spec: spec, InlineNotices: true})
	h, err := o.Temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{
			UpdateName:   workflows.UpdateInit,
			Args:         []any{workflows.InitRequest{SpecHash: task.HashSpec(spec)}},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	var view task.View
	if err == nil {
		err = h.Get(ctx, &view)
	}
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return view, fmt.Errorf("%w: task %s already existed", ErrFinished, spec.ID)
	}
	if err != nil {
		return view, o.refusal(ctx, task.View{Campaign: spec.Campaign, ID: spec.ID}, err)
	}
	o.confirm(ctx, view)
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
func (o *Ops) refusal(ctx context.Context, t task.View, err error) error {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		var re task.RuleError
		if app.HasDetails() && app.Details(&re) == nil {
			return &re
		}
	}
	var nf *serviceerror.NotFound
	if !errors.As(err, &nf) {
		return transient(err)
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

// Adopt tells a dispatched task about a child created after it, and returns
// the parent as projected once it lists the child.
func (o *Ops) Adopt(ctx context.Context, campaign, parent string, r task.AdoptRequest) (task.View, error) {
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	h, err := o.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   workflows.TaskWorkflowID(campaign, parent),
		UpdateID:     "adopt/" + r.Child,
		UpdateName:   workflows.UpdateAdopt,
		Args:         []any{r},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	var view task.View
	if err == nil {
		err = h.Get(ctx, &view)
	}
	if err != nil {
		return view, o.refusal(ctx, task.View{Campaign: campaign, ID: parent}, err)
	}
	o.confirm(ctx, view)
	return view, nil
}
