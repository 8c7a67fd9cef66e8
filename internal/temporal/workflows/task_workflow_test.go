package workflows

import (
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"
)

// fromDeadline is the delay from the harness start to deadline+d.
func fromDeadline(d time.Duration) time.Duration { return fixtureDeadline.Add(d).Sub(fixtureStart) }

// Every action through real update handlers and validators: refused callers
// learn why (type), accepted actions land in the log in order, and the last
// approval closes the task and ends the workflow with all its timers.
func TestWorkflowSignOffPath(t *testing.T) {
	h := newHarness(t, fixtureStart)
	h.at(fromDeadline(-25*day), task.Progress.Name, task.ProgressRequest{Actor: actor("li"), Percent: 30, Milestone: "plan"})
	h.at(fromDeadline(-24*day), task.Progress.Name, task.ProgressRequest{Actor: actor("zhao"), Percent: 30})
	h.at(fromDeadline(-24*day), task.Approve.Name, task.ApproveRequest{Actor: actor("zhao")})
	h.at(fromDeadline(-23*day), task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "first"})
	h.at(fromDeadline(-22*day), task.Return.Name, task.ReturnRequest{Actor: actor("zhao")})
	h.at(fromDeadline(-22*day)+time.Minute, task.Return.Name, task.ReturnRequest{Actor: actor("zhao"), Reason: "no list"})
	h.at(fromDeadline(-21*day), task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "second"})
	h.at(fromDeadline(-21*day)+time.Hour, task.Approve.Name, task.ApproveRequest{Actor: actor("wang")})
	h.at(fromDeadline(-20*day), task.Approve.Name, task.ApproveRequest{Actor: actor("zhao")})
	h.at(fromDeadline(-19*day), task.Approve.Name, task.ApproveRequest{Actor: actor("wang"), Note: "ok"})
	h.run(TaskInput{Spec: fixtureSpec()})

	if !h.env.IsWorkflowCompleted() || h.env.GetWorkflowError() != nil {
		t.Fatalf("workflow did not close: %v", h.env.GetWorkflowError())
	}
	wantOutcomes := []string{
		"progress ok", "progress Forbidden", "approve Conflict", "submit ok",
		"return Invalid", "return ok", "submit ok", "approve Forbidden", "approve ok", "approve ok",
	}
	if diff := cmp.Diff(wantOutcomes, h.outcomes); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
	wantLog := []string{
		"created@-30d+9h0m1s",
		"progress@-25d by li", "milestone_reported@-25d by li",
		"submitted@-23d by li", "returned@-22d+1m0s by zhao", "submitted@-21d by li",
		"approved@-20d by zhao", "approved@-19d by wang", "closed@-19d by wang",
	}
	if diff := cmp.Diff(wantLog, h.acts.timeline(t)); diff != "" {
		t.Fatalf("log (-want +got):\n%s", diff)
	}
	var result task.View
	if err := h.env.GetWorkflowResult(&result); err != nil {
		t.Fatal(err)
	}
	if result.Status != task.StatusClosed || !*result.ClosedOnTime || result.Attempt != 2 {
		t.Fatalf("result %+v", result)
	}
	if h.acts.task.Version != result.Version {
		t.Fatal("the projection must hold the final state")
	}
}

// Reminders at each offset, a missed milestone turning the task yellow, each
// overdue level and its repeats; then a cancel stops every timer.
func TestWorkflowTimersAndCancel(t *testing.T) {
	h := newHarness(t, fixtureStart)
	h.at(fromDeadline(6*day), task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "merged"})
	h.run(TaskInput{Spec: fixtureSpec()})
	want := []string{
		"created@-30d+9h0m1s",
		"reminder@-21d", "milestone_missed@-20d(plan)",
		"reminder@-7d", "reminder@-6d", "milestone_missed@-5d(do)",
		"reminder@-3d", "reminder@-1d",
		"milestone_missed@+0d(check)", "escalated@+0d(L1)",
		"escalated@+3d(L2)", "escalated@+5d(L2 again)",
		"cancelled@+6d by boss",
	}
	if diff := cmp.Diff(want, h.acts.timeline(t)); diff != "" {
		t.Fatalf("log (-want +got):\n%s", diff)
	}
	if !h.env.IsWorkflowCompleted() {
		t.Fatal("cancel must end the workflow")
	}
	var escalated []string
	for _, n := range h.acts.notified {
		if n.Event.Type == task.EventEscalated {
			escalated = append(escalated, n.To...)
		}
	}
	if diff := cmp.Diff([]string{"li", "zhao", "wang", "boss", "wang", "boss"}, escalated); diff != "" {
		t.Fatalf("escalation recipients (-want +got):\n%s", diff)
	}
}

// A submission pauses the ladder, a return resumes it; a review nobody answers
// is chased; the final approval after the deadline closes the task late.
func TestWorkflowReturnResumesLadderAndReviewTimeout(t *testing.T) {
	h := newHarness(t, fixtureStart)
	h.at(fromDeadline(day), task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "late"})
	h.at(fromDeadline(8*day), task.Return.Name, task.ReturnRequest{Actor: actor("zhao"), Reason: "redo"})
	h.at(fromDeadline(11*day), task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "again"})
	h.at(fromDeadline(11*day)+time.Hour, task.Approve.Name, task.ApproveRequest{Actor: actor("zhao")})
	h.at(fromDeadline(11*day)+2*time.Hour, task.Approve.Name, task.ApproveRequest{Actor: actor("wang")})
	spec := fixtureSpec()
	spec.Plan.Milestones = spec.Plan.Milestones[2:]
	spec.Plan.Policy.RemindBefore = nil
	h.run(TaskInput{Spec: spec})
	want := []string{
		"created@-30d+9h0m1s",
		"milestone_missed@+0d(check)", "escalated@+0d(L1)",
		"submitted@+1d by li",
		"review_overdue@+4d(stage 1)", "review_overdue@+7d(stage 2)",
		"returned@+8d by zhao",
		// one day overdue before the submission: level 2 two days after the return
		"escalated@+10d(L2)",
		"submitted@+11d by li", "approved@+11d+1h0m0s by zhao", "approved@+11d+2h0m0s by wang", "closed@+11d+2h0m0s by wang",
	}
	if diff := cmp.Diff(want, h.acts.timeline(t)); diff != "" {
		t.Fatalf("log (-want +got):\n%s", diff)
	}
	var result task.View
	if err := h.env.GetWorkflowResult(&result); err != nil {
		t.Fatal(err)
	}
	if *result.ClosedOnTime {
		t.Fatal("a submission after the deadline is not on time")
	}
}

// An approved extension re-plans the task and re-arms every timer.
func TestWorkflowExtensionRearms(t *testing.T) {
	h := newHarness(t, fixtureStart)
	h.at(fromDeadline(-2*day), task.Extend.Name, task.ExtendRequest{Actor: actor("li"), Deadline: fixtureDeadline.Add(10 * day), Reason: "typhoon"})
	h.at(fromDeadline(-2*day)+time.Hour, task.ExtensionApprove.Name, task.ExtensionDecisionRequest{Actor: actor("zhao")})
	h.at(fromDeadline(-2*day)+2*time.Hour, task.ExtensionApprove.Name, task.ExtensionDecisionRequest{Actor: actor("wang")})
	h.at(fromDeadline(11*day), task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "stop"})
	spec := fixtureSpec()
	spec.Plan.Milestones = spec.Plan.Milestones[2:]
	h.run(TaskInput{Spec: spec})
	want := []string{
		"created@-30d+9h0m1s",
		"reminder@-7d", "reminder@-3d",
		"extension_requested@-2d by li", "extension_approved@-2d+2h0m0s by wang",
		// the old deadline's -1d reminder and escalation are gone; the new ones come
		"reminder@+3d", "reminder@+7d", "reminder@+9d",
		"milestone_missed@+10d(check)", "escalated@+10d(L1)",
		"cancelled@+11d by boss",
	}
	if diff := cmp.Diff(want, h.acts.timeline(t)); diff != "" {
		t.Fatalf("log (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"extend ok", "extension_approve Forbidden", "extension_approve ok", "cancel ok"}, h.outcomes); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
}

// Continue-as-new hands the whole state to the next run: the log continues
// without a gap and nothing accepted is lost.
func TestWorkflowContinueAsNewKeepsState(t *testing.T) {
	h := newHarness(t, fixtureStart)
	for i := range 3 {
		h.at(time.Duration(i+1)*time.Hour, task.Progress.Name, task.ProgressRequest{Actor: actor("li"), Percent: 10 * (i + 1)})
	}
	h.run(TaskInput{Spec: fixtureSpec(), MaxUpdatesPerRun: 3})
	var can *workflow.ContinueAsNewError
	if err := h.env.GetWorkflowError(); !errors.As(err, &can) {
		t.Fatalf("want continue-as-new, got %v", err)
	}
	var next TaskInput
	if err := converter.GetDefaultDataConverter().FromPayloads(can.Input, &next); err != nil {
		t.Fatal(err)
	}
	if next.State == nil || next.State.Seq != 4 || next.State.Percent != 30 {
		t.Fatalf("carried state: %+v", next.State)
	}

	h2 := newHarness(t, fixtureStart.Add(4*time.Hour))
	h2.acts.events = h.acts.events
	h2.at(time.Hour, task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "done"})
	h2.at(2*time.Hour, task.Approve.Name, task.ApproveRequest{Actor: actor("zhao")})
	h2.at(3*time.Hour, task.Approve.Name, task.ApproveRequest{Actor: actor("wang")})
	h2.run(next)
	log := h2.acts.log(t) // fails on a gap across the two runs
	if got := eventTypes(log); got[len(got)-1] != task.EventClosed || len(got) != 8 {
		t.Fatalf("log across runs: %v", got)
	}
}

// A notifier that keeps failing never blocks the task: the action succeeds and
// the failure is logged as an event.
func TestWorkflowNotificationFailureIsAnEvent(t *testing.T) {
	h := newHarness(t, fixtureStart)
	h.acts.failNotify = true
	h.at(time.Hour, task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "done"})
	h.at(2*time.Hour, task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "stop"})
	spec := fixtureSpec()
	spec.Plan.Milestones = nil
	h.run(TaskInput{Spec: spec})
	types := eventTypes(h.acts.log(t))
	want := []string{"created", "notification_failed", "submitted", "notification_failed", "cancelled", "notification_failed"}
	if diff := cmp.Diff(want, types); diff != "" {
		t.Fatalf("log (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"submit ok", "cancel ok"}, h.outcomes); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
}

// A re-plan signalled from outside (the task that depends on this one got
// more time) moves the deadline and the timers with it.
func TestWorkflowRescheduleSignal(t *testing.T) {
	h := newHarness(t, fixtureStart)
	plan := fixtureSpec().Plan
	plan.EffectiveDeadline = fixtureDeadline.Add(-10 * day)
	plan.Milestones = []task.Milestone{{Name: "check", Due: plan.EffectiveDeadline}}
	plan.Policy.RemindBefore = nil
	h.env.RegisterDelayedCallback(func() {
		h.env.SignalWorkflow(SignalReschedule, task.RescheduleSignal{Plan: plan, Reason: "T9 depends on it"})
	}, fromDeadline(-20*day))
	h.at(fromDeadline(-6*day), task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "stop"})
	spec := fixtureSpec()
	spec.Plan.Milestones = spec.Plan.Milestones[2:]
	spec.Plan.Policy.RemindBefore = nil
	h.run(TaskInput{Spec: spec})
	want := []string{
		"created@-30d+9h0m1s",
		"rescheduled@-20d",
		"milestone_missed@-10d(check)", "escalated@-10d(L1)",
		"escalated@-7d(L2)",
		"cancelled@-6d by boss",
	}
	if diff := cmp.Diff(want, h.acts.timeline(t)); diff != "" {
		t.Fatalf("log (-want +got):\n%s", diff)
	}
}

// Every action of SPEC section 3 through the real update validators and
// handlers: the wrong person is refused with Forbidden, the wrong state with
// Conflict, a bad request with Invalid; the right person goes through.
func TestWorkflowEveryActionAllowedAndRefused(t *testing.T) {
	h := newHarness(t, fixtureStart)
	steps := []struct {
		update string
		req    any
	}{
		{task.Reassign.Name, task.ReassignRequest{Actor: actor("li"), Owner: "chen", Reason: "leave"}},
		{task.Reassign.Name, task.ReassignRequest{Actor: actor("zhao"), Owner: "chen", Reason: "leave"}},
		{task.Progress.Name, task.ProgressRequest{Actor: actor("li"), Percent: 10}},
		{task.Progress.Name, task.ProgressRequest{Actor: actor("chen"), Percent: 10}},
		{task.Extend.Name, task.ExtendRequest{Actor: actor("zhao"), Deadline: fixtureDeadline.Add(day), Reason: "x"}},
		{task.Extend.Name, task.ExtendRequest{Actor: actor("chen"), Deadline: fixtureDeadline.Add(day), Reason: "x"}},
		{task.ExtensionReject.Name, task.ExtensionDecisionRequest{Actor: actor("zhao"), Reason: "no"}},
		{task.ExtensionReject.Name, task.ExtensionDecisionRequest{Actor: actor("wang")}},
		{task.ExtensionReject.Name, task.ExtensionDecisionRequest{Actor: actor("wang"), Reason: "no"}},
		{task.ExtensionApprove.Name, task.ExtensionDecisionRequest{Actor: actor("wang")}},
		{task.Submit.Name, task.SubmitRequest{Actor: actor("zhao"), Note: "done"}},
		{task.Submit.Name, task.SubmitRequest{Actor: actor("chen"), Note: "done"}},
		{task.Submit.Name, task.SubmitRequest{Actor: actor("chen"), Note: "again"}},
		{task.Approve.Name, task.ApproveRequest{Actor: actor("wang")}},
		{task.Return.Name, task.ReturnRequest{Actor: actor("zhao"), Reason: "redo"}},
		{task.Cancel.Name, task.CancelRequest{Actor: actor("zhao"), Reason: "stop"}},
		{task.Cancel.Name, task.CancelRequest{Actor: task.Actor{ID: "root", Admin: true}, Reason: "merged"}},
	}
	for i, s := range steps {
		h.at(time.Duration(i+1)*time.Hour, s.update, s.req)
	}
	h.run(TaskInput{Spec: fixtureSpec()})
	want := []string{
		"reassign Forbidden", "reassign ok", "progress Forbidden", "progress ok",
		"extend Forbidden", "extend ok", "extension_reject Forbidden", "extension_reject Invalid", "extension_reject ok",
		"extension_approve Conflict", "submit Forbidden", "submit ok", "submit Conflict",
		"approve Forbidden", "return ok", "cancel Forbidden", "cancel ok",
	}
	if diff := cmp.Diff(want, h.outcomes); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
	if !h.env.IsWorkflowCompleted() {
		t.Fatal("the cancel must end the workflow and its timers")
	}
}

// An approved extension tells the tasks this one depends on their new plans
// with signals the workflow sends as commands: they leave only when the
// approval commits, never from a workflow task that dies half way.
func TestWorkflowExtensionSignalsDependents(t *testing.T) {
	h := newHarness(t, fixtureStart)
	dependent := fixtureSpec().Plan
	dependent.EffectiveDeadline = fixtureDeadline.Add(5 * day)
	h.acts.dependents = []task.DependentPlan{{Task: "T00", Plan: dependent}}
	h.env.OnSignalExternalWorkflow(mock.Anything, TaskWorkflowID("xmlc", "T00"), "", SignalReschedule,
		task.RescheduleSignal{Plan: dependent, Reason: "an extension of T01"}).Return(nil).Once()
	h.at(fromDeadline(-2*day), task.Extend.Name, task.ExtendRequest{Actor: actor("li"), Deadline: fixtureDeadline.Add(10 * day), Reason: "typhoon"})
	h.at(fromDeadline(-2*day)+time.Hour, task.ExtensionApprove.Name, task.ExtensionDecisionRequest{Actor: actor("zhao")})
	h.at(fromDeadline(-2*day)+2*time.Hour, task.ExtensionApprove.Name, task.ExtensionDecisionRequest{Actor: actor("wang")})
	h.at(fromDeadline(-day), task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "stop"})
	h.run(TaskInput{Spec: fixtureSpec()})
	if diff := cmp.Diff([]string{"extend ok", "extension_approve Forbidden", "extension_approve ok", "cancel ok"}, h.outcomes); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
	h.env.AssertExpectations(t)
}
