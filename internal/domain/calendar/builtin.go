package calendar

import "time"

// weekdays works Monday to Friday, every week, with no holidays.
type weekdays struct{}

func (weekdays) Name() string { return "weekdays" }

func (weekdays) IsWorkday(d Date) (bool, error) { return isWeekday(d), nil }

func isWeekday(d Date) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// everyDay treats every day as a working day: deadlines count in plain
// calendar days.
type everyDay struct{}

func (everyDay) Name() string { return "none" }

func (everyDay) IsWorkday(Date) (bool, error) { return true, nil }
