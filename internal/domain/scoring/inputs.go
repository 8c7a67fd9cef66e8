package scoring

// Unit is a unit that may be scored: every unit owning a task of the
// campaign, and any unit given points by hand.
type Unit struct {
	ID    string
	Name  string
	Class string // 市县, 省直部门, …; "" for a unit of no class
}

// Task is what one task of a unit counts for.
type Task struct {
	ID   string
	Unit string
	// Closed and OnTime: a closed task is on time when it closed by its
	// deadline (lateness counts against the original deadline).
	Closed bool
	OnTime bool
	// WorkdaysOverdue are the working days between the deadline and the
	// close, or now for a task still open past it.
	WorkdaysOverdue int
	Returns         int
	Urges           int
	// MissedReports, LateReports and DaysToReceipt (days beyond the
	// receipt's within) are zero until periodic reports and receipts are
	// built (SPEC section 18); no data is invented for them.
	MissedReports int
	LateReports   int
	DaysToReceipt int
}

// Adjustment adds (or, negative, removes) points by hand, with a reason.
type Adjustment struct {
	Unit   string
	Points float64
	Reason string
}
