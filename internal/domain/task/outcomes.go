package task

// Outcome names how an action ended, in one vocabulary for metrics labels,
// HTTP statuses and logs.
type Outcome string

// The outcomes: ok; refused (the actor may not); conflict (the task's state
// does not allow it, or it finished); invalid (the request is wrong);
// too_soon (allowed, but not yet: a second urge inside its window);
// not_found (no such task); error (anything else: Temporal or the database
// failing, a timeout).
const (
	OutcomeOK       Outcome = "ok"
	OutcomeRefused  Outcome = "refused"
	OutcomeConflict Outcome = "conflict"
	OutcomeInvalid  Outcome = "invalid"
	OutcomeTooSoon  Outcome = "too_soon"
	OutcomeNotFound Outcome = "not_found"
	OutcomeError    Outcome = "error"
)

// Outcomes is every outcome, for metrics that create their series up front.
var Outcomes = []Outcome{OutcomeOK, OutcomeRefused, OutcomeConflict, OutcomeInvalid, OutcomeTooSoon, OutcomeNotFound, OutcomeError}

// Outcome is how a refusal by the rules ends the action.
func (e *RuleError) Outcome() Outcome {
	switch e.Type {
	case ErrTypeForbidden:
		return OutcomeRefused
	case ErrTypeConflict:
		return OutcomeConflict
	case ErrTypeTooSoon:
		return OutcomeTooSoon
	}
	return OutcomeInvalid
}
