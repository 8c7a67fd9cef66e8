package workflows

import (
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"
)

// Reminders at a working hour and quiet hours through the real workflow, on
// the test suite's skipping clock. Times read as Shanghai wall-clock times,
// the fixture campaign's: its deadline is 06-30 23:59:59.

// at2024 is a Shanghai wall-clock time in 2024 ("06-29 23:00").
func at2024(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", "2024-"+s, shanghai(t))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// after is the harness delay from fixtureStart to a Shanghai time.
func after(t *testing.T, s string) time.Duration { return at2024(t, s).Sub(fixtureStart) }

// onlyDeadline keeps the fixture's last milestone (the deadline) and the
// given reminders, so that only they and the ladder fire.
func onlyDeadline(spec task.Spec, remind ...time.Duration) task.Spec {
	spec.Plan.Milestones = spec.Plan.Milestones[2:]
	spec.Plan.Policy.RemindBefore = remind
	spec.Plan.Policy.RemindDays = make([]bool, len(remind))
	for i, off := range remind {
		spec.Plan.Policy.RemindDays[i] = off%day == 0
	}
	return spec
}

// (a) A 3d reminder before a date deadline (23:59:59) goes out at 09:00
// campaign time three days before, not at 23:59:59.
func TestWorkflowWholeDayReminderAtNine(t *testing.T) {
	h := newHarness(t, fixtureStart)
	h.at(after(t, "06-28 12:00"), task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "stop"})
	h.run(TaskInput{Spec: onlyDeadline(remindAtSpec("09:00"), 3*day)})
	if diff := cmp.Diff([]string{"li@06-27 09:00:00"}, h.acts.delivered(task.EventReminder, shanghai(t))); diff != "" {
		t.Fatalf("reminder deliveries (-want +got):\n%s", diff)
	}
}

// (b) A reminder falling at 23:00 for an owner whose quiet hours are
// 22:00-08:00 is held, recorded in the task's state, and delivered at 08:00,
// released, to the owner alone.
func TestWorkflowReminderHeldUntilQuietEnds(t *testing.T) {
	h := newHarness(t, fixtureStart)
	h.acts.setQuiet(t, "li", "22:00-08:00", shanghai(t))
	h.at(after(t, "06-30 12:00"), task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "stop"})
	h.run(TaskInput{Spec: onlyDeadline(remindAtSpec("23:00"), day)})
	var reminded time.Time
	for _, ev := range h.acts.log(t) {
		if ev.Type == task.EventReminder {
			reminded = ev.At
		}
	}
	if !reminded.Equal(at2024(t, "06-29 23:00")) {
		t.Fatalf("the reminder fired at %v, want 23:00 the day before", reminded.In(shanghai(t)))
	}
	if diff := cmp.Diff([]string{"li@06-30 08:00:00(released)"}, h.acts.delivered(task.EventReminder, shanghai(t))); diff != "" {
		t.Fatalf("reminder deliveries (-want +got):\n%s", diff)
	}
	if !h.env.IsWorkflowCompleted() || h.env.GetWorkflowError() != nil {
		t.Fatalf("workflow: completed %v, %v", h.env.IsWorkflowCompleted(), h.env.GetWorkflowError())
	}
}

// (c) A level-2 escalation at 23:00 goes out at 23:00 to people in quiet
// hours; the level-1 notice at the deadline (23:59:59) waits for 08:00. A
// reminder held past its deadline is dropped, not sent late.
func TestWorkflowLevelTwoEscalationNotHeld(t *testing.T) {
	h := newHarness(t, fixtureStart)
	for _, p := range []string{"li", "zhao", "wang", "boss"} {
		h.acts.setQuiet(t, p, "22:00-08:00", shanghai(t))
	}
	spec := onlyDeadline(remindAtSpec("09:00"), 59*time.Minute+59*time.Second) // 23:00 on the deadline's day
	spec.Plan.Policy.Overdue = []task.EscalationLevel{
		{After: 0, Notify: []string{task.RoleOwner, task.RoleSupervisor}},
		{After: 23*time.Hour + time.Second, Notify: []string{task.RoleLeader, task.RoleCampaignOwner}}, // 07-01 23:00
	}
	h.at(after(t, "07-02 12:00"), task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "stop"})
	h.run(TaskInput{Spec: spec})
	sh := shanghai(t)
	want := []string{
		"li@07-01 08:00:00(released)", "zhao@07-01 08:00:00(released)", // level 1, held overnight
		"boss@07-01 23:00:00", "wang@07-01 23:00:00", // level 2, at once
	}
	if diff := cmp.Diff(want, h.acts.delivered(task.EventEscalated, sh)); diff != "" {
		t.Fatalf("escalation deliveries (-want +got):\n%s", diff)
	}
	if got := h.acts.delivered(task.EventReminder, sh); len(got) != 0 {
		t.Fatalf("a reminder held past its deadline was sent: %v", got)
	}
}

// Sign-off requests of a flagged task (挂牌督战) are not held; those of
// other tasks are.
func TestWorkflowFlaggedSignOffNotHeld(t *testing.T) {
	for _, flagged := range []bool{true, false} {
		h := newHarness(t, fixtureStart)
		h.acts.setQuiet(t, "zhao", "22:00-08:00", shanghai(t))
		spec := onlyDeadline(fixtureSpec())
		spec.Flagged = flagged
		h.at(after(t, "06-10 23:00"), task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "done"})
		h.at(after(t, "06-11 12:00"), task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "stop"})
		h.run(TaskInput{Spec: spec})
		want := "zhao@06-10 23:00:00"
		if !flagged {
			want = "zhao@06-11 08:00:00(released)"
		}
		if diff := cmp.Diff([]string{want}, h.acts.delivered(task.EventSubmitted, shanghai(t))); diff != "" {
			t.Errorf("flagged %v: submission deliveries (-want +got):\n%s", flagged, diff)
		}
	}
}

// (e) A held notice is state: it survives a continue-as-new that comes in
// the night (three actions with MaxUpdatesPerRun 3), and the next run
// delivers it at 08:00.
func TestWorkflowHeldNoticeSurvivesContinueAsNew(t *testing.T) {
	h := newHarness(t, fixtureStart)
	h.acts.setQuiet(t, "li", "22:00-08:00", shanghai(t))
	for i, at := range []string{"06-29 23:30", "06-29 23:31", "06-29 23:32"} {
		h.at(after(t, at), task.Progress.Name, task.ProgressRequest{Actor: actor("li"), Percent: 10 * (i + 1)})
	}
	h.run(TaskInput{Spec: onlyDeadline(remindAtSpec("23:00"), day), MaxUpdatesPerRun: 3})
	var can *workflow.ContinueAsNewError
	if err := h.env.GetWorkflowError(); !errors.As(err, &can) {
		t.Fatalf("want continue-as-new, got %v", err)
	}
	var next TaskInput
	if err := converter.GetDefaultDataConverter().FromPayloads(can.Input, &next); err != nil {
		t.Fatal(err)
	}
	if next.State == nil || len(next.State.Held) != 1 || next.State.Held[0].To != "li" || !next.State.Held[0].Until.Equal(at2024(t, "06-30 08:00")) {
		t.Fatalf("carried held notices: %+v", next.State)
	}
	if got := h.acts.delivered(task.EventReminder, shanghai(t)); len(got) != 0 {
		t.Fatalf("the first run delivered the held reminder: %v", got)
	}

	h2 := newHarness(t, at2024(t, "06-29 23:32"))
	h2.acts.setQuiet(t, "li", "22:00-08:00", shanghai(t))
	h2.acts.events = h.acts.events
	h2.at(at2024(t, "06-30 12:00").Sub(at2024(t, "06-29 23:32")), task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "stop"})
	h2.run(next)
	if diff := cmp.Diff([]string{"li@06-30 08:00:00(released)"}, h2.acts.delivered(task.EventReminder, shanghai(t))); diff != "" {
		t.Fatalf("reminder deliveries after continue-as-new (-want +got):\n%s", diff)
	}
	h2.acts.log(t) // no gap across the runs
}

// A task cancelled at 23:00 ends, but its workflow stays until the
// cancellation, held for the owner's and supervisor's quiet hours, has gone
// out at 08:00: what people did is never lost to the night.
func TestWorkflowHeldNoticeOutlivesTheTask(t *testing.T) {
	h := newHarness(t, fixtureStart)
	for _, p := range []string{"li", "zhao"} {
		h.acts.setQuiet(t, p, "22:00-08:00", shanghai(t))
	}
	h.at(after(t, "06-10 23:00"), task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "merged"})
	h.run(TaskInput{Spec: onlyDeadline(fixtureSpec())})
	want := []string{"li@06-11 08:00:00(released)", "zhao@06-11 08:00:00(released)"}
	if diff := cmp.Diff(want, h.acts.delivered(task.EventCancelled, shanghai(t))); diff != "" {
		t.Fatalf("cancellation deliveries (-want +got):\n%s", diff)
	}
	if !h.env.IsWorkflowCompleted() || h.env.GetWorkflowError() != nil {
		t.Fatalf("workflow: completed %v, %v", h.env.IsWorkflowCompleted(), h.env.GetWorkflowError())
	}
	if !h.env.Now().Equal(at2024(t, "06-11 08:00")) {
		t.Errorf("the workflow ended at %v, want when the last held notice went out", h.env.Now().In(shanghai(t)))
	}
}
