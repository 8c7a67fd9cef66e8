// Package calendar knows which days are working days.
//
// A Calendar answers one question, IsWorkday, and may refuse with an error
// for a date it has no data for (the official China calendar is published a
// year at a time, so guessing would be wrong). The helpers in this package
// (PrevWorkday, AddWorkdays, WorkdaysBetween, ...) are functions rather than
// methods so that every Calendar gets them for free.
package calendar

import (
	"errors"

	"github.com/closeout/closeout/internal/i18n"
)

// Calendar tells working days from days off.
type Calendar interface {
	// Name identifies the calendar ("cn", "weekdays", "none", "inline").
	Name() string
	// IsWorkday reports whether d is a working day. It returns an error,
	// typically an *OutOfRangeError, when the calendar has no data for d.
	IsWorkday(d Date) (bool, error)
}

// ErrOutOfRange is matched (errors.Is) by every *OutOfRangeError.
var ErrOutOfRange = errors.New("date outside the calendar's data")

// OutOfRangeError says that a calendar has no data for a date.
type OutOfRangeError struct {
	Calendar    string
	Date        Date
	First, Last Date // the dates the calendar covers, inclusive
}

func (e *OutOfRangeError) Error() string { return e.Text().En }

// Text is the error in both languages.
func (e *OutOfRangeError) Text() i18n.Text {
	return i18n.T("calendar %s has no data for %s: it covers %s to %s", e.Calendar, e.Date, e.First, e.Last)
}

// Unwrap gives the error's words as an *i18n.Error, for i18n.TextOf.
func (e *OutOfRangeError) Unwrap() error { return &i18n.Error{Text: e.Text()} }

// Is makes errors.Is(err, ErrOutOfRange) true.
func (e *OutOfRangeError) Is(target error) bool { return target == ErrOutOfRange }

// maxScanDays bounds every day-by-day search. A calendar without a single
// working day in ten years is misconfigured, and the bound keeps an inline
// calendar made only of holidays from looping for ever.
const maxScanDays = 3660

// errNoWorkday reports a search that found no working day within maxScanDays.
func errNoWorkday(cal Calendar, from Date, direction string) error {
	if direction == "before" {
		return i18n.Errorf("calendar %s has no working day within %d days before %s", cal.Name(), maxScanDays, from)
	}
	return i18n.Errorf("calendar %s has no working day within %d days after %s", cal.Name(), maxScanDays, from)
}

// PrevWorkday returns the last working day on or before d.
func PrevWorkday(cal Calendar, d Date) (Date, error) {
	return scan(cal, d, -1, "before")
}

// NextWorkday returns the first working day on or after d.
func NextWorkday(cal Calendar, d Date) (Date, error) {
	return scan(cal, d, +1, "after")
}

func scan(cal Calendar, d Date, step int, direction string) (Date, error) {
	for i := 0; i < maxScanDays; i++ {
		ok, err := cal.IsWorkday(d)
		if err != nil {
			return Date{}, err
		}
		if ok {
			return d, nil
		}
		d = d.AddDays(step)
	}
	return Date{}, errNoWorkday(cal, d, direction)
}

// AddWorkdays returns the n-th working day after d for n > 0, the |n|-th
// working day before d for n < 0, and d itself for n == 0. d need not be a
// working day: three working days before a Saturday is the Wednesday of a
// plain week.
func AddWorkdays(cal Calendar, d Date, n int) (Date, error) {
	step, direction := 1, "after"
	if n < 0 {
		step, direction, n = -1, "before", -n
	}
	for idle := 0; n > 0; {
		if idle >= maxScanDays {
			return Date{}, errNoWorkday(cal, d, direction)
		}
		d = d.AddDays(step)
		ok, err := cal.IsWorkday(d)
		if err != nil {
			return Date{}, err
		}
		if ok {
			n, idle = n-1, 0
		} else {
			idle++
		}
	}
	return d, nil
}

// WorkdaysBetween counts the working days w with from <= w < to; it is 0
// when to is not after from.
func WorkdaysBetween(cal Calendar, from, to Date) (int, error) {
	count := 0
	for d := from; d.Before(to); d = d.AddDays(1) {
		ok, err := cal.IsWorkday(d)
		if err != nil {
			return 0, err
		}
		if ok {
			count++
		}
	}
	return count, nil
}
