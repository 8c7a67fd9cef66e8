package plan

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func readUnitsPlan(t testing.TB) string {
	t.Helper()
	data, err := readTestdata("units.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func taskIDs(tasks []Task) []string {
	var ids []string
	for _, t := range tasks {
		ids = append(ids, t.ID)
	}
	return ids
}

// children:hn makes one child per city, in plan order, five working days
// before the parent (端午 on 2024-06-10 is skipped); the list form keeps its
// order and, with no offset, the parent's own deadline.
func TestDispatch(t *testing.T) {
	p := mustParse(t, readUnitsPlan(t), YAML)
	sh := shanghai(t)
	want := []string{"T01", "T01.hn-haikou", "T01.hn-sanya", "T01.hn-danzhou", "T02", "T02.hn-sanya", "T02.hn-haikou", "T03"}
	if diff := cmp.Diff(want, taskIDs(p.Tasks())); diff != "" {
		t.Errorf("Tasks (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"T01", "T02", "T03"}, taskIDs(p.TopTasks())); diff != "" {
		t.Errorf("TopTasks (-want +got):\n%s", diff)
	}
	parent, _ := p.Task("T01")
	if parent.Dispatch == nil || parent.Dispatch.ChildrenOf != "hn" || parent.Dispatch.Before != (Duration{Workdays: 5}) {
		t.Fatalf("T01 dispatch = %+v", parent.Dispatch)
	}
	got, ok := p.Task("T01.hn-sanya")
	if !ok {
		t.Fatal("Task does not find a child")
	}
	wantChild := Task{
		ID: "T01.hn-sanya", Title: "清理借调人员", Track: "qingche", Owner: "unit:hn-sanya", Supervisor: "li", Leader: "wang",
		Deadline:  Moment{Time: time.Date(2024, 6, 6, 23, 59, 59, 0, sh), Date: day(t, "2024-06-06"), DateOnly: true},
		Approvers: []string{"li"}, Phases: []Phase{{Name: "实施", Workdays: 3}}, Parent: "T01",
		Indicators: []Indicator{{ID: "returned", Name: "返岗人数", Unit: "名", Parts: []IndicatorPart{{ID: "town", Name: "镇街"}, {ID: "village", Name: "村居"}}}},
	}
	if diff := cmp.Diff(wantChild, got, planComparer); diff != "" {
		t.Errorf("T01.hn-sanya (-want +got):\n%s", diff)
	}
	if parent.Indicators[0].Target != 565 || !parent.Flagged {
		t.Errorf("the child changed its parent: %+v", parent)
	}
	for _, c := range parent.Children {
		if c.Flagged || c.Owner != UnitRef(strings.TrimPrefix(c.ID, "T01.")) || c.Deadline.Date != day(t, "2024-06-06") {
			t.Errorf("child %s = %+v", c.ID, c)
		}
	}

	t02, _ := p.Task("T02")
	if diff := cmp.Diff([]string{"unit:hn", "zhao"}, t02.Approvers); diff != "" || t02.Owner != "unit:zuzhibu" {
		t.Errorf("T02 owner %s, approvers %v", t02.Owner, t02.Approvers)
	}
	c, _ := p.Task("T02.hn-haikou")
	if c.Supervisor != "unit:zuzhibu" || !slices.Equal(c.Approvers, []string{"unit:zuzhibu"}) || c.Deadline != t02.Deadline || len(c.Phases) != 0 {
		t.Errorf("T02.hn-haikou = %+v", c)
	}
	t03, _ := p.Task("T03")
	if !slices.Equal(t03.Assist, []string{"unit:zuzhibu", "li"}) || t03.Owner != "unit:hn-haikou" {
		t.Errorf("T03 = %+v", t03)
	}
	if p.Escalation.Pace == nil || *p.Escalation.Pace != (Pace{Yellow: 10, Red: 30}) {
		t.Errorf("pace = %+v", p.Escalation.Pace)
	}
	hk, _ := p.Unit("hn-haikou")
	if hk.Parent != "hn" || hk.Head != "chen" || !slices.Equal(hk.Members, []string{"zhou", "wu"}) {
		t.Errorf("unit hn-haikou = %+v", hk)
	}

	res, err := Schedule(p)
	if err != nil || len(res.Tasks) != 8 || len(res.Problems) != 0 {
		t.Fatalf("schedule: %v, %+v", err, res)
	}
	if res.Tasks[1].ID != "T01.hn-haikou" || res.Tasks[1].Deadline != day(t, "2024-06-06") {
		t.Errorf("child schedule = %+v", res.Tasks[1])
	}
}

// The canonical form keeps units, assist, indicators, pace and the dispatch
// as written, never the children, and parses back to the same plan, the
// same children included.
func TestDispatchCanonicalRoundTrip(t *testing.T) {
	p := mustParse(t, readUnitsPlan(t), YAML)
	canonical, err := p.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"dispatch":{"to":"children:hn","deadline":"-5wd"}`, `"dispatch":{"to":["unit:hn-sanya","unit:hn-haikou"]}`, `"pace":{"yellow":10,"red":30}`} {
		if !strings.Contains(string(canonical), want) {
			t.Errorf("canonical form lacks %s:\n%s", want, canonical)
		}
	}
	if strings.Contains(string(canonical), "T01.hn") {
		t.Errorf("canonical form lists children:\n%s", canonical)
	}
	again := mustParse(t, string(canonical), JSON)
	if diff := cmp.Diff(p, again, planComparer, cmpopts.IgnoreFields(Task{}, "DeadlineInherited")); diff != "" {
		t.Errorf("re-parsed canonical form differs:\n%s", diff)
	}
	if p.Hash() != again.Hash() {
		t.Error("the canonical form hashes differently")
	}
}

// A unit added later gets the child the import would have made; DispatchTo
// leaves the plan as it was.
func TestDispatchTo(t *testing.T) {
	opts := testOptions()
	opts.UnitExists = func(id string) bool { return id == "hn-sansha" }
	p, err := Parse([]byte(readUnitsPlan(t)), YAML, opts)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.DispatchTo("T01", "hn-sansha")
	if err != nil {
		t.Fatal(err)
	}
	imported, _ := p.Task("T01.hn-sanya")
	want := imported
	want.ID, want.Owner = "T01.hn-sansha", "unit:hn-sansha"
	if diff := cmp.Diff(want, c, planComparer); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, ok := p.Task("T01.hn-sansha"); ok || len(p.Tasks()) != 8 {
		t.Error("DispatchTo changed the plan")
	}
	// zuzhibu is a plan unit T01 was not dispatched to.
	if c, err := p.DispatchTo("T01", "zuzhibu"); err != nil || c.Owner != "unit:zuzhibu" {
		t.Errorf("DispatchTo(T01, zuzhibu) = %+v, %v", c, err)
	}
	for _, tt := range []struct{ parent, unit, field, message string }{
		{"T09", "hn-sansha", "parent", `unknown task "T09"`},
		{"T03", "hn-sansha", "parent", "not dispatched"},
		{"T01.hn-sanya", "hn-sansha", "parent", "not dispatched"},
		{"T01", "ghost", "unit", `unknown unit "ghost"`},
		{"T01", "Bad Id", "unit", "not a unit id"},
		{"T01", "hn-haikou", "unit", `task "T01.hn-haikou" already exists`},
	} {
		_, err := p.DispatchTo(tt.parent, tt.unit)
		errs := fieldErrors(t, err)
		if len(errs) != 1 || errs[0].Field != tt.field || !strings.Contains(errs[0].Message, tt.message) {
			t.Errorf("DispatchTo(%s, %s): %s", tt.parent, tt.unit, describeErrors(errs))
		}
	}
}

// Units known outside the plan (created through the API) may own, approve,
// assist, be dispatched to and be a parent; without UnitExists they are
// unknown.
func TestUnitsOutsideThePlan(t *testing.T) {
	doc := `
id: outside
title: t
owner: boss
start: 2024-05-06
deadline: 2024-12-31
people: [{id: boss}]
units: [{id: city, name: City, parent: province}]
tracks:
  - id: a
    tasks:
      - {id: A, title: a, owner: unit:province, approvers: [unit:province], assist: [unit:city], dispatch: {to: [unit:county]}}
      - {id: B, title: b, owner: boss, supervisor: boss, dispatch: {to: "children:province"}}
`
	opts := testOptions()
	opts.UnitExists = func(id string) bool { return id == "province" || id == "county" }
	p, err := Parse([]byte(doc), YAML, opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"A", "A.county", "B", "B.city"}, taskIDs(p.Tasks())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	errs := parseErrors(t, doc, YAML)
	var fields []string
	for _, e := range errs {
		if !strings.Contains(e.Message, "unknown unit") {
			t.Errorf("unexpected error %s", e)
		}
		fields = append(fields, e.Field)
	}
	want := []string{"units[0].parent", "tracks[0].tasks[0].owner", "tracks[0].tasks[0].approvers[0]", "tracks[0].tasks[0].dispatch.to[0]", "tracks[0].tasks[1].dispatch.to"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s\n%s", diff, describeErrors(errs))
	}
}

// A child due before its phases can run is reported at the dispatch's
// deadline, which set it.
func TestInfeasibleChildIsAtDispatchDeadline(t *testing.T) {
	doc := strings.Replace(readUnitsPlan(t), "deadline: -5wd", "deadline: -40wd", 1)
	p := mustParse(t, doc, YAML)
	res, err := Schedule(p)
	if err != nil {
		t.Fatal(err)
	}
	errs := fieldErrors(t, ScheduleError(p, res))
	if len(errs) != 3 || errs[0].Field != "tracks[0].tasks[0].dispatch.deadline" {
		t.Errorf("errors:\n%s", describeErrors(errs))
	}
}

// A task added to a campaign may name its units and not take a child's id;
// it cannot dispatch, as adding one task starts no children.
func TestParseTaskWithUnits(t *testing.T) {
	p := mustParse(t, readUnitsPlan(t), YAML)
	body := `{"track": "qingche", "id": "T04", "title": "新增", "owner": "unit:hn-sanya", "assist": ["unit:hn"], "approvers": ["unit:zuzhibu"],
	  "indicators": [{"id": "n", "name": "数量", "target": 3}]}`
	task, err := ParseTask([]byte(body), JSON, p, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if task.Owner != "unit:hn-sanya" || task.Indicators[0].Target != 3 || task.Assist[0] != "unit:hn" {
		t.Errorf("task = %+v", task)
	}
	bad := `{"track": "qingche", "id": "T01.hn-sanya", "title": "重复", "owner": "unit:ghost", "supervisor": "li", "dispatch": {"to": "children:hn"}}`
	errs := fieldErrors(t, parseTaskErr(p, bad))
	var fields []string
	for _, e := range errs {
		fields = append(fields, e.Field)
	}
	if diff := cmp.Diff([]string{"id", "owner", "dispatch"}, fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s\n%s", diff, describeErrors(errs))
	}
	if err := p.AddTask(Task{ID: "T01", Track: "qingche"}); err == nil {
		t.Error("AddTask took a task id twice")
	}
	parent, _ := p.Task("T01")
	parent.ID = "T09"
	if err := p.AddTask(parent); err == nil || !strings.Contains(err.Error(), "T01.hn-haikou") {
		t.Errorf("AddTask took a child's id: %v", err)
	}
}

func parseTaskErr(p *Plan, body string) error {
	_, err := ParseTask([]byte(body), JSON, p, testOptions())
	return err
}
