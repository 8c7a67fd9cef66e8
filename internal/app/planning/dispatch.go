package planning

import (
	"context"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/i18n"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/reverse"
)

// DispatchSpec plans the child of a dispatched task for a unit added later
// (POST /campaigns/{id}/tasks with parent and unit): plan.DispatchTo's
// child, scheduled on its own, as it has no dependencies. The unit must be
// one of the plan's or one unitExists knows: the stored plan, parsed again,
// takes any unit, as those outside it were checked at import. Errors about
// the request are a *plan.ValidationError on "parent" or "unit".
func (p *Planner) DispatchSpec(ctx context.Context, campaign, parent, unit string, unitExists func(string) bool) (task.Spec, error) {
	pl, _, err := p.CampaignPlan(ctx, campaign)
	if err != nil {
		return task.Spec{}, err
	}
	if _, inPlan := pl.Unit(unit); !inPlan && (unitExists == nil || !unitExists(unit)) {
		return task.Spec{}, &plan.ValidationError{Errors: []plan.FieldError{unknownUnit(unit)}}
	}
	child, err := pl.DispatchTo(parent, unit)
	if err != nil {
		return task.Spec{}, err
	}
	res, err := reverse.Run(plan.ScheduleInput(pl, []plan.Task{child}))
	if err != nil {
		return task.Spec{}, err
	}
	if len(res.Problems) > 0 && !pl.AllowInfeasible {
		var errs []plan.FieldError
		for _, pr := range res.Problems {
			errs = append(errs, plan.FieldError{Field: "unit", Message: pr.Message, Zh: pr.Zh})
		}
		return task.Spec{}, &plan.ValidationError{Errors: errs}
	}
	return Spec(pl, child, res.Tasks[0])
}

func unknownUnit(unit string) plan.FieldError {
	t := i18n.T("unknown unit %q", unit)
	return plan.FieldError{Field: "unit", Message: t.En, Zh: t.Zh}
}
