package workflows

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
)

// The person who made a submission neither approves nor returns it: in
// person, as a member of an approving unit, as a substitute, or through
// someone standing in for them; anyone else holding the approver's role
// still decides.
func TestSeparationOfDuties(t *testing.T) {
	unitApproved := fixtureSpec()
	unitApproved.Approvers = []string{"unit:audit"}
	ownApproval := fixtureSpec() // a plan that makes the owner their own approver
	ownApproval.Approvers = []string{"li"}
	liInAudit := task.Actor{ID: "li", Units: []string{"audit"}}
	cases := []struct {
		name      string
		spec      task.Spec
		submitter task.Actor
		decider   task.Actor
		refused   string // who the refusal names; "" for an accepted decision
	}{
		{"owner as the approver's substitute", fixtureSpec(), actor("li"), standIn("li", "zhao"), "li"},
		{"owner as a member of the approving unit", unitApproved, actor("li"), liInAudit, "li"},
		{"owner as their own approver", ownApproval, actor("li"), actor("li"), "li"},
		{"a substitute for the owner who approves", ownApproval, actor("li"), standIn("sun", "li"), "li"},
		{"the substitute who submitted, as the approver's substitute", fixtureSpec(), standIn("sun", "li"), standIn("sun", "zhao"), "sun"},
		{"the owner a substitute submitted for", fixtureSpec(), standIn("sun", "li"), standIn("li", "zhao"), "li"},
		{"the approver", fixtureSpec(), actor("li"), actor("zhao"), ""},
		{"another member of the approving unit", unitApproved, actor("li"), task.Actor{ID: "a1", Units: []string{"audit"}}, ""},
		{"someone else as the approver's substitute", fixtureSpec(), actor("li"), standIn("sun", "zhao"), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, decide := range []task.Action{task.ApproveRequest{Actor: tc.decider}, task.ReturnRequest{Actor: tc.decider, Reason: "redo"}} {
				s, _ := task.NewTaskState(tc.spec, fixtureStart)
				now := fixtureStart.Add(time.Hour)
				mustApply(t, s, task.SubmitRequest{Actor: tc.submitter, Note: "done"}, now)
				_, err := s.Apply(decide, now.Add(time.Hour))
				if tc.refused == "" {
					if err != nil {
						t.Fatalf("%T refused: %v", decide, err)
					}
					continue
				}
				var re *task.RuleError
				if !errors.As(err, &re) || re.Type != task.ErrTypeForbidden {
					t.Fatalf("%T: want a forbidden refusal, got %v", decide, err)
				}
				for _, words := range []string{"职责分离", "separation of duties", tc.refused + " made this submission"} {
					if !strings.Contains(re.Message, words) {
						t.Errorf("%T: refusal %q does not say %q", decide, re.Message, words)
					}
				}
				if s.Status != task.StatusSubmitted {
					t.Errorf("%T: the refusal changed the task to %s", decide, s.Status)
				}
			}
		})
	}
}

// A return starts a new attempt: whoever submits it next is the one kept
// from deciding on it.
func TestSeparationFollowsTheLatestSubmission(t *testing.T) {
	spec := fixtureSpec()
	spec.Approvers = []string{"unit:audit"}
	s, _ := task.NewTaskState(spec, fixtureStart)
	now := fixtureStart.Add(time.Hour)
	mustApply(t, s, task.SubmitRequest{Actor: standIn("sun", "li"), Note: "done"}, now)
	mustApply(t, s, task.ReturnRequest{Actor: task.Actor{ID: "a1", Units: []string{"audit"}}, Reason: "redo"}, now)
	if s.SubmittedBy != "" || s.SubmittedFor != "" {
		t.Fatalf("a return keeps the submitter: %q for %q", s.SubmittedBy, s.SubmittedFor)
	}
	mustApply(t, s, task.SubmitRequest{Actor: actor("li"), Note: "again"}, now)
	mustApply(t, s, task.ApproveRequest{Actor: task.Actor{ID: "sun", Units: []string{"audit"}}}, now)
	if s.Status != task.StatusClosed {
		t.Fatalf("status %s", s.Status)
	}
}

// Through the real update validators and handlers: the owner named as the
// approver's substitute is refused both decisions before anything enters
// history; the approver's other substitute and the next approver close it.
func TestWorkflowSeparationOfDuties(t *testing.T) {
	h := newHarness(t, fixtureStart)
	h.at(time.Hour, task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "done"})
	h.at(2*time.Hour, task.Approve.Name, task.ApproveRequest{Actor: standIn("li", "zhao")})
	h.at(3*time.Hour, task.Return.Name, task.ReturnRequest{Actor: standIn("li", "zhao"), Reason: "mine"})
	h.at(4*time.Hour, task.Approve.Name, task.ApproveRequest{Actor: standIn("sun", "zhao")})
	h.at(5*time.Hour, task.Approve.Name, task.ApproveRequest{Actor: standIn("li", "wang")})
	h.at(6*time.Hour, task.Approve.Name, task.ApproveRequest{Actor: actor("wang")})
	h.run(TaskInput{Spec: onlyDeadline(fixtureSpec())})
	want := []string{"submit ok", "approve Forbidden", "return Forbidden", "approve ok", "approve Forbidden", "approve ok"}
	if diff := cmp.Diff(want, h.outcomes); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
	var got []string
	for _, ev := range h.acts.log(t) {
		if ev.Type == task.EventApproved || ev.Type == task.EventReturned {
			got = append(got, ev.Type+" "+ev.Actor+"/"+ev.OnBehalfOf)
		}
	}
	if diff := cmp.Diff([]string{"approved sun/zhao", "approved wang/"}, got); diff != "" {
		t.Fatalf("decisions as actor/on_behalf_of (-want +got):\n%s", diff)
	}
	if !h.env.IsWorkflowCompleted() {
		t.Fatal("the last approval must close the task")
	}
}
