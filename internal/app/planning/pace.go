package planning

import (
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/plan"
)

// Pace (序时进度) needs a task's working days; the planner lists them in the
// task's plan so that the workflow, which has no calendar, can count how
// many have ended.

// hasTarget reports whether pace can measure the task: a child reports
// towards its parent's target and has none of its own.
func hasTarget(t plan.Task) bool {
	for _, ind := range t.Indicators {
		if ind.Target > 0 {
			return true
		}
	}
	return false
}

// paceDays is the end (in loc, as UTC) of every working day from first
// through last.
func paceDays(first, last calendar.Date, loc *time.Location, cal calendar.Calendar) ([]time.Time, error) {
	var days []time.Time
	for d := first; !d.After(last); d = d.AddDays(1) {
		work, err := cal.IsWorkday(d)
		if err != nil {
			return nil, err
		}
		if work {
			days = append(days, d.EndIn(loc).UTC())
		}
	}
	return days, nil
}
