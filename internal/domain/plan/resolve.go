package plan

import (
	"cmp"
	"slices"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/i18n"
)

// ResolvedPolicy is a Policy made concrete for one deadline: every offset a
// fixed time.Duration.
type ResolvedPolicy struct {
	// RemindBefore are distinct offsets before the deadline, longest first
	// (so in the order the reminders fire).
	RemindBefore []time.Duration
	// RemindDays[i] is set when RemindBefore[i] was written in whole days
	// (7d, 3wd): that reminder goes out at RemindAt on its day, not at the
	// exact offset (SPEC section 14). Offsets that resolve to the same span
	// are one reminder, a whole-day one if either was.
	RemindDays    []bool
	RemindAt      string
	Overdue       []ResolvedLevel
	ReviewTimeout time.Duration
}

// ResolvedLevel is an overdue level with concrete offsets.
type ResolvedLevel struct {
	After  time.Duration // past the deadline
	Notify []string
	Repeat time.Duration // 0: no repeat
}

// ResolvePolicy turns a policy into fixed offsets from a task's deadline.
// Anchored durations are measured on the calendar in loc: "n d" is the same
// clock time n days away, and "n wd" the same clock time n working days
// before (remind_before) or after (overdue) the deadline's day. It fails
// when the calendar has no data for a day it needs, or when the resolved
// ladder is not in strictly increasing order (which the parser could not
// tell for levels mixing working days with other units).
func ResolvePolicy(p Policy, deadline time.Time, loc *time.Location, cal calendar.Calendar) (ResolvedPolicy, error) {
	deadline = deadline.In(loc)
	out := ResolvedPolicy{RemindAt: p.RemindAt}
	type offset struct {
		before    time.Duration
		wholeDays bool
	}
	var offs []offset
	for _, d := range p.RemindBefore {
		at, err := shift(deadline, d, -1, cal)
		if err != nil {
			return ResolvedPolicy{}, i18n.Errorf("remind_before %s: %w", d, err)
		}
		offs = append(offs, offset{deadline.Sub(at), d.WholeDays()})
	}
	slices.SortFunc(offs, func(a, b offset) int { return cmp.Compare(b.before, a.before) })
	for _, o := range offs {
		if n := len(out.RemindBefore); n > 0 && out.RemindBefore[n-1] == o.before {
			out.RemindDays[n-1] = out.RemindDays[n-1] || o.wholeDays
			continue
		}
		out.RemindBefore = append(out.RemindBefore, o.before)
		out.RemindDays = append(out.RemindDays, o.wholeDays)
	}
	for i, level := range p.Overdue {
		at, err := shift(deadline, level.After, +1, cal)
		if err != nil {
			return ResolvedPolicy{}, i18n.Errorf("overdue[%d].after %s: %w", i, level.After, err)
		}
		after := at.Sub(deadline)
		if i > 0 && after <= out.Overdue[i-1].After {
			return ResolvedPolicy{}, i18n.Errorf("overdue[%d].after %s comes no later than the level before it for the deadline %s",
				i, level.After, deadline.Format(time.RFC3339))
		}
		out.Overdue = append(out.Overdue, ResolvedLevel{After: after, Notify: slices.Clone(level.Notify), Repeat: level.Repeat.Fixed()})
	}
	out.ReviewTimeout = p.ReviewTimeout.Fixed()
	return out, nil
}

// shift moves t by d in direction (+1 later, -1 earlier), keeping its clock
// time for days and working days.
func shift(t time.Time, d Duration, direction int, cal calendar.Calendar) (time.Time, error) {
	if d.InWorkdays() {
		day, err := calendar.AddWorkdays(cal, calendar.DateOf(t), direction*d.Workdays)
		if err != nil {
			return time.Time{}, err
		}
		return time.Date(day.Year, day.Month, day.Day, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location()), nil
	}
	return t.AddDate(0, 0, direction*d.Days).Add(time.Duration(direction) * d.Clock), nil
}
