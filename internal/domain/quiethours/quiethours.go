// Package quiethours reads the times of day of SPEC section 14: a person's
// or a campaign's quiet hours ("22:00-08:00") and the hour whole-day
// reminders go out at ("09:00"). It is pure (no clock, no I/O), so both the
// deterministic workflow code and the notify activity use it.
package quiethours

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Clock is a time of day, in minutes after midnight.
type Clock int

// ParseClock reads "HH:MM" (24-hour; "24:00" is not a time of day).
func ParseClock(s string) (Clock, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, fmt.Errorf("%q is not a time of day (HH:MM, 00:00 to 23:59)", s)
	}
	return Clock(hh*60 + mm), nil
}

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// On is the instant of this time of day on t's calendar day in loc.
func (c Clock) On(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), int(c)/60, int(c)%60, 0, 0, loc)
}

// Window is a daily stretch of quiet from Start to End; End before Start
// means it runs past midnight ("22:00-08:00"). The zero Window is no quiet.
type Window struct {
	Start, End Clock
	set        bool
}

// Parse reads "HH:MM-HH:MM". An empty string is no quiet hours; a window
// whose ends are equal is refused (it would be all day or nothing).
func Parse(s string) (Window, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Window{}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return Window{}, fmt.Errorf("%q is not a quiet-hours window (HH:MM-HH:MM)", s)
	}
	start, err := ParseClock(a)
	if err != nil {
		return Window{}, err
	}
	end, err := ParseClock(b)
	if err != nil {
		return Window{}, err
	}
	if start == end {
		return Window{}, fmt.Errorf("quiet hours %q start and end at the same time", s)
	}
	return Window{Start: start, End: end, set: true}, nil
}

// IsZero reports a window that holds nothing.
func (w Window) IsZero() bool { return !w.set }

func (w Window) String() string {
	if !w.set {
		return ""
	}
	return w.Start.String() + "-" + w.End.String()
}

// Until reports whether t falls inside the window in loc and, if so, the
// instant the quiet ends: the first End at or after t.
func (w Window) Until(t time.Time, loc *time.Location) (time.Time, bool) {
	if !w.set {
		return time.Time{}, false
	}
	local := t.In(loc)
	now := Clock(local.Hour()*60 + local.Minute())
	inside := false
	if w.Start < w.End {
		inside = now >= w.Start && now < w.End
	} else {
		inside = now >= w.Start || now < w.End
	}
	if !inside {
		return time.Time{}, false
	}
	end := w.End.On(local, loc)
	if !end.After(t) {
		end = w.End.On(local.AddDate(0, 0, 1), loc)
	}
	return end, true
}
