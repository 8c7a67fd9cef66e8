package plan

import (
	"math"

	"github.com/closeout/closeout/internal/domain/scoring"
)

// maxPoints bounds each rule's points: a score is read by people, and a
// rule worth a million points is a typing mistake.
const maxPoints = 1000

// scoringFields are the keys of scoring:, each one rule of scoring.Rules.
func scoringFields(r *scoring.Rules) map[string]*float64 {
	return map[string]*float64{
		"closed_on_time": &r.ClosedOnTime, "closed_late": &r.ClosedLate,
		"per_workday_overdue": &r.PerWorkdayOverdue, "overdue_cap": &r.OverdueCap,
		"per_return": &r.PerReturn, "per_urge": &r.PerUrge,
		"per_missed_report": &r.PerMissedReport, "per_late_report": &r.PerLateReport,
		"per_day_to_receipt": &r.PerDayToReceipt,
	}
}

// scoringKeys are scoringFields' keys in the order a plan's reader meets
// them in the docs (docs/scores.md).
var scoringKeys = []string{
	"closed_on_time", "closed_late", "per_workday_overdue", "overdue_cap", "per_return", "per_urge",
	"per_missed_report", "per_late_report", "per_day_to_receipt",
}

// readScoring reads scoring: over the default rules. It gives nil when the
// rules are the defaults, given or not, so that spelling them out does not
// change what the plan means (its hash).
func (r *reader) readScoring(o object) *scoring.Rules {
	so, ok := r.object("scoring", o.fields["scoring"], scoringKeys)
	if !ok {
		return nil
	}
	rules := scoring.DefaultRules()
	fields := scoringFields(&rules)
	for _, key := range scoringKeys {
		v, ok := r.number(so, key, optional)
		switch {
		case !ok:
		case math.Abs(v) > maxPoints:
			r.fail(so.fields[key], at(so.path, key), "must be between -%d and %d points", maxPoints, maxPoints)
		case key == "overdue_cap" && v < 0:
			r.fail(so.fields[key], at(so.path, key), "must not be negative: it bounds the points one task loses for being overdue (0 for no bound)")
		default:
			*fields[key] = v
		}
	}
	if rules == scoring.DefaultRules() {
		return nil
	}
	return &rules
}

// ScoringRules are the plan's points for scores: its scoring: block over
// the defaults.
func (p *Plan) ScoringRules() scoring.Rules {
	if p.Scoring == nil {
		return scoring.DefaultRules()
	}
	return *p.Scoring
}
