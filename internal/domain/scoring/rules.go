package scoring

// Rules are the points a task earns its owning unit. Negative points are
// deductions. A plan's scoring: block sets any of them; the rest keep
// DefaultRules.
type Rules struct {
	// ClosedOnTime and ClosedLate are earned once per closed task.
	ClosedOnTime float64 `json:"closed_on_time"`
	ClosedLate   float64 `json:"closed_late"`
	// PerWorkdayOverdue is counted for each working day a task was closed
	// after its deadline, or is past it and still open; OverdueCap bounds
	// what one task loses that way (a magnitude, 0 for no bound).
	PerWorkdayOverdue float64 `json:"per_workday_overdue"`
	OverdueCap        float64 `json:"overdue_cap"`
	// PerReturn is counted for each time a submission was sent back.
	PerReturn float64 `json:"per_return"`
	// PerUrge is counted for each urge (催办) of the task.
	PerUrge float64 `json:"per_urge"`
	// PerMissedReport, PerLateReport and PerDayToReceipt belong to the
	// periodic reports and receipts of SPEC section 18, which are not built
	// yet: their counts are zero until they are, so these points change
	// nothing today.
	PerMissedReport float64 `json:"per_missed_report"`
	PerLateReport   float64 `json:"per_late_report"`
	PerDayToReceipt float64 `json:"per_day_to_receipt"`
}

// DefaultRules are the points of a plan without scoring: (docs/scores.md):
// the county practice of deducting 0.5 a day overdue and 1 for a report
// sent back to redo, with a point for each task closed on time.
func DefaultRules() Rules {
	return Rules{
		ClosedOnTime:      1,
		ClosedLate:        0.5,
		PerWorkdayOverdue: -0.5,
		OverdueCap:        5,
		PerReturn:         -1,
		PerUrge:           -0.5,
		PerMissedReport:   -1,
		PerLateReport:     -0.5,
		PerDayToReceipt:   -0.5,
	}
}
