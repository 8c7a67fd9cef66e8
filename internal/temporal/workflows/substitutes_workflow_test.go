package workflows

import (
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
)

// Through the real update validators and handlers: a substitute signs off
// for the approver on leave and the projected event says so; someone who
// stands in for nobody is refused before anything enters history.
func TestWorkflowSubstituteApproves(t *testing.T) {
	h := newHarness(t, fixtureStart)
	h.at(time.Hour, task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "done"})
	h.at(2*time.Hour, task.Approve.Name, task.ApproveRequest{Actor: actor("sun")})
	h.at(3*time.Hour, task.Approve.Name, task.ApproveRequest{Actor: standIn("sun", "zhao"), Note: "for zhao, on leave"})
	h.at(4*time.Hour, task.Approve.Name, task.ApproveRequest{Actor: actor("wang")})
	h.run(TaskInput{Spec: onlyDeadline(fixtureSpec())})
	if diff := cmp.Diff([]string{"submit ok", "approve Forbidden", "approve ok", "approve ok"}, h.outcomes); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
	var got []string
	for _, ev := range h.acts.log(t) {
		if ev.Type == task.EventApproved {
			got = append(got, ev.Actor+"/"+ev.OnBehalfOf)
		}
	}
	if diff := cmp.Diff([]string{"sun/zhao", "wang/"}, got); diff != "" {
		t.Fatalf("approvals as actor/on_behalf_of (-want +got):\n%s", diff)
	}
	if !h.env.IsWorkflowCompleted() {
		t.Fatal("the last approval must close the task")
	}
}
