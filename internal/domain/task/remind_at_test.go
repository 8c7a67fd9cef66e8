package task

import (
	"slices"
	"strconv"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zoneinfo

	"github.com/google/go-cmp/cmp"
)

// shanghai is the fixture campaign's timezone: its deadline, 15:59:59 UTC,
// is the end of 30 June there.
func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// remindAtSpec is the fixture with its whole-day reminders at remindAt
// Shanghai time, as planning specifies a task imported since SPEC 14.
func remindAtSpec(remindAt string) Spec {
	spec := fixtureSpec()
	p := &spec.Plan.Policy
	p.RemindAt, p.Zone = remindAt, "Asia/Shanghai"
	p.RemindDays = make([]bool, len(p.RemindBefore))
	for i := range p.RemindDays {
		p.RemindDays[i] = p.RemindBefore[i]%day == 0
	}
	return spec
}

// localTimes runs the state's clock and returns when each event of type typ
// fired, as Shanghai wall-clock times.
func localTimes(t *testing.T, s *State, typ string, until time.Time) []string {
	t.Helper()
	var out []string
	now := fixtureStart
	for {
		for _, ev := range s.Tick(now).Events {
			if ev.Type == typ {
				out = append(out, ev.At.In(shanghai(t)).Format("01-02 15:04:05"))
			}
		}
		next, ok := s.NextWake(now)
		if !ok || next.After(until) {
			return out
		}
		now = next
	}
}

// Whole-day reminders go out at 09:00 on their day, not at 23:59:59 (the
// date deadline minus whole days); the milestone reminders too, being at the
// shortest, whole-day offset.
func TestWholeDayRemindersAtRemindAt(t *testing.T) {
	s, _ := NewTaskState(remindAtSpec("09:00"), fixtureStart)
	got := localTimes(t, s, EventReminder, fixtureDeadline)
	want := []string{
		"06-09 09:00:00", // a day before the "plan" milestone (due 06-10 23:59:59)
		"06-23 09:00:00", // 7d
		"06-24 09:00:00", // a day before "do" (06-25)
		"06-27 09:00:00", // 3d
		"06-29 09:00:00", // 1d
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("reminders, Shanghai time (-want +got):\n%s", diff)
	}
	// The keys are those of the exact offsets, as before remind_at.
	key := "deadline/" + strconv.FormatInt(fixtureDeadline.Unix(), 10) + "/24h0m0s"
	if !slices.Contains(s.Fired, key) {
		t.Errorf("fired %v, want the key %s", s.Fired, key)
	}
}

// An offset with a time of day in it keeps its exact instant beside the
// whole-day ones; escalations keep theirs.
func TestShortOffsetsKeepTheirInstant(t *testing.T) {
	spec := remindAtSpec("09:00")
	p := &spec.Plan.Policy
	p.RemindBefore = []time.Duration{3 * day, 2 * time.Hour, 90 * time.Second}
	p.RemindDays = []bool{true, false, false}
	spec.Plan.Milestones = spec.Plan.Milestones[2:]
	s, _ := NewTaskState(spec, fixtureStart)
	got := localTimes(t, s, EventReminder, fixtureDeadline)
	want := []string{"06-27 09:00:00", "06-30 21:59:59", "06-30 23:58:29"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("reminders (-want +got):\n%s", diff)
	}
	s, _ = NewTaskState(spec, fixtureStart)
	if got := localTimes(t, s, EventEscalated, fixtureDeadline.Add(4*day)); !slices.Equal(got, []string{"06-30 23:59:59", "07-03 23:59:59"}) {
		t.Fatalf("escalations at %v, want the deadline and 3d after it, to the second", got)
	}
}

// The task turns yellow when its last reminder actually goes out: 09:00 the
// day before, no longer the last second of that day.
func TestYellowFollowsTheLastReminder(t *testing.T) {
	sh := shanghai(t)
	nineAM := time.Date(2024, 6, 29, 9, 0, 0, 0, sh)
	s, _ := NewTaskState(remindAtSpec("09:00"), fixtureStart)
	s.Milestones = nil // no missed milestone to turn it yellow first
	if got := s.LightAt(nineAM.Add(-time.Minute)); got != LightGreen {
		t.Errorf("08:59: %s, want green", got)
	}
	if got := s.LightAt(nineAM); got != LightYellow {
		t.Errorf("09:00: %s, want yellow", got)
	}
	if next, _ := s.NextWake(nineAM.Add(-time.Hour)); !next.Equal(nineAM) {
		t.Errorf("next wake %v, want the light's change at %v", next, nineAM)
	}
	// Without remind_at (a task started before it) the window is the
	// exact offset.
	old, _ := NewTaskState(fixtureSpec(), fixtureStart)
	old.Milestones = nil
	if got := old.LightAt(nineAM); got != LightGreen {
		t.Errorf("no remind_at, 09:00: %s, want green until %v", got, fixtureDeadline.Add(-day))
	}
}
