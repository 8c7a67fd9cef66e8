package task

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Which notifications may wait out someone's quiet hours (SPEC section 14).
func TestHoldable(t *testing.T) {
	flagged, _ := NewTaskState(fixtureSpec(), fixtureStart)
	plainSpec := fixtureSpec()
	plainSpec.Flagged = false
	plain, _ := NewTaskState(plainSpec, fixtureStart)
	tests := []struct {
		s    *State
		typ  string
		data map[string]any
		want bool
	}{
		{plain, EventReminder, nil, true},
		{plain, EventCreated, nil, true},
		{plain, EventMilestoneMissed, nil, true},
		{plain, EventEscalated, map[string]any{"level": 1}, true},
		{plain, EventEscalated, map[string]any{"level": 1, "repeat": true}, true},
		{plain, EventEscalated, map[string]any{"level": 2}, false},
		{flagged, EventEscalated, map[string]any{"level": 3, "repeat": true}, false},
		{plain, EventSubmitted, nil, true},
		{plain, EventApproved, nil, true},
		{plain, EventReviewOverdue, map[string]any{"stage": 2}, true},
		{flagged, EventSubmitted, nil, false},
		{flagged, EventApproved, nil, false},
		{flagged, EventReviewOverdue, map[string]any{"stage": 1}, false},
		{flagged, EventReturned, nil, true},
		{flagged, EventClosed, nil, true},
		{flagged, EventExtensionRequested, nil, true},
	}
	for _, tc := range tests {
		if got := tc.s.holdable(tc.typ, tc.data); got != tc.want {
			t.Errorf("flagged %v, %s %v: holdable %v, want %v", tc.s.Spec.Flagged, tc.typ, tc.data, got, tc.want)
		}
	}
	// emit marks the notice; a reminder's notice names its target.
	spec := fixtureSpec()
	spec.Plan.Milestones = spec.Plan.Milestones[2:]
	s, _ := NewTaskState(spec, fixtureStart)
	e := s.Tick(fixtureDeadline.Add(-7 * day))
	if len(e.Notices) != 1 || !e.Notices[0].Holdable || !e.Notices[0].Target.Equal(fixtureDeadline) {
		t.Errorf("7d reminder notice: %+v", e.Notices)
	}
	e = mustApply(t, s, SubmitRequest{Actor: actor("li"), Note: "done"}, fixtureDeadline.Add(-7*day))
	if len(e.Notices) != 1 || e.Notices[0].Holdable {
		t.Errorf("a flagged task's submission must not wait: %+v", e.Notices)
	}
}

// Hold keeps one entry per event and recipient (the later instant), and
// only for the notification's own recipients.
func TestHold(t *testing.T) {
	s, _ := NewTaskState(fixtureSpec(), fixtureStart)
	ev := Event{Seq: 2, Type: EventReminder, Actor: SystemActor}
	msg := Notification{Event: ev, To: []string{"li", "zhao"}, Holdable: true}
	eight := fixtureStart.Add(7 * time.Hour)
	if !s.Hold(msg, fixtureDeadline, NotifyResult{Held: []HeldDelivery{{To: "li", Until: eight}, {To: "mallory", Until: eight}}}) {
		t.Fatal("nothing held")
	}
	if s.Hold(msg, fixtureDeadline, NotifyResult{Held: []HeldDelivery{{To: "li", Until: eight.Add(-time.Hour)}}}) {
		t.Error("an earlier instant replaced the held one")
	}
	s.Hold(msg, fixtureDeadline, NotifyResult{Held: []HeldDelivery{{To: "li", Until: eight.Add(time.Hour)}, {To: "zhao", Until: eight}}})
	want := []HeldNotice{
		{To: "li", Until: eight.Add(time.Hour), Event: ev, Target: fixtureDeadline},
		{To: "zhao", Until: eight, Event: ev, Target: fixtureDeadline},
	}
	if diff := cmp.Diff(want, s.Held); diff != "" {
		t.Errorf("held (-want +got):\n%s", diff)
	}
	if next, _ := s.NextWake(eight.Add(-time.Minute)); !next.Equal(eight) {
		t.Errorf("next wake %v, want the end of zhao's quiet hours %v", next, eight)
	}
}

// At release, what the workflow raised itself and that has stopped being
// true is dropped; what people did is sent whatever became of the task.
func TestTakeHeldDropsWhatIsNoLongerTrue(t *testing.T) {
	morning := fixtureDeadline.Add(-10 * day) // before the "do" milestone (-5d)
	held := func(typ, actor string, target time.Time) HeldNotice {
		return HeldNotice{To: "li", Until: morning, Event: Event{Seq: 9, Type: typ, Actor: actor}, Target: target}
	}
	submitted := func(s *State) {
		mustApply(t, s, SubmitRequest{Actor: actor("li"), Note: "done"}, morning.Add(-time.Hour))
	}
	cancelled := func(s *State) {
		mustApply(t, s, CancelRequest{Actor: actor("boss"), Reason: "stop"}, morning.Add(-time.Hour))
	}
	tests := []struct {
		name  string
		given func(*State)
		h     HeldNotice
		sent  bool
	}{
		{"reminder, task open", nil, held(EventReminder, SystemActor, fixtureDeadline), true},
		{"reminder, task submitted", submitted, held(EventReminder, SystemActor, fixtureDeadline), false},
		{"reminder, deadline passed", nil, held(EventReminder, SystemActor, morning.Add(-time.Minute)), false},
		{"reminder, deadline moved", nil, held(EventReminder, SystemActor, fixtureDeadline.Add(-day)), false},
		{"reminder of a pending milestone", nil, held(EventReminder, SystemActor, fixtureDeadline.Add(-5*day)), true},
		{"review chase, still waiting", submitted, held(EventReviewOverdue, SystemActor, time.Time{}), true},
		{"review chase, no longer submitted", nil, held(EventReviewOverdue, SystemActor, time.Time{}), false},
		{"escalation, task cancelled", cancelled, held(EventEscalated, SystemActor, time.Time{}), false},
		{"escalation, task submitted", submitted, held(EventEscalated, SystemActor, time.Time{}), true},
		{"a return, task cancelled since", cancelled, held(EventReturned, "zhao", time.Time{}), true},
	}
	for _, tc := range tests {
		s, _ := NewTaskState(fixtureSpec(), fixtureStart)
		if tc.given != nil {
			tc.given(s)
		}
		s.Held = []HeldNotice{tc.h, {To: "zhao", Until: morning.Add(time.Hour), Event: tc.h.Event}}
		send, dropped := s.TakeHeld(morning)
		if got := len(send) == 1; got != tc.sent || len(send)+len(dropped) != 1 {
			t.Errorf("%s: sent %v dropped %v, want sent %v", tc.name, send, dropped, tc.sent)
		}
		if len(s.Held) != 1 || s.Held[0].To != "zhao" {
			t.Errorf("%s: the notice not yet due must stay held: %+v", tc.name, s.Held)
		}
	}
}
