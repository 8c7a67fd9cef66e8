package calendar

import (
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/i18n"
)

// Date is a civil date: a day in no particular timezone. Deadlines and
// phases are planned in whole days, so the scheduler works on Dates and only
// the caller turns them into instants (In, EndIn) in the campaign timezone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses a strict "YYYY-MM-DD" date and rejects impossible days
// such as 2024-02-30.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, i18n.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	y, okY := digits(s[0:4])
	m, okM := digits(s[5:7])
	d, okD := digits(s[8:10])
	if !okY || !okM || !okD {
		return Date{}, i18n.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	date := Date{Year: y, Month: time.Month(m), Day: d}
	if y < 1 || m < 1 || m > 12 || d < 1 || date.AddDays(0) != date {
		return Date{}, i18n.Errorf("invalid date %q: no such day", s)
	}
	return date, nil
}

// digits parses a fixed-width run of ASCII digits (no sign, no spaces, which
// strconv.Atoi would accept).
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d == Date{} }

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date {
	return fromDayNumber(d.dayNumber() + n)
}

// DaysSince returns the number of days from o to d (negative when d is
// earlier).
func (d Date) DaysSince(o Date) int { return d.dayNumber() - o.dayNumber() }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch a, b := d.dayNumber(), o.dayNumber(); {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// Day 0 (1970-01-01) was a Thursday.
	return time.Weekday(floorMod(d.dayNumber()+int(time.Thursday), 7))
}

// In returns midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// EndIn returns the last second of d in loc: the instant a task due "on d"
// is due. It is computed from the next midnight so that days shortened or
// lengthened by a DST change still end at their real end.
func (d Date) EndIn(loc *time.Location) time.Time {
	return d.AddDays(1).In(loc).Add(-time.Second)
}

// MarshalText formats d as YYYY-MM-DD; the zero Date is the empty string.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses YYYY-MM-DD; the empty string is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	parsed, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
