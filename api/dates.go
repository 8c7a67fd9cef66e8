package api

import (
	"fmt"
	"time"

	"github.com/closeout/closeout/calendar"
)

// parseDeadline reads a date (the end of that day in the campaign's timezone)
// or an RFC 3339 instant.
func parseDeadline(s, timezone string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want YYYY-MM-DD or an RFC 3339 time")
	}
	loc, err := time.LoadLocation(timezone)
	if err != nil {
		loc = time.UTC
	}
	return d.EndIn(loc).UTC(), nil
}
