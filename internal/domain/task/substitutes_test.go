package task

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// standIn is an actor substituting for the people given (SPEC section 14).
func standIn(id string, forIDs ...string) Actor {
	a := Actor{ID: id}
	for _, f := range forIDs {
		a.For = append(a.For, Standin{ID: f})
	}
	return a
}

// Every action a person may take, their substitute may take, and its event
// records whom it was taken for; an action taken in one's own right records
// nobody, and admin rights never pass to a substitute.
func TestSubstituteActions(t *testing.T) {
	now := fixtureStart.Add(day)
	submitted := func(s *State) { mustApply(t, s, SubmitRequest{Actor: actor("li"), Note: "done"}, now) }
	extending := func(s *State) {
		mustApply(t, s, ExtendRequest{Actor: actor("li"), Deadline: fixtureDeadline.Add(10 * day), Reason: "flood"}, now)
	}
	unitOwned := func(s *State) { s.Spec.Owner = UnitRef("hn-a") }
	tests := []struct {
		name    string
		given   func(*State)
		action  Action
		wantErr string
		want    []string // the new events as "type by actor for person [unit]"
	}{
		{"substitute approves", submitted, ApproveRequest{Actor: standIn("sun", "zhao")}, "",
			[]string{"approved by sun for zhao"}},
		{"no substitution, no approval", submitted, ApproveRequest{Actor: actor("sun")}, ErrTypeForbidden, nil},
		{"substitute for someone else", submitted, ApproveRequest{Actor: standIn("sun", "wang")}, ErrTypeForbidden, nil},
		{"the approver in person, though also a substitute", submitted, ApproveRequest{Actor: standIn("zhao", "wang")}, "",
			[]string{"approved by zhao"}},
		{"substitute returns", submitted, ReturnRequest{Actor: standIn("sun", "zhao"), Reason: "redo"}, "",
			[]string{"returned by sun for zhao"}},
		{"owner's substitute reports progress and a milestone", nil,
			ProgressRequest{Actor: standIn("sun", "li"), Percent: 20, Milestone: "plan"}, "",
			[]string{"progress by sun for li", "milestone_reported by sun for li"}},
		{"owner's substitute submits", nil, SubmitRequest{Actor: standIn("sun", "li"), Note: "done"}, "",
			[]string{"submitted by sun for li"}},
		{"owner's substitute asks for time", nil,
			ExtendRequest{Actor: standIn("sun", "li"), Deadline: fixtureDeadline.Add(day), Reason: "rain"}, "",
			[]string{"extension_requested by sun for li"}},
		{"leader's substitute rejects the extension", extending,
			RejectExtension(ExtensionDecisionRequest{Actor: standIn("sun", "wang"), Reason: "no"}), "",
			[]string{"extension_rejected by sun for wang"}},
		{"leader's substitute grants the extension", extending,
			ApproveExtension(ExtensionDecisionRequest{Actor: standIn("sun", "wang")}, nil), "",
			[]string{"extension_approved by sun for wang"}},
		{"supervisor's substitute reassigns", nil, ReassignRequest{Actor: standIn("sun", "zhao"), Owner: "chen", Reason: "leave"}, "",
			[]string{"reassigned by sun for zhao"}},
		{"campaign owner reassigns in person, though also the supervisor's substitute", nil,
			ReassignRequest{Actor: standIn("boss", "zhao"), Owner: "chen", Reason: "leave"}, "",
			[]string{"reassigned by boss"}},
		{"campaign owner's substitute cancels", nil, CancelRequest{Actor: standIn("sun", "boss"), Reason: "merged"}, "",
			[]string{"cancelled by sun for boss"}},
		{"an admin's substitute is no admin", nil, CancelRequest{Actor: standIn("sun", "root"), Reason: "merged"}, ErrTypeForbidden, nil},
		{"an admin cancels in their own right", nil, CancelRequest{Actor: Actor{ID: "root", Admin: true, For: []Standin{{ID: "boss"}}}, Reason: "merged"}, "",
			[]string{"cancelled by root"}},
		{"a unit member's substitute acts for the unit", unitOwned,
			ProgressRequest{Actor: Actor{ID: "sun", For: []Standin{{ID: "a1", Units: []string{"hn-a"}}}}, Percent: 5}, "",
			[]string{"progress by sun for a1 [hn-a]"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := NewTaskState(fixtureSpec(), fixtureStart)
			if tc.given != nil {
				tc.given(s)
			}
			e, err := s.Apply(tc.action, now)
			if got := errTypeOf(err); got != tc.wantErr {
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			}
			var got []string
			for _, ev := range e.Events {
				if ev.Type == EventClosed {
					continue
				}
				line := ev.Type + " by " + ev.Actor
				if ev.OnBehalfOf != "" {
					line += " for " + ev.OnBehalfOf
				}
				if unit, ok := ev.Data["unit"]; ok {
					line += " [" + unit.(string) + "]"
				}
				got = append(got, line)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}

// A substitute's last approval closes the task; the closing event is theirs
// for the approver too.
func TestSubstituteClosesTheTask(t *testing.T) {
	now := fixtureStart.Add(time.Hour)
	s, _ := NewTaskState(fixtureSpec(), fixtureStart)
	mustApply(t, s, SubmitRequest{Actor: actor("li"), Note: "done"}, now)
	mustApply(t, s, ApproveRequest{Actor: actor("zhao")}, now)
	e := mustApply(t, s, ApproveRequest{Actor: standIn("sun", "wang")}, now)
	if s.Status != StatusClosed || len(e.Events) != 2 || e.Events[1].Type != EventClosed || e.Events[1].OnBehalfOf != "wang" {
		t.Fatalf("status %s, events %+v", s.Status, e.Events)
	}
}

// errTypeOf is the rule error's type, "" for no error.
func errTypeOf(err error) string {
	var re *RuleError
	if errors.As(err, &re) {
		return re.Type
	}
	if err != nil {
		return err.Error()
	}
	return ""
}
