package planning

import (
	"context"
	"sync"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/platform/store"
)

// CalendarName is the calendar admins load years of: the official China one.
const CalendarName = "cn"

// CalendarStore keeps the calendar years admins loaded (SPEC section 13). A
// planner over a store without it plans cn as shipped, provisional after.
type CalendarStore interface {
	CalendarVersion(ctx context.Context, name string) (int64, error)
	CalendarYears(ctx context.Context, name string) ([]store.CalendarYear, error)
}

// Calendars is the calendar set plans are read with, built over the loaded
// years and kept until their version in the store moves. The api and the
// worker are separate processes, each with its own Calendars: every plan
// asks the store for the version (one aggregate over a few rows), so a year
// loaded through one process is planned with by the other from its next
// plan on.
type Calendars struct {
	store CalendarStore

	mu      sync.Mutex
	version int64
	set     *calendar.Set
}

// NewCalendars reads loaded years from s; a nil s means none are loaded.
func NewCalendars(s CalendarStore) *Calendars { return &Calendars{store: s} }

// Current returns the calendars as the store has them now, and the version
// they were built at (0: no year loaded).
func (c *Calendars) Current(ctx context.Context) (*calendar.Set, int64, error) {
	if c == nil || c.store == nil {
		return nil, 0, nil // a nil *calendar.Set is cn as shipped
	}
	version, err := c.store.CalendarVersion(ctx, CalendarName)
	if err != nil {
		return nil, 0, err
	}
	c.mu.Lock()
	if c.set != nil && c.version == version {
		set := c.set
		c.mu.Unlock()
		return set, version, nil
	}
	c.mu.Unlock()
	rows, err := c.store.CalendarYears(ctx, CalendarName)
	if err != nil {
		return nil, 0, err
	}
	// Key the set by what was read: a year loaded between the two queries
	// is in rows, and the next Current sees its version.
	years := make([]calendar.Year, len(rows))
	version = 0
	for i, r := range rows {
		years[i] = r.Year
		version = max(version, r.Version)
	}
	set, err := calendar.NewSet(years)
	if err != nil {
		return nil, 0, err
	}
	c.mu.Lock()
	c.set, c.version = set, version
	c.mu.Unlock()
	return set, version, nil
}
