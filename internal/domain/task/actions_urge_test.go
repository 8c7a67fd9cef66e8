package task

import (
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
)

var urgeZone = time.FixedZone("CST", 8*3600)

// weekdaysWith is Monday to Friday without the given holidays, resolved
// the way the caller of an urge resolves it.
func weekdaysWith(t *testing.T, now time.Time, holidays ...calendar.Date) WorkingDays {
	t.Helper()
	cal, err := calendar.NewInline("weekdays", holidays, nil)
	if err != nil {
		t.Fatal(err)
	}
	days, err := UrgeDays(now, urgeZone, cal)
	if err != nil {
		t.Fatal(err)
	}
	return days
}

// Four working hours count only time on working days.
func TestNextUrge(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2026, 12, d, h, 0, 0, 0, urgeZone) }
	tests := []struct {
		name     string
		from     time.Time
		holidays []calendar.Date
		want     time.Time
	}{
		{"a Tuesday morning", at(8, 10), nil, at(8, 14)},
		{"across a working midnight", at(8, 22), nil, at(9, 2)},
		{"a Friday night waits out the weekend", at(4, 22), nil, at(7, 2)},
		{"and a Monday holiday", at(4, 22), []calendar.Date{{Year: 2026, Month: 12, Day: 7}}, at(8, 2)},
		{"a Saturday counts from Monday", at(5, 12), nil, at(7, 4)},
	}
	for _, tc := range tests {
		got := nextUrge(tc.from, weekdaysWith(t, tc.from, tc.holidays...))
		if !got.Equal(tc.want) {
			t.Errorf("%s: next urge %s, want %s", tc.name, got, tc.want)
		}
	}
	// Without the calendar's days the window is plain elapsed time.
	if got := nextUrge(at(5, 12), nil); !got.Equal(at(5, 16)) {
		t.Errorf("no days: next urge %s, want %s", got, at(5, 16))
	}
}

func TestUrgeRules(t *testing.T) {
	now := fixtureStart.Add(day)
	urge := func(id string) UrgeRequest {
		return UrgeRequest{Actor: actor(id), Note: "请抓紧", Workdays: weekdaysWith(t, now)}
	}
	for _, who := range []string{"zhao", "wang", "boss"} {
		s, _ := NewTaskState(fixtureSpec(), fixtureStart)
		e := mustApply(t, s, urge(who), now)
		if got := eventTypes(e.Events); len(got) != 1 || got[0] != EventUrged {
			t.Fatalf("%s urges: events %v", who, got)
		}
		ev := e.Events[0]
		if ev.Actor != who || ev.Data["note"] != "请抓紧" || ev.Data["count"] != 1 {
			t.Errorf("%s urges: event %+v", who, ev)
		}
		if len(e.Notices) != 1 || len(e.Notices[0].To) != 1 || e.Notices[0].To[0] != "li" || e.Notices[0].Holdable {
			t.Errorf("%s urges a flagged task: notices %+v, want li at once", who, e.Notices)
		}
		if s.View(now).Urges != 1 {
			t.Errorf("%s urges: view counts %d", who, s.View(now).Urges)
		}
	}
	admin := Actor{ID: "root", Admin: true}
	s, _ := NewTaskState(fixtureSpec(), fixtureStart)
	if err := s.Check(UrgeRequest{Actor: admin}, now); err != nil {
		t.Errorf("an admin urges: %v", err)
	}
	for _, who := range []string{"li", "someone"} {
		if err := s.Check(urge(who), now); !isRule(err, ErrTypeForbidden) {
			t.Errorf("%s urges: %v, want forbidden", who, err)
		}
	}
	// A substitute of the supervisor urges for them.
	sub := Actor{ID: "deputy", For: []Standin{{ID: "zhao"}}}
	e := mustApply(t, s, UrgeRequest{Actor: sub, Workdays: weekdaysWith(t, now)}, now)
	if e.Events[0].OnBehalfOf != "zhao" {
		t.Errorf("substitute's urge: on behalf of %q", e.Events[0].OnBehalfOf)
	}
	// A second urge inside the window is refused with the next time.
	err := s.Check(urge("boss"), now.Add(time.Hour))
	var re *RuleError
	if !errors.As(err, &re) || re.Type != ErrTypeTooSoon || !re.RetryAt.Equal(s.NextUrge) || re.Outcome() != OutcomeTooSoon {
		t.Fatalf("second urge: %v, want too soon until %s", err, s.NextUrge)
	}
	if err := s.Check(urge("boss"), s.NextUrge); err != nil {
		t.Errorf("urge at the next time: %v", err)
	}
	// A closed or cancelled task is not urged.
	mustApply(t, s, CancelRequest{Actor: actor("boss"), Reason: "merged"}, now)
	if err := s.Check(urge("zhao"), now.Add(30*day)); !isRule(err, ErrTypeConflict) {
		t.Errorf("urge a cancelled task: %v, want conflict", err)
	}
}

// A unit-owned task's urge goes to the unit (its contacts); quiet hours
// may hold it unless the task is flagged.
func TestUrgeUnitOwnerAndQuiet(t *testing.T) {
	spec := fixtureSpec()
	spec.Owner = UnitRef("hn-haikou")
	spec.Flagged = false
	s, _ := NewTaskState(spec, fixtureStart)
	e := mustApply(t, s, UrgeRequest{Actor: actor("zhao")}, fixtureStart)
	if n := e.Notices; len(n) != 1 || n[0].To[0] != "unit:hn-haikou" || !n[0].Holdable {
		t.Errorf("notices %+v, want the unit, holdable", n)
	}
}

func isRule(err error, typ string) bool {
	var re *RuleError
	return errors.As(err, &re) && re.Type == typ
}

// A dispatched child is urged by its parent's owner (a unit's member
// here), as the caller resolved them; a task without a parent is not
// urged on the strength of a parent owner the request names.
func TestUrgeByParentOwner(t *testing.T) {
	spec := fixtureSpec()
	spec.Parent = "P1"
	child, _ := NewTaskState(spec, fixtureStart)
	member := Actor{ID: "a1", Units: []string{"hn-a"}}
	if err := child.Check(UrgeRequest{Actor: member, ParentOwner: UnitRef("hn-a")}, fixtureStart); err != nil {
		t.Errorf("the parent's owner urges the child: %v", err)
	}
	if err := child.Check(UrgeRequest{Actor: member, ParentOwner: "chen"}, fixtureStart); !isRule(err, ErrTypeForbidden) {
		t.Errorf("someone not the parent's owner: %v, want forbidden", err)
	}
	plain, _ := NewTaskState(fixtureSpec(), fixtureStart)
	if err := plain.Check(UrgeRequest{Actor: member, ParentOwner: UnitRef("hn-a")}, fixtureStart); !isRule(err, ErrTypeForbidden) {
		t.Errorf("a task with no parent: %v, want forbidden", err)
	}
}
