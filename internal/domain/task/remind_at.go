package task

import (
	"slices"
	"time"

	"github.com/closeout/closeout/internal/domain/quiethours"
)

// Reminders at a working hour (SPEC section 14): a reminder whose offset was
// written in whole days goes out at the policy's RemindAt on the calendar
// day, in the campaign's zone, of deadline-offset; for a date deadline that
// instant is 23:59:59, which is no time to tell anyone anything. Policies
// without RemindAt (every task started before it existed) remind at the
// exact instant, as they always did, so their histories replay unchanged.

// reminderAt is when the reminder at RemindBefore[i] before target goes out.
func (s *State) reminderAt(target time.Time, i int) time.Time {
	p := s.Spec.Plan.Policy
	exact := target.Add(-p.RemindBefore[i])
	if p.RemindAt == "" || i >= len(p.RemindDays) || !p.RemindDays[i] {
		return exact
	}
	at, err := quiethours.ParseClock(p.RemindAt)
	loc := s.zone()
	if err != nil || loc == nil { // planning writes neither; keep to the exact instant rather than guess
		return exact
	}
	// A whole-day offset is at least a calendar day, so the hour on that day
	// still comes before the target.
	return at.On(exact, loc)
}

// lastReminder is the index of the shortest remind_before offset: the last
// reminder before the deadline, and the one before each milestone.
func (s *State) lastReminder() (int, bool) {
	offs := s.Spec.Plan.Policy.RemindBefore
	if len(offs) == 0 {
		return 0, false
	}
	return slices.Index(offs, slices.Min(offs)), true
}

// yellowFrom is when an open task turns yellow on its own: when its last
// reminder before the deadline goes out (SPEC section 3, "the deadline is
// within the last reminder offset").
func (s *State) yellowFrom() (time.Time, bool) {
	i, ok := s.lastReminder()
	if !ok {
		return time.Time{}, false
	}
	return s.reminderAt(s.deadline(), i), true
}

// zoneCache keeps the loaded location of Policy.Zone: reminders are
// recomputed on every turn of the loop, and time.LoadLocation reads the
// zone database each time it is called.
type zoneCache struct {
	loaded bool
	name   string
	loc    *time.Location
}

// zone is the location of the policy's Zone ("" is UTC), or nil when it
// cannot be loaded. The plan was checked against the same zone database
// (cmd/closeout embeds one for hosts without their own), so it loads.
func (s *State) zone() *time.Location {
	name := s.Spec.Plan.Policy.Zone
	if !s.zoneCache.loaded || s.zoneCache.name != name {
		loc, err := time.LoadLocation(name)
		if err != nil {
			loc = nil
		}
		s.zoneCache = zoneCache{loaded: true, name: name, loc: loc}
	}
	return s.zoneCache.loc
}
