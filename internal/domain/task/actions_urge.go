package task

import (
	"errors"
	"slices"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
)

// Urging (催办, SPEC section 18): those who oversee a task press its owner.
// An urge is a notice and an `urged` event, counted per task; at most one
// per urgeWindow of working time, so an owner is pressed, not flooded.

// urgeWindow is how much working time must pass after an urge before the
// next. "4 working hours" is counted simply, and only so: elapsed time that
// falls on the campaign calendar's working days, each a whole day from
// midnight to midnight in the campaign's timezone. Office hours are not
// modelled, so an urge at 22:00 on a Friday (2 hours of Friday left) allows
// the next at 02:00 on Monday, and weekends and holidays do not count.
const urgeWindow = 4 * time.Hour

// urgeDays is how many days from the urge's own the caller resolves from
// the calendar: enough for the longest holiday run (Spring Festival with its
// weekends is under two weeks).
const urgeDays = 31

// WorkingDays are the working days of the campaign's calendar from the day
// of an urge on, as the caller resolved them (the workflow reads no
// calendar): the start of each, midnight in the campaign's timezone. Days
// past the last listed are counted as working days (see nextUrge).
type WorkingDays []time.Time

// UrgeDays lists the working days of cal among the urgeDays calendar days
// from the day before now (so a workflow clock a little behind the
// caller's still finds its day), each at midnight in loc.
func UrgeDays(now time.Time, loc *time.Location, cal calendar.Calendar) (WorkingDays, error) {
	local := now.In(loc)
	first := calendar.Date{Year: local.Year(), Month: local.Month(), Day: local.Day()}.AddDays(-1)
	var out WorkingDays
	for i := range urgeDays + 1 {
		day := first.AddDays(i)
		ok, err := cal.IsWorkday(day)
		if errors.Is(err, calendar.ErrOutOfRange) {
			break // past the calendar's data: nextUrge counts plain time from here
		}
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, loc))
		}
	}
	return out, nil
}

// nextUrge is when an urge made at from allows the next: urgeWindow of
// working time later. When the listed days run out before the window is
// full, the rest is counted as plain elapsed time after them.
func nextUrge(from time.Time, days WorkingDays) time.Time {
	left := urgeWindow
	cursor := from
	for _, day := range days {
		end := day.AddDate(0, 0, 1)
		if !end.After(cursor) {
			continue
		}
		start := day
		if start.Before(cursor) {
			start = cursor
		}
		avail := end.Sub(start)
		if avail >= left {
			return start.Add(left)
		}
		left -= avail
		cursor = end
	}
	return cursor.Add(left)
}

// Validate checks the request on its own: required fields, formats, sizes.
func (r UrgeRequest) Validate() error { return checkText("note", r.Note, false) }

func (r UrgeRequest) check(s *State, now time.Time) error {
	if err := s.RequireLive(); err != nil {
		return err
	}
	a := r.Actor
	if !a.Admin && !slices.ContainsFunc(s.urgers(r), a.Holds) {
		return forbidden("only the supervisor, the leader, the campaign owner, the parent task's owner or an admin urges the task")
	}
	if now.Before(s.NextUrge) {
		loc := s.zone()
		if loc == nil {
			loc = time.UTC
		}
		return tooSoon(s.NextUrge, "the task was urged less than 4 working hours ago; the next urge is allowed from %s", s.NextUrge.In(loc).Format(time.RFC3339))
	}
	return nil
}

// urgers are the role holders who may urge the task: for a dispatched
// child also its parent's owner, whom the caller looked up (r.ParentOwner).
func (s *State) urgers(r UrgeRequest) []string {
	holders := []string{s.Spec.Supervisor, s.Spec.Leader, s.Spec.CampaignOwner}
	if s.Spec.Parent != "" && r.ParentOwner != "" {
		holders = append(holders, r.ParentOwner)
	}
	return holders
}

func (r UrgeRequest) apply(s *State, now time.Time, e *Effects) {
	s.Urges++
	s.NextUrge = nextUrge(now, r.Workdays)
	data := map[string]any{"note": r.Note, "count": s.Urges, "next_urge": s.NextUrge}
	s.emitFor(e, now, r.Actor.ID, managerFor(r.Actor, s.urgers(r)...), EventUrged, data, []string{s.Spec.Owner}, false)
}
