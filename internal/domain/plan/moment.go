package plan

import (
	"encoding/json"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/i18n"
)

// Moment is a date or timestamp from a plan, resolved in the campaign
// timezone: both the exact instant and the civil date are kept, because
// timers need the instant and the scheduler works on dates.
type Moment struct {
	Time time.Time     // the instant, in the campaign timezone
	Date calendar.Date // the civil date of Time in the campaign timezone
	// DateOnly is set when the plan gave a date (YYYY-MM-DD) rather than a
	// timestamp. A date deadline is due at the end of that day (Time is
	// its last second); a date start begins at its midnight.
	DateOnly bool
}

// IsZero reports whether m is unset.
func (m Moment) IsZero() bool { return m.Time.IsZero() && m.Date.IsZero() }

// String formats m as it would be written in a plan.
func (m Moment) String() string {
	if m.DateOnly {
		return m.Date.String()
	}
	return m.Time.Format(time.RFC3339Nano)
}

// MarshalJSON writes the plan form ("2024-06-30" or an RFC 3339 timestamp
// with the campaign timezone's offset).
func (m Moment) MarshalJSON() ([]byte, error) { return json.Marshal(m.String()) }

// Which end of a date-only day a Moment stands for.
type dayEdge bool

const (
	endOfDay   dayEdge = true  // deadlines: due by the end of the day
	startOfDay dayEdge = false // the campaign start: work may begin that morning
)

// parseMoment reads "YYYY-MM-DD" (a whole day in loc) or an RFC 3339
// timestamp (an exact instant, which must carry its UTC offset).
func parseMoment(s string, loc *time.Location, edge dayEdge) (Moment, error) {
	if len(s) == len("2006-01-02") {
		d, err := calendar.ParseDate(s)
		if err != nil {
			return Moment{}, err
		}
		m := Moment{Date: d, DateOnly: true, Time: d.In(loc)}
		if edge == endOfDay {
			m.Time = d.EndIn(loc)
		}
		return m, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return Moment{}, i18n.Errorf("invalid date %q: want YYYY-MM-DD or an RFC 3339 timestamp with its offset, such as 2024-06-30T18:00:00+08:00", s)
	}
	t = t.In(loc)
	if t.Year() < 1 || t.Year() > 9999 {
		return Moment{}, i18n.Errorf("invalid date %q: year out of range", s)
	}
	return Moment{Time: t, Date: calendar.DateOf(t)}, nil
}

// ParseDeadline reads a deadline the way a plan does: "YYYY-MM-DD" is the end
// of that day in loc, an RFC 3339 timestamp is that instant. The API and the
// dashboard read extension dates with it, so a date means the same everywhere.
func ParseDeadline(s string, loc *time.Location) (time.Time, error) {
	m, err := parseMoment(s, loc, endOfDay)
	if err != nil {
		return time.Time{}, err
	}
	return m.Time.UTC(), nil
}

// momentAt makes a Moment of an instant (the import time, for a default
// start).
func momentAt(t time.Time, loc *time.Location) Moment {
	t = t.In(loc)
	return Moment{Time: t, Date: calendar.DateOf(t)}
}
