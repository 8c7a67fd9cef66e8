package importing

import (
	"errors"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/reverse"
	"github.com/closeout/closeout/internal/formats/ledger"
)

// Check reads, validates and schedules the document (plan.Check: parse and
// schedule problems in one answer). A workbook with errors of its own is
// checked only to find the plan's errors too, and refused with all of them
// at their cells (InvalidLedger).
func Check(doc Document, opts plan.ParseOptions) (*plan.Plan, reverse.Result, error) {
	p, res, err := plan.Check(doc.Data, doc.Format, opts)
	if doc.Ledger != nil && len(doc.Ledger.Errors) > 0 {
		return nil, reverse.Result{}, ledgerRefusal(doc.Ledger, err)
	}
	if err != nil {
		if _, ok := errors.AsType[*plan.ValidationError](err); ok {
			return nil, reverse.Result{}, &Refusal{Reason: Invalid, Detail: checkDetail(err), Err: err}
		}
		return nil, reverse.Result{}, err
	}
	return p, res, nil
}

// checkDetail words the refusal of a plan: schedule problems alone mean the
// plan is well formed but cannot be met, which allow_infeasible overrides.
func checkDetail(err error) string {
	if ve, ok := errors.AsType[*plan.ValidationError](err); ok && ve.Unmet {
		return "the plan cannot be met as written (set allow_infeasible: true to import it anyway)"
	}
	return "the plan is not valid"
}

// ledgerRefusal refuses a workbook with errors of its own, adding the
// plan's (checkErr, from checking what could be read) at their cells. A
// failure other than the plan's errors is returned as it is.
func ledgerRefusal(res *ledger.Result, checkErr error) error {
	var planErrs []ledger.FieldError
	if checkErr != nil {
		ve, ok := errors.AsType[*plan.ValidationError](checkErr)
		if !ok {
			return checkErr
		}
		for _, e := range ve.Errors {
			planErrs = append(planErrs, ledger.FieldError{Field: e.Field, Message: e.Message, Zh: e.Zh})
		}
	}
	located := res.Locate(planErrs)
	fields := make([]FieldError, len(located))
	for i, e := range located {
		fields[i] = FieldError{Field: e.Field, Message: e.Message, Zh: e.Zh} // the Chinese travels with each
	}
	return &Refusal{Reason: InvalidLedger, Detail: "the ledger is not valid", Fields: fields, More: res.MoreErrors}
}
