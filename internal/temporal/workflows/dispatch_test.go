package workflows

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/mock"
)

// The dispatch fixture: T01 is owned by the unit shegongbu, whose member is
// li; it is dispatched to haikou (members zhou, wu) and sanya (member chen).
const parentOwner = "unit:shegongbu"

func childSpec(unit string) task.Spec {
	s := fixtureSpec()
	s.ID = "T01." + unit
	s.Owner = task.UnitRef(unit)
	s.Supervisor = parentOwner
	s.Approvers = []string{parentOwner}
	s.Flagged, s.Leader = false, ""
	s.Parent = "T01"
	s.Indicators = []task.Indicator{{ID: "returned", Name: "返岗人数", Unit: "名",
		Parts: []task.IndicatorPart{{ID: "town", Name: "镇街"}, {ID: "village", Name: "村居"}}}}
	return s
}

func parentSpec() task.Spec {
	s := fixtureSpec()
	s.Owner = parentOwner
	s.Children = []string{"T01.haikou", "T01.sanya"}
	s.Indicators = []task.Indicator{{ID: "returned", Name: "返岗人数", Unit: "名", Target: 565,
		Parts: []task.IndicatorPart{{ID: "town", Name: "镇街"}, {ID: "village", Name: "村居"}}}}
	return s
}

func member(id string, units ...string) task.Actor { return task.Actor{ID: id, Units: units} }

// A child is a task of its own: its unit's members act, others are refused;
// its deadline passing escalates to the parent's owner (its supervisor); and
// each change the parent shows (values, light, the close) is signalled to
// the parent after it commits, in order.
func TestWorkflowChildEscalatesAndTellsParent(t *testing.T) {
	h := newHarness(t, fixtureStart)
	var (
		mu   sync.Mutex
		told []task.ChildUpdate
	)
	h.env.OnSignalExternalWorkflow(mock.Anything, TaskWorkflowID("xmlc", "T01"), "", SignalChild, mock.Anything).Return(
		func(_, _, _, _ string, arg any) error {
			mu.Lock()
			defer mu.Unlock()
			told = append(told, arg.(task.ChildUpdate))
			return nil
		})
	values := map[string]any{"returned": map[string]any{"town": 20.0, "village": 3.0}}
	h.at(fromDeadline(-21*day), task.Progress.Name, task.ProgressRequest{Actor: member("zhou", "haikou"), Percent: 40, Values: values})
	h.at(fromDeadline(-20*day)+time.Minute, task.Progress.Name, task.ProgressRequest{Actor: member("chen", "sanya"), Percent: 50})
	h.at(fromDeadline(-20*day)+2*time.Minute, task.Progress.Name, task.ProgressRequest{Actor: member("zhou", "haikou"),
		Values: map[string]any{"returned": 3.0}})
	h.at(fromDeadline(-20*day)+3*time.Minute, task.Progress.Name, task.ProgressRequest{Actor: member("zhou", "haikou"),
		Values: map[string]any{"returned": map[string]any{"town": -1.0}}})
	h.at(fromDeadline(day), task.Submit.Name, task.SubmitRequest{Actor: member("wu", "haikou"), Note: "all back"})
	h.at(fromDeadline(day)+time.Hour, task.Approve.Name, task.ApproveRequest{Actor: member("li", "shegongbu")})
	h.run(TaskInput{Spec: childSpec("haikou")})

	if !h.env.IsWorkflowCompleted() || h.env.GetWorkflowError() != nil {
		t.Fatalf("workflow did not close: %v", h.env.GetWorkflowError())
	}
	want := []string{"progress ok", "progress Forbidden", "progress Invalid", "progress Invalid", "submit ok", "approve ok"}
	if diff := cmp.Diff(want, h.outcomes); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
	var escalated []task.Event
	for _, e := range h.acts.log(t) {
		if e.Type == task.EventEscalated {
			escalated = append(escalated, e)
		}
		if e.Type == task.EventProgress && e.Data["unit"] != "haikou" {
			t.Errorf("progress must record the unit acted for: %v", e.Data)
		}
	}
	if len(escalated) == 0 || !slices.Contains(escalated[0].Data["notify"].([]string), parentOwner) {
		t.Fatalf("the deadline must escalate to the parent's owner: %+v", escalated)
	}
	mu.Lock()
	defer mu.Unlock()
	var lights []string
	for i, u := range told {
		lights = append(lights, string(u.Status)+"/"+string(u.Light))
		if i > 0 && u.Version <= told[i-1].Version {
			t.Errorf("updates must carry rising versions: %+v", told)
		}
	}
	if diff := cmp.Diff([]string{"open/green", "open/yellow", "open/red", "submitted/red", "closed/done"}, lights); diff != "" {
		t.Fatalf("what the parent was told (-want +got):\n%s", diff)
	}
	last := told[len(told)-1]
	if got := last.Values["returned"]; got.Total != 23 || got.Parts["town"] != 20 || got.Parts["village"] != 3 {
		t.Fatalf("values told: %+v", got)
	}
}

// The parent follows its children: its light is the worst of theirs, its
// progress the share closed, its value their sum; it cannot be submitted
// while a child is open, and a late or repeated update changes nothing.
func TestWorkflowParentFollowsChildren(t *testing.T) {
	h := newHarness(t, fixtureStart)
	signal := func(offset time.Duration, u task.ChildUpdate) {
		h.env.RegisterDelayedCallback(func() { h.env.SignalWorkflow(SignalChild, u) }, offset)
	}
	var views []task.View
	look := func(offset time.Duration) {
		h.env.RegisterDelayedCallback(func() {
			v, err := h.env.QueryWorkflow(QueryTask)
			if err != nil {
				t.Fatal(err)
			}
			var view task.View
			if err := v.Get(&view); err != nil {
				t.Fatal(err)
			}
			views = append(views, view)
		}, offset)
	}
	vals := func(town, village float64) map[string]task.IndicatorValue {
		return map[string]task.IndicatorValue{"returned": {Total: town + village, Parts: map[string]float64{"town": town, "village": village}}}
	}
	signal(fromDeadline(-20*day), task.ChildUpdate{ID: "T01.haikou", Status: task.StatusOpen, Light: task.LightRed, Version: 5, Values: vals(100, 3)})
	look(fromDeadline(-20*day) + time.Minute)
	h.at(fromDeadline(-20*day)+2*time.Minute, task.Submit.Name, task.SubmitRequest{Actor: member("li", "shegongbu"), Note: "early"})
	signal(fromDeadline(-10*day), task.ChildUpdate{ID: "T01.haikou", Status: task.StatusClosed, Light: task.LightDone, Version: 9, Values: vals(300, 20)})
	signal(fromDeadline(-10*day)+time.Minute, task.ChildUpdate{ID: "T01.haikou", Status: task.StatusOpen, Light: task.LightRed, Version: 6, Values: vals(1, 1)})
	look(fromDeadline(-10*day) + 2*time.Minute)
	signal(fromDeadline(-9*day), task.ChildUpdate{ID: "T01.sanya", Status: task.StatusClosed, Light: task.LightDone, Version: 7, Values: vals(232, 13)})
	h.at(fromDeadline(-9*day)+time.Minute, task.Submit.Name, task.SubmitRequest{Actor: member("li", "shegongbu"), Note: "all units closed"})
	h.at(fromDeadline(-9*day)+time.Hour, task.Approve.Name, task.ApproveRequest{Actor: actor("zhao")})
	h.at(fromDeadline(-9*day)+2*time.Hour, task.Approve.Name, task.ApproveRequest{Actor: actor("wang")})
	h.run(TaskInput{Spec: parentSpec()})

	if !h.env.IsWorkflowCompleted() || h.env.GetWorkflowError() != nil {
		t.Fatalf("workflow did not close: %v", h.env.GetWorkflowError())
	}
	if diff := cmp.Diff([]string{"submit Conflict", "submit ok", "approve ok", "approve ok"}, h.outcomes); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
	if len(views) != 2 {
		t.Fatalf("looked %d times", len(views))
	}
	if v := views[0]; v.Light != task.LightRed || v.Percent != 0 || v.Indicators[0].Value != 103 {
		t.Fatalf("after a red child: light %s percent %d value %v", v.Light, v.Percent, v.Indicators[0].Value)
	}
	// Yellow now is the parent's own: its first milestone was missed.
	if v := views[1]; v.Light != task.LightYellow || v.Percent != 50 || v.Indicators[0].Value != 320 {
		t.Fatalf("after one child closed (and a stale update): light %s percent %d value %v", v.Light, v.Percent, v.Indicators[0].Value)
	}
	final := h.acts.task
	ind := final.Indicators[0]
	if final.Status != task.StatusClosed || final.Percent != 100 || ind.Value != 565 || *ind.Percent != 100 ||
		ind.Parts[0].Value != 532 || ind.Parts[1].Value != 33 {
		t.Fatalf("final view: %+v %+v", final, ind)
	}
	if len(final.Children) != 2 || final.Children[1].Owner != "unit:sanya" {
		t.Fatalf("children: %+v", final.Children)
	}
}

// Pace: with 10 working days and nothing reported after half of them, the
// task is red; reporting the expected share turns it green again.
func TestPaceLight(t *testing.T) {
	start := time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC)
	var days []time.Time
	for i := range 10 {
		days = append(days, start.Add(time.Duration(i)*day+day-time.Second))
	}
	s, _ := task.NewTaskState(task.Spec{
		ID: "T02", Owner: "li", Approvers: []string{"zhao"}, Deadline: days[9],
		Indicators: []task.Indicator{{ID: "trained", Name: "培训", Unit: "人次", Target: 268}},
		Plan:       task.Plan{EffectiveDeadline: days[9], Pace: &task.Pace{Yellow: 10, Red: 30}, PaceDays: days},
	}, start)
	now := days[4].Add(time.Minute) // five of ten days gone: 50% expected
	if got := s.LightAt(now); got != task.LightRed {
		t.Fatalf("nothing reported at half time: %s", got)
	}
	s.SetValues(map[string]task.IndicatorValue{"trained": {Total: 268 * 0.45}})
	if got := s.LightAt(now); got != task.LightGreen {
		t.Fatalf("45%% of the target at 50%% of the time, within 10 points: %s", got)
	}
	s.SetValues(map[string]task.IndicatorValue{"trained": {Total: 268 * 0.35}})
	if got := s.LightAt(now); got != task.LightYellow {
		t.Fatalf("15 points behind: %s", got)
	}
	if next := s.NextPaceDay(now); !next.Equal(days[5]) {
		t.Fatalf("next pace day %s", next)
	}
}
