package planning

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/platform/store"
)

func parseUnitsPlan(t *testing.T, opts plan.ParseOptions) *plan.Plan {
	t.Helper()
	data, err := os.ReadFile("../../domain/plan/testdata/units.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(data, plan.YAML, opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func unitsSpecs(t *testing.T, p *plan.Plan) map[string]task.Spec {
	t.Helper()
	res, err := plan.Schedule(p)
	if err != nil {
		t.Fatal(err)
	}
	specs, err := Specs(p, res)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]task.Spec{}
	var ids []string
	for _, s := range specs {
		byID[s.ID] = s
		ids = append(ids, s.ID)
	}
	want := []string{"T01", "T01.hn-haikou", "T01.hn-sanya", "T01.hn-danzhou", "T02", "T02.hn-sanya", "T02.hn-haikou", "T03"}
	if !slices.Equal(ids, want) {
		t.Fatalf("specs %v, want %v", ids, want)
	}
	return byID
}

// Children are specs of their own, right after their parent, which lists
// them; units, assist and indicators carry through.
func TestSpecsOfDispatchedTasks(t *testing.T) {
	specs := unitsSpecs(t, parseUnitsPlan(t, plan.ParseOptions{}))
	parent, child := specs["T01"], specs["T01.hn-sanya"]
	if !slices.Equal(parent.Children, []string{"T01.hn-haikou", "T01.hn-sanya", "T01.hn-danzhou"}) || parent.Parent != "" {
		t.Errorf("parent children %v, parent %q", parent.Children, parent.Parent)
	}
	if child.Parent != "T01" || len(child.Children) != 0 || child.Owner != task.UnitRef("hn-sanya") ||
		child.Supervisor != "li" || !slices.Equal(child.Approvers, []string{"li"}) || child.Flagged {
		t.Errorf("child = %+v", child)
	}
	if d := parent.Deadline.Sub(child.Deadline); d != 8*24*time.Hour { // five working days across 端午 and a weekend
		t.Errorf("child due %v before its parent", d)
	}
	wantIndicator := task.Indicator{ID: "returned", Name: "返岗人数", Unit: "名", Target: 565,
		Parts: []task.IndicatorPart{{ID: "town", Name: "镇街"}, {ID: "village", Name: "村居"}}}
	if len(parent.Indicators) != 1 || !equalIndicator(parent.Indicators[0], wantIndicator) {
		t.Errorf("parent indicators %+v", parent.Indicators)
	}
	wantIndicator.Target = 0
	if len(child.Indicators) != 1 || !equalIndicator(child.Indicators[0], wantIndicator) {
		t.Errorf("child indicators %+v", child.Indicators)
	}
	if t03 := specs["T03"]; !slices.Equal(t03.Assist, []string{"unit:zuzhibu", "li"}) || t03.Owner != "unit:hn-haikou" {
		t.Errorf("T03 = %+v", t03)
	}
	if t02 := specs["T02"]; !slices.Equal(t02.Approvers, []string{"unit:hn", "zhao"}) {
		t.Errorf("T02 approvers %v", t02.Approvers)
	}
}

func equalIndicator(a, b task.Indicator) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Unit == b.Unit && a.Target == b.Target && slices.Equal(a.Parts, b.Parts)
}

// With escalation.pace, a task with a target gets the end of every working
// day from its latest start through its effective deadline; a task without
// one (a child, T02's target-less indicator) gets no pace.
func TestPaceDays(t *testing.T) {
	p := parseUnitsPlan(t, plan.ParseOptions{})
	specs := unitsSpecs(t, p)
	tp := specs["T01"].Plan
	if tp.Pace == nil || *tp.Pace != (task.Pace{Yellow: 10, Red: 30}) {
		t.Fatalf("T01 pace = %+v", tp.Pace)
	}
	loc := p.Location()
	first, last := calendar.DateOf(tp.LatestStart.In(loc)), calendar.DateOf(tp.EffectiveDeadline.In(loc))
	n, err := calendar.WorkdaysBetween(p.WorkCalendar(), first, last.AddDays(1))
	if err != nil {
		t.Fatal(err)
	}
	if len(tp.PaceDays) != n || !tp.PaceDays[0].Equal(first.EndIn(loc).UTC()) || !tp.PaceDays[n-1].Equal(last.EndIn(loc).UTC()) {
		t.Errorf("pace days %v, want the %d working days %s..%s", tp.PaceDays, n, first, last)
	}
	for _, day := range tp.PaceDays {
		if ok, _ := p.WorkCalendar().IsWorkday(calendar.DateOf(day.In(loc))); !ok || day.Location() != time.UTC {
			t.Errorf("pace day %v is not the end of a working day, in UTC", day)
		}
	}
	for _, id := range []string{"T01.hn-sanya", "T02", "T03"} {
		if s := specs[id]; s.Plan.Pace != nil || s.Plan.PaceDays != nil {
			t.Errorf("%s has pace %+v", id, s.Plan.Pace)
		}
	}
}

// storedUnits imports the units plan into fakes.
func storedUnits(t *testing.T) (*Planner, *fakeStore) {
	p := parseUnitsPlan(t, plan.ParseOptions{})
	doc, err := p.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	res, _ := plan.Schedule(p)
	specs, err := Specs(p, res)
	if err != nil {
		t.Fatal(err)
	}
	fs := &fakeStore{campaign: store.Campaign{ID: p.ID, Timezone: p.Timezone, Start: p.Start.Time, PlanHash: p.Hash(), Plan: doc}}
	for _, s := range specs {
		st, _ := task.NewTaskState(s, p.Start.Time)
		fs.tasks = append(fs.tasks, st.View(p.Start.Time))
	}
	return New(fs, &fakeSignaler{}), fs
}

// A unit added later gets the child the import would have made, planned.
func TestDispatchSpec(t *testing.T) {
	pl, _ := storedUnits(t)
	ctx := context.Background()
	exists := func(id string) bool { return id == "hn-sansha" }
	spec, err := pl.DispatchSpec(ctx, "units-2024", "T01", "hn-sansha", exists)
	if err != nil {
		t.Fatal(err)
	}
	sanya := unitsSpecs(t, parseUnitsPlan(t, plan.ParseOptions{}))["T01.hn-sanya"]
	if spec.ID != "T01.hn-sansha" || spec.Owner != "unit:hn-sansha" || spec.Parent != "T01" ||
		!spec.Deadline.Equal(sanya.Deadline) || !spec.Plan.EffectiveDeadline.Equal(sanya.Plan.EffectiveDeadline) {
		t.Errorf("spec = %+v", spec)
	}
	for _, tt := range []struct{ parent, unit, field string }{
		{"T01", "ghost", "unit"},
		{"T01", "hn-haikou", "unit"},
		{"T03", "hn-sansha", "parent"},
	} {
		_, err := pl.DispatchSpec(ctx, "units-2024", tt.parent, tt.unit, exists)
		ve, ok := err.(*plan.ValidationError)
		if !ok || len(ve.Errors) != 1 || ve.Errors[0].Field != tt.field {
			t.Errorf("DispatchSpec(%s, %s) = %v", tt.parent, tt.unit, err)
		}
	}
}

// An extension re-plans with the task's indicators from the projection, so
// the pace stays and its days follow the new deadline.
func TestReplanKeepsPace(t *testing.T) {
	pl, _ := storedUnits(t)
	newDeadline := time.Date(2024, 6, 28, 15, 59, 59, 0, time.UTC) // the end of 06-28 in Shanghai
	tp, err := pl.Replan(context.Background(), task.RescheduleRequest{Campaign: "units-2024", Task: "T01", Deadline: newDeadline})
	if err != nil {
		t.Fatal(err)
	}
	if tp.Pace == nil || len(tp.PaceDays) == 0 || !tp.PaceDays[len(tp.PaceDays)-1].Equal(newDeadline) {
		t.Errorf("re-planned pace %+v, days %v", tp.Pace, tp.PaceDays)
	}
}

// A task added through the API may be owned by a unit created through it.
func TestNewTaskWithUnits(t *testing.T) {
	pl, _ := storedUnits(t)
	body := []byte(`{"id":"T04","track":"qingche","title":"new","owner":"unit:hn-sansha","supervisor":"zhao","deadline":"2024-09-30"}`)
	people := func(string) bool { return true }
	if _, _, err := pl.NewTask(context.Background(), "units-2024", body, plan.JSON, people); err == nil {
		t.Error("a unit outside the plan was accepted without UnitExists")
	}
	known := plan.ParseOptions{PersonExists: people, UnitExists: func(id string) bool { return id == "hn-sansha" }}
	spec, _, err := pl.NewTaskWith(context.Background(), "units-2024", body, plan.JSON, known)
	if err != nil || spec.Owner != "unit:hn-sansha" {
		t.Errorf("NewTaskWith = %+v, %v", spec, err)
	}
}

// The plan's unit prefix is the workflows'.
func TestUnitRef(t *testing.T) {
	if plan.UnitRef("hn") != task.UnitRef("hn") {
		t.Errorf("plan writes %s, workflows %s", plan.UnitRef("hn"), task.UnitRef("hn"))
	}
}
