package plan

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/i18n"
)

// Duration is a span written in a plan: a Go duration ("90s", "2h30m"),
// calendar days ("7d", "1d12h") or working days ("3wd").
//
// Days are kept apart from Clock because, anchored to a deadline, "7d"
// means the same clock time seven days away, which is not 168 hours across
// a daylight-saving change. Working days can only be resolved against a
// date and a calendar (see ResolvePolicy).
type Duration struct {
	Days     int           // calendar days
	Clock    time.Duration // the Go-duration part
	Workdays int           // working days; when set, Days and Clock are zero
}

// Limits that keep resolved durations far from time.Duration's range.
const (
	maxDurationDays     = 3660
	maxDurationWorkdays = 2600
)

// ParseDuration parses "3wd", "7d", "1d12h" or any non-negative Go duration.
func ParseDuration(s string) (Duration, error) {
	bad := func(why i18n.Text) (Duration, error) {
		return Duration{}, i18n.Errorf("invalid duration %q: %s", s, why)
	}
	units := i18n.T("use working days (3wd), days (7d, 1d12h) or Go units (90s, 2h, 1h30m)")
	if n, ok := strings.CutSuffix(s, "wd"); ok {
		workdays, err := wholeNumber(n)
		if err != nil {
			return bad(units)
		}
		if workdays > maxDurationWorkdays {
			return bad(i18n.T("at most %dwd", maxDurationWorkdays))
		}
		return Duration{Workdays: workdays}, nil
	}
	var d Duration
	rest := s
	if i := strings.IndexByte(s, 'd'); i > 0 {
		days, err := wholeNumber(s[:i])
		if err != nil {
			return bad(units)
		}
		d.Days, rest = days, s[i+1:]
	}
	if rest != "" || d.Days == 0 {
		clock, err := time.ParseDuration(rest)
		if err != nil {
			return bad(units)
		}
		d.Clock = clock
	}
	switch {
	case d.Clock < 0 || strings.HasPrefix(s, "-"):
		return bad(i18n.T("must not be negative"))
	case d.Days > maxDurationDays || d.Clock > maxDurationDays*24*time.Hour:
		return bad(i18n.T("at most %dd", maxDurationDays))
	}
	return d, nil
}

// wholeNumber parses a non-empty run of ASCII digits.
func wholeNumber(s string) (int, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" || len(s) > 9 {
		return 0, i18n.Errorf("not a whole number: %q", s)
	}
	return strconv.Atoi(s)
}

// IsZero reports whether d is no time at all.
func (d Duration) IsZero() bool { return d == Duration{} }

// InWorkdays reports whether d counts working days.
func (d Duration) InWorkdays() bool { return d.Workdays > 0 }

// WholeDays reports whether d is a number of days or working days with no
// time of day to it ("3d", "2wd"; not "1d12h" or "36h"): a reminder that far
// ahead goes out at the campaign's remind_at hour.
func (d Duration) WholeDays() bool {
	return d.InWorkdays() || (d.Days > 0 && d.Clock == 0)
}

// Fixed returns d as a fixed span, a day being 24 hours. It is meant for
// durations not anchored to a date (repeat, review_timeout), which the
// parser never lets count working days; for those it returns 0.
func (d Duration) Fixed() time.Duration {
	if d.InWorkdays() {
		return 0
	}
	return time.Duration(d.Days)*24*time.Hour + d.Clock
}

// String formats d as it would be written in a plan: "3wd", "7d", "1d12h",
// "1h30m", "0s".
func (d Duration) String() string {
	switch {
	case d.InWorkdays():
		return fmt.Sprintf("%dwd", d.Workdays)
	case d.Days > 0 && d.Clock == 0:
		return fmt.Sprintf("%dd", d.Days)
	case d.Days > 0:
		return fmt.Sprintf("%dd%s", d.Days, compactClock(d.Clock))
	}
	return compactClock(d.Clock)
}

// compactClock drops the zero minutes and seconds time.Duration.String
// writes ("2h0m0s" becomes "2h").
func compactClock(c time.Duration) string {
	s := c.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// MarshalText writes the plan form, so a Duration marshals as a string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses the plan form.
func (d *Duration) UnmarshalText(b []byte) error {
	parsed, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
