package importing

import (
	"context"
	"encoding/json"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/reverse"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
)

// Store is the projection an import reads and writes.
type Store interface {
	GetCampaign(ctx context.Context, id string) (store.Campaign, error)
	// CampaignPlan is the plan a campaign was imported with, for what a
	// re-import changes (Changes).
	CampaignPlan(ctx context.Context, id string) (json.RawMessage, error)
	UpsertPeople(ctx context.Context, people []store.Person) error
	UpsertUnitsAsChecked(ctx context.Context, units []store.Unit, checked store.UnitsAsChecked) error
	SaveCampaign(ctx context.Context, c store.Campaign) (store.Campaign, bool, error)
	RecordAudit(ctx context.Context, e audit.Entry) error
}

// Handover takes the specs an import scheduled, for the import workflow's
// activities (activities.Importer) to start the tasks from instead of
// parsing and scheduling the stored plan again. planning.Planner is one.
type Handover interface {
	HandOverSpecs(planHash string, calendarVersion int64, specs []task.Spec)
}

// Importer imports plans: Plan checks and schedules one (all a dry run
// does), Import stores it and starts its tasks.
type Importer struct {
	Store    Store
	Temporal client.Client
	// Handover is told the specs before the import workflow starts; nil
	// leaves the activities to schedule the stored plan themselves.
	Handover Handover
	// Now is the clock the rows are stamped with; default time.Now.
	Now func() time.Time
}

// Gate is what the caller admits, beyond the plan being valid: who may
// create the plan's people and units, what a workflow input may hold. An
// error it returns is returned as it is.
type Gate interface {
	// Plan admits a checked plan and answers its units as checked (for
	// Store.UpsertUnitsAsChecked).
	Plan(ctx context.Context, p *plan.Plan) (store.UnitsAsChecked, error)
	// Specs admits the specs the plan's tasks start from.
	Specs(p *plan.Plan, specs []task.Spec) error
}

// Request is one import: the decoded document, the options it is read
// with (people and units known, calendars, limits), the version of the
// calendars in those options, who imports it and the caller's gate.
type Request struct {
	Doc             Document
	Options         plan.ParseOptions
	CalendarVersion int64
	Actor           string
	Gate            Gate
}

// Planned is a plan checked, admitted and scheduled: what a dry run answers
// and what Import stores.
type Planned struct {
	Plan     *plan.Plan
	Schedule reverse.Result
	Specs    []task.Spec
	// Adjusted are the deadlines the schedule pulled earlier than the plan
	// asked, with why; never nil.
	Adjusted []Adjustment

	actor           string
	units           store.UnitsAsChecked
	calendarVersion int64
}

// Imported is the stored campaign once its tasks have started; Created is
// false when the same plan was imported before.
type Imported struct {
	Campaign store.Campaign
	Created  bool
}

// Plan runs the steps before anything is written: check, the caller's
// gate, schedule, the caller's gate on the specs.
func (im *Importer) Plan(ctx context.Context, req Request) (Planned, error) {
	p, res, err := Check(req.Doc, req.Options)
	if err != nil {
		return Planned{}, err
	}
	checked, err := req.Gate.Plan(ctx, p)
	if err != nil {
		return Planned{}, err
	}
	specs, err := Schedule(p, res)
	if err != nil {
		return Planned{}, err
	}
	if err := req.Gate.Specs(p, specs); err != nil {
		return Planned{}, err
	}
	return Planned{Plan: p, Schedule: res, Specs: specs, Adjusted: Adjustments(p, res), actor: req.Actor, units: checked, calendarVersion: req.CalendarVersion}, nil
}

// Import stores a planned campaign (Persist) and starts its tasks (Start).
// Importing the same plan again changes nothing; another plan under an
// existing id is refused (Conflict).
func (im *Importer) Import(ctx context.Context, pl Planned) (Imported, error) {
	cp, created, err := im.Persist(ctx, pl)
	if err != nil {
		return Imported{}, err
	}
	cp, err = im.Start(ctx, cp, pl)
	if err != nil {
		return Imported{}, err
	}
	return Imported{Campaign: cp, Created: created}, nil
}

func (im *Importer) now() time.Time {
	if im.Now == nil {
		return time.Now()
	}
	return im.Now()
}
