package task

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// clock drives a state the way the workflow does: sleep until NextWake, Tick,
// repeat; it returns the events fired up to until, as "type@offset" strings
// relative to the deadline so expectations read like the policy.
func clock(s *State, from, until time.Time) []string {
	var got []string
	now := from
	for {
		e := s.Tick(now)
		for _, ev := range e.Events {
			got = append(got, fmt.Sprintf("%s@%s%s", ev.Type, rel(ev.At), detail(ev)))
		}
		next, ok := s.NextWake(now)
		if !ok || next.After(until) {
			return got
		}
		now = next
	}
}

func rel(t time.Time) string {
	d := t.Sub(fixtureDeadline)
	days := d / day
	if d%day < 0 { // floor, so the remainder reads forward: -2d+2h
		days--
	}
	if rem := d - days*day; rem != 0 {
		return fmt.Sprintf("%+dd+%v", days, rem)
	}
	return fmt.Sprintf("%+dd", days)
}

func detail(ev Event) string {
	switch ev.Type {
	case EventEscalated:
		if ev.Data["repeat"] == true {
			return fmt.Sprintf("(L%d again)", ev.Data["level"])
		}
		return fmt.Sprintf("(L%d)", ev.Data["level"])
	case EventMilestoneMissed:
		return fmt.Sprintf("(%s)", ev.Data["milestone"])
	case EventReviewOverdue:
		return fmt.Sprintf("(stage %d)", ev.Data["stage"])
	}
	return ""
}

func TestRemindersMissedMilestonesAndLadder(t *testing.T) {
	s, _ := NewTaskState(fixtureSpec(), fixtureStart)
	got := clock(s, fixtureStart, fixtureDeadline.Add(10*day))
	want := []string{
		// The "plan" milestone (due -20d) gets its reminder a day before, then is missed.
		"reminder@-21d", "milestone_missed@-20d(plan)",
		"reminder@-7d",
		"reminder@-6d", "milestone_missed@-5d(do)",
		"reminder@-3d", "reminder@-1d",
		// The deadline passes: the last milestone is missed and level 1 fires at once.
		"milestone_missed@+0d(check)", "escalated@+0d(L1)",
		// Level 2 at +3d, then again every 2 days.
		"escalated@+3d(L2)", "escalated@+5d(L2 again)", "escalated@+7d(L2 again)", "escalated@+9d(L2 again)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("timeline (-want +got):\n%s", diff)
	}
	if s.Ladder.Level != 2 || s.Light != LightRed {
		t.Fatalf("level %d light %s", s.Ladder.Level, s.Light)
	}
}

// A submission pauses the ladder; a return resumes it at the level reached,
// with the time spent waiting for sign-off not counted.
func TestReturnResumesLadder(t *testing.T) {
	s, _ := NewTaskState(fixtureSpec(), fixtureStart)
	d := fixtureDeadline
	clock(s, fixtureStart, d.Add(day)) // L1 fired at the deadline
	mustApply(t, s, SubmitRequest{Actor: actor("li"), Note: "late"}, d.Add(day))
	if got := clock(s, d.Add(day), d.Add(day+2*day)); fmt.Sprint(got) != "[]" {
		t.Fatalf("a submitted task must not escalate, got %v", got)
	}
	mustApply(t, s, ReturnRequest{Actor: actor("zhao"), Reason: "redo"}, d.Add(3*day))
	// One day overdue before the submission, two days paused: level 2 (after
	// 3d on the ladder clock) comes two more days after the return, at +5d.
	got := clock(s, d.Add(3*day), d.Add(6*day))
	want := []string{"escalated@+5d(L2)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("after return (-want +got):\n%s", diff)
	}
}

func TestReviewTimeout(t *testing.T) {
	s, _ := NewTaskState(fixtureSpec(), fixtureStart)
	submitAt := fixtureDeadline.Add(-10 * day)
	mustApply(t, s, SubmitRequest{Actor: actor("li"), Note: "done"}, submitAt)
	got := clock(s, submitAt, submitAt.Add(9*day+time.Hour))
	want := []string{"review_overdue@-7d(stage 1)", "review_overdue@-4d(stage 2)", "review_overdue@-1d(stage 3)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("review chase (-want +got):\n%s", diff)
	}
}

// An approved extension re-arms reminders and the ladder against the new date.
func TestExtensionRearmsTimers(t *testing.T) {
	s, _ := NewTaskState(fixtureSpec(), fixtureStart)
	d := fixtureDeadline
	clock(s, fixtureStart, d.Add(4*day)) // L1 and L2 fired
	mustApply(t, s, ExtendRequest{Actor: actor("li"), Deadline: d.Add(20 * day), Reason: "flood"}, d.Add(4*day))
	plan := s.Spec.Plan
	plan.EffectiveDeadline = d.Add(20 * day)
	plan.Milestones = []Milestone{{Name: "check", Due: d.Add(20 * day)}}
	mustApply(t, s, ApproveExtension(ExtensionDecisionRequest{Actor: actor("wang")}, &plan), d.Add(4*day))
	if s.Ladder.Level != 0 || s.LightAt(d.Add(4*day)) != LightGreen {
		t.Fatalf("extension must reset the ladder: level %d", s.Ladder.Level)
	}
	got := clock(s, d.Add(4*day), d.Add(21*day))
	want := []string{"reminder@+13d", "reminder@+17d", "reminder@+19d", "milestone_missed@+20d(check)", "escalated@+20d(L1)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("after extension (-want +got):\n%s", diff)
	}
}

// Closing or cancelling stops every timer.
func TestTerminalStopsTimers(t *testing.T) {
	for _, a := range []Action{CancelRequest{Actor: actor("boss"), Reason: "merged"}} {
		s, _ := NewTaskState(fixtureSpec(), fixtureStart)
		mustApply(t, s, a, fixtureStart.Add(day))
		if next, ok := s.NextWake(fixtureStart.Add(day)); ok {
			t.Fatalf("%T left a timer at %v", a, next)
		}
		if e := s.Tick(fixtureDeadline.Add(30 * day)); len(e.Events) != 0 {
			t.Fatalf("%T: a cancelled task fired %v", a, eventTypes(e.Events))
		}
	}
}

// Reminders that were due before the task existed are not sent late, and after
// downtime a burst of due reminders collapses into the latest one.
func TestStaleRemindersAreSkipped(t *testing.T) {
	created := fixtureDeadline.Add(-4 * day)
	spec := fixtureSpec()
	spec.Plan.Milestones = spec.Plan.Milestones[2:] // only the last is still ahead
	s, _ := NewTaskState(spec, created)
	got := clock(s, created, fixtureDeadline.Add(-time.Hour))
	if diff := cmp.Diff([]string{"reminder@-3d", "reminder@-1d"}, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	s2, _ := NewTaskState(fixtureSpec(), fixtureStart)
	clock(s2, fixtureStart, fixtureDeadline.Add(-8*day))
	// The worker was down from -8d to -2d: one reminder (the 3d one), not two.
	e := s2.Tick(fixtureDeadline.Add(-2 * day))
	if diff := cmp.Diff([]string{"milestone_missed"}, eventTypes(e.Events)[1:]); diff != "" || e.Events[0].Data["before"] != "72h0m0s" {
		t.Fatalf("after downtime: %v %v", eventTypes(e.Events), e.Events[0].Data)
	}
}
