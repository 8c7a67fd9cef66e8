package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/closeout/closeout/internal/app/importing"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/formats/ledger"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// How the API admits a plan beyond its being valid, and how it words a
// refused import (imports.go).

// importGate is what the API admits of a plan beyond its being valid: text
// without NUL, people created only by an admin, units only by whoever may
// write them, and tasks small enough to be a workflow's input.
type importGate struct {
	s  *Server
	me store.Person
}

func (g importGate) Plan(ctx context.Context, p *plan.Plan) (store.UnitsAsChecked, error) {
	if field, bad := nulField(p); bad {
		return nil, nulProblem(field, "the plan is not valid")
	}
	if len(p.People) > 0 && !g.me.Has(store.RoleAdmin) {
		return nil, forbidden("only an admin may create people; remove people: from the plan or ask an admin to import it")
	}
	return g.s.planUnitsAllowed(ctx, g.me, p) // refused whole, before anything is written
}

func (g importGate) Specs(p *plan.Plan, specs []task.Spec) error {
	if errs := oversizedSpecs(specs, planTaskField(p)); len(errs) > 0 {
		return unprocessable("the plan has tasks too large to run").with(errs...)
	}
	return nil
}

// importProblem words a failed import: a body that is no usable workbook
// (413 too large, 422 otherwise), a refusal as its problem, a unit
// changed under the import as 409, anything else as it is. For a workbook,
// the problem's fields become the cells they came from. campaign is the
// plan's id, which a conflict names (only an import, not its planning,
// meets one).
func importProblem(doc importing.Document, campaign string, err error) error {
	switch {
	case errors.Is(err, importing.ErrUnsupportedType):
		return problem(http.StatusUnsupportedMediaType,
			"send the plan as application/json or application/yaml, or a ledger as %s", importing.WorkbookContentType)
	case errors.Is(err, ledger.ErrTooLarge):
		// Its wrapping names the sheet and the limit.
		return problemText(http.StatusRequestEntityTooLarge, i18n.TextOf(err))
	case errors.Is(err, ledger.ErrEncrypted):
		return problemText(http.StatusUnprocessableEntity,
			textOr(err, i18n.T("the workbook is password-protected: save it without a password to import it")))
	case errors.Is(err, ledger.ErrNotWorkbook):
		return problemText(http.StatusUnprocessableEntity, textOr(err, i18n.T("not an Excel workbook (.xlsx)")))
	case errors.Is(err, errPlanTooLarge):
		return problem(http.StatusRequestEntityTooLarge, "the plan is too large")
	}
	var pr *Problem
	if r, ok := errors.AsType[*importing.Refusal](err); ok {
		switch r.Reason {
		case importing.Invalid:
			if ve, ok := errors.AsType[*plan.ValidationError](r.Err); ok && ve.Unmet {
				err = planProblem(r.Err, "the plan cannot be met as written (set allow_infeasible: true to import it anyway)")
			} else {
				err = planProblem(r.Err, "the plan is not valid")
			}
		case importing.InvalidLedger: // its fields are at their cells already
			pr = unprocessable("the ledger is not valid").with(fieldErrors(r.Fields)...)
			pr.MoreErrors = r.More // beyond the ledger's first MaxErrors, counted only
			return pr
		case importing.Unschedulable:
			err = unprocessable("the plan cannot be scheduled").with(FieldError{Message: i18n.TextOf(r.Err)})
		case importing.Conflict:
			err = conflict("campaign %s exists with a different plan; add tasks with POST /api/v1/campaigns/%[1]s/tasks", campaign)
		}
	}
	err = unitWriteError(err)
	if doc.Ledger == nil || !errors.As(err, &pr) || len(pr.Errors) == 0 {
		return err
	}
	located := *pr
	fields := make([]ledger.FieldError, len(pr.Errors))
	for i, e := range pr.Errors {
		fields[i] = ledger.FieldError{Field: e.Field, Message: e.Message.En, Zh: e.Message.Zh}
	}
	cells := doc.Cells(fields)
	located.Errors = make([]FieldError, len(cells))
	for i, e := range cells {
		located.Errors[i] = FieldError{Field: e.Field, Message: e.Text()}
	}
	return &located
}

// fieldErrors are a refusal's fields as the API lists them.
func fieldErrors(in []importing.FieldError) []FieldError {
	out := make([]FieldError, len(in))
	for i, e := range in {
		out[i] = FieldError{Field: e.Field, Message: e.Text()}
	}
	return out
}

// planProblem answers a plan's validation errors, each with its field path
// (writeProblem lists the first MaxErrors and counts the rest), the detail
// worded by format and args; a plan over the task or unit limit is 413.
func planProblem(err error, format string, args ...any) error {
	var ve *plan.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	fields := make([]FieldError, len(ve.Errors))
	for i, fe := range ve.Errors {
		fields[i] = FieldError{Field: fe.Field, Message: fe.Text()}
	}
	if ve.TooLarge {
		return problem(http.StatusRequestEntityTooLarge, "the plan is too large").with(fields...)
	}
	return unprocessable(format, args...).with(fields...)
}
