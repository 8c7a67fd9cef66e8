package workflows

import (
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
)

// urgeZone is the fixture campaign's timezone.
var urgeZone = time.FixedZone("CST", 8*3600)

// urgeAt is the urge request as taskops sends it at instant at: the actor,
// the note, and calendar cn's working days from that day on.
func urgeAt(t *testing.T, at time.Time, who, note string) task.UrgeRequest {
	t.Helper()
	cn, err := calendar.NewCN(nil)
	if err != nil {
		t.Fatal(err)
	}
	days, err := task.UrgeDays(at, urgeZone, cn)
	if err != nil {
		t.Fatal(err)
	}
	return task.UrgeRequest{Actor: actor(who), Note: note, Workdays: days}
}

// urgeOutcome is one urge's answer: its error type ("ok") and, for one
// refused as too soon, when the next is allowed.
type urgeOutcome struct {
	Type    string
	RetryAt time.Time
}

// An urge notifies the owner and records the event; a second inside four
// working hours is refused with the time of the next, which a weekend and
// the Dragon Boat holiday (Monday 10 June 2024 on calendar cn) push out;
// after it an urge is allowed again. Someone else is refused, and so is an
// urge of a cancelled task (which a finished workflow would refuse anyway:
// taskops answers ErrFinished).
func TestWorkflowUrge(t *testing.T) {
	h := newHarness(t, fixtureStart)
	cst := func(d, hour int) time.Time { return time.Date(2024, 6, d, hour, 0, 0, 0, urgeZone) }
	var outcomes []urgeOutcome
	urge := func(at time.Time, who, note string) {
		req := urgeAt(t, at, who, note)
		h.env.RegisterDelayedCallback(func() {
			record := func(err error) {
				o := urgeOutcome{Type: "ok"}
				var app *temporal.ApplicationError
				if errors.As(err, &app) {
					o.Type = app.Type()
					var re task.RuleError
					if app.HasDetails() && app.Details(&re) == nil {
						o.RetryAt = re.RetryAt
					}
				}
				outcomes = append(outcomes, o)
			}
			h.env.UpdateWorkflow(task.Urge.Name, "", &testsuite.TestUpdateCallback{
				OnReject:   record,
				OnComplete: func(_ any, err error) { record(err) },
			}, req)
		}, at.Sub(fixtureStart))
	}
	friday := cst(7, 22) // two hours of Friday 7 June left
	next := cst(11, 2)   // Tuesday: Saturday to Monday are days off
	urge(friday, "zhao", "请于本周内报送")
	urge(friday.Add(time.Hour), "boss", "")
	urge(cst(10, 12), "wang", "") // 62 hours later, but on days off
	urge(next, "wang", "再催")
	urge(cst(12, 10), "li", "") // the owner does not urge
	// The urge right behind the cancel, before the workflow ends with it.
	h.at(cst(13, 10).Sub(fixtureStart), task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "merged"})
	urge(cst(13, 10), "zhao", "")
	spec := fixtureSpec()
	spec.Plan.Policy.RemindBefore = nil
	spec.Plan.Milestones = spec.Plan.Milestones[2:]
	h.run(TaskInput{Spec: spec})

	want := []urgeOutcome{
		{Type: "ok"},
		{Type: task.ErrTypeTooSoon, RetryAt: next},
		{Type: task.ErrTypeTooSoon, RetryAt: next},
		{Type: "ok"},
		{Type: task.ErrTypeForbidden},
		{Type: task.ErrTypeConflict},
	}
	if diff := cmp.Diff(want, outcomes, cmp.Comparer(time.Time.Equal)); diff != "" {
		t.Fatalf("urges (-want +got):\n%s", diff)
	}
	var urged []task.Event
	for _, ev := range h.acts.log(t) {
		if ev.Type == task.EventUrged {
			urged = append(urged, ev)
		}
	}
	if len(urged) != 2 || urged[0].Actor != "zhao" || urged[0].Data["note"] != "请于本周内报送" || urged[1].Actor != "wang" {
		t.Fatalf("urged events %+v", urged)
	}
	var to [][]string
	for _, n := range h.acts.notified {
		if n.Event.Type == task.EventUrged {
			to = append(to, n.To)
		}
	}
	if diff := cmp.Diff([][]string{{"li"}, {"li"}}, to); diff != "" {
		t.Fatalf("urge notices (-want +got):\n%s", diff)
	}
	if h.acts.task.Urges != 2 {
		t.Fatalf("the projection counts %d urges, want 2", h.acts.task.Urges)
	}
}

// Quiet hours hold an urge's notice until the morning, unless the task is
// flagged (挂牌督战): then it goes at once.
func TestWorkflowUrgeQuietHours(t *testing.T) {
	for _, flagged := range []bool{false, true} {
		h := newHarness(t, fixtureStart)
		h.acts.setQuiet(t, "li", "22:00-08:00", urgeZone)
		at := time.Date(2024, 6, 4, 23, 0, 0, 0, urgeZone)
		h.at(at.Sub(fixtureStart), task.Urge.Name, urgeAt(t, at, "zhao", "今晚"))
		h.at(at.Add(12*time.Hour).Sub(fixtureStart), task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "end of test"})
		spec := fixtureSpec()
		spec.Flagged = flagged
		h.run(TaskInput{Spec: spec})
		want := []string{"li@06-05 08:00:00(released)"}
		if flagged {
			want = []string{"li@06-04 23:00:00"}
		}
		if diff := cmp.Diff(want, h.acts.delivered(task.EventUrged, urgeZone)); diff != "" {
			t.Errorf("flagged %v: deliveries (-want +got):\n%s", flagged, diff)
		}
	}
}
