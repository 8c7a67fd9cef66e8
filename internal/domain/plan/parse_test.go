package plan

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestExamplePlan(t *testing.T) {
	p, err := Parse(readExample(t), YAML, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	sh := shanghai(t)
	if p.ID != "xmlc-2024" || p.Timezone != "Asia/Shanghai" || p.Calendar.Name != "cn" || p.WorkCalendar().Name() != "cn" {
		t.Errorf("campaign fields: %+v", p)
	}
	if !p.Start.Time.Equal(time.Date(2024, 5, 1, 0, 0, 0, 0, sh)) || p.StartDefaulted {
		t.Errorf("start = %+v", p.Start)
	}
	if !p.Deadline.Time.Equal(time.Date(2024, 12, 31, 23, 59, 59, 0, sh)) {
		t.Errorf("deadline = %+v", p.Deadline)
	}
	tasks := p.Tasks()
	if len(p.Tracks) != 3 || len(tasks) != 30 {
		t.Fatalf("%d tracks, %d tasks", len(p.Tracks), len(tasks))
	}
	var flagged []string
	for _, task := range tasks {
		if task.Flagged {
			flagged = append(flagged, task.ID)
			if task.Leader != "wang" {
				t.Errorf("flagged task %s has leader %q", task.ID, task.Leader)
			}
		}
	}
	if diff := cmp.Diff([]string{"T01", "T20"}, flagged); diff != "" {
		t.Errorf("flagged (-want +got):\n%s", diff)
	}
	t23, _ := p.Task("T23")
	if !t23.Deadline.Time.Equal(time.Date(2024, 6, 28, 18, 0, 0, 0, sh)) || t23.Deadline.DateOnly || t23.Deadline.Date != day(t, "2024-06-28") {
		t.Errorf("T23 deadline = %+v", t23.Deadline)
	}
	t20, _ := p.Task("T20")
	if !t20.DeadlineInherited || t20.Deadline != p.Deadline || t20.Track != "zhuangma" {
		t.Errorf("T20 = %+v", t20)
	}
	t12, _ := p.Task("T12")
	if len(t12.Phases) != 3 || t12.Phases[0].Name != "筹备" || t12.Approvers[0] != "wu" {
		t.Errorf("T12 = %+v", t12)
	}
	if got := p.PolicyFor(t20).RemindBefore; len(got) != 3 || got[0] != (Duration{Workdays: 10}) {
		t.Errorf("flagged policy remind_before = %v", got)
	}
	res, err := Schedule(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 0 {
		t.Errorf("example is not feasible: %+v", res.Problems)
	}
	if last := res.Tasks[len(res.Tasks)-1]; last.ID != "T30" || last.Phases[1].Due != day(t, "2024-12-31") {
		t.Errorf("T30 = %+v", last)
	}
}

const smallYAML = `
id: demo
title: 小马拉大车
owner: boss
timezone: Asia/Shanghai
calendar: {base: weekdays, holidays: [2024-10-01], workdays: [2024-09-29]}
deadline: 2024-12-31
phases: [{name: 方案, workdays: 2}, {name: 实施, workdays: 5}]
escalation:
  overdue:
    - {after: 0s, notify: [owner]}
    - {after: 2wd, notify: [admin, leader], repeat: 1d12h}
people:
  - {id: boss, name: 王东, roles: [manager]}
  - {id: li, email: li@example.org}
tracks:
  - id: main
    title: 轻车
    tasks:
      - {id: A, title: 清理, owner: li, supervisor: boss, deadline: "2024-10-08T12:00:00+08:00"}
      - {id: B, title: 评估, owner: li, approvers: [boss, admin], depends_on: [A], phases: []}
`

const smallJSON = `{
  "tracks": [{"id": "main", "title": "轻车", "tasks": [
    {"id": "A", "title": "清理", "owner": "li", "supervisor": "boss", "deadline": "2024-10-08T12:00:00+08:00"},
    {"id": "B", "title": "评估", "owner": "li", "approvers": ["boss", "admin"], "depends_on": ["A"], "phases": []}
  ]}],
  "people": [{"id": "boss", "name": "王东", "roles": ["manager"]}, {"id": "li", "email": "li@example.org"}],
  "id": "demo", "title": "小马拉大车", "owner": "boss", "timezone": "Asia/Shanghai",
  "calendar": {"base": "weekdays", "holidays": ["2024-10-01"], "workdays": ["2024-09-29"]},
  "deadline": "2024-12-31",
  "phases": [{"name": "方案", "workdays": 2}, {"name": "实施", "workdays": 5}],
  "escalation": {"overdue": [{"after": "0s", "notify": ["owner"]}, {"after": "2wd", "notify": ["admin", "leader"], "repeat": "1d12h"}]}
}`

// planComparer compares plans field by field, locations by name.
var planComparer = cmp.Options{
	cmp.AllowUnexported(Plan{}),
	cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmpopts.IgnoreFields(Plan{}, "calendar", "unitExists"),
}

func TestYAMLAndJSONAgree(t *testing.T) {
	fromYAML := mustParse(t, smallYAML, YAML)
	fromJSON := mustParse(t, smallJSON, JSON)
	if diff := cmp.Diff(fromYAML, fromJSON, planComparer); diff != "" {
		t.Errorf("YAML and JSON differ (-yaml +json):\n%s", diff)
	}
	if fromYAML.Hash() != fromJSON.Hash() {
		t.Error("YAML and JSON hash differently")
	}
	// Defaults are filled in.
	a, _ := fromYAML.Task("A")
	b, _ := fromYAML.Task("B")
	if diff := cmp.Diff([]string{"boss"}, a.Approvers); diff != "" || len(a.Phases) != 2 || len(b.Phases) != 0 || !b.DeadlineInherited {
		t.Errorf("defaults: A %+v, B %+v", a, b)
	}
	if !fromYAML.StartDefaulted || !fromYAML.Start.Time.Equal(importTime) || fromYAML.Start.Date != day(t, "2024-05-01") {
		t.Errorf("start = %+v", fromYAML.Start)
	}
	if got := fromYAML.Escalation.Default.RemindBefore; len(got) != 2 || got[0] != (Duration{Days: 3}) {
		t.Errorf("remind_before should come from the built-in default: %v", got)
	}
	if diff := cmp.Diff(fromYAML.Escalation.Default, fromYAML.Escalation.Flagged); diff != "" {
		t.Errorf("flagged policy should be the default one:\n%s", diff)
	}
}

func TestErrorsAgreeAcrossFormats(t *testing.T) {
	yamlErrs := parseErrors(t, strings.ReplaceAll(smallYAML, "owner: li", "owner: 7"), YAML)
	jsonErrs := parseErrors(t, strings.ReplaceAll(smallJSON, `"owner": "li"`, `"owner": 7`), JSON)
	strip := cmpopts.IgnoreFields(FieldError{}, "Line")
	if diff := cmp.Diff(yamlErrs, jsonErrs, strip); diff != "" || len(yamlErrs) != 2 {
		t.Errorf("errors differ (-yaml +json):\n%s\n%s", diff, describeErrors(yamlErrs))
	}
	if yamlErrs[0].Field != "tracks[0].tasks[0].owner" || yamlErrs[0].Line != 20 || jsonErrs[0].Line != 3 {
		t.Errorf("first error %+v / %+v", yamlErrs[0], jsonErrs[0])
	}
}

// parseErrors parses a plan that must fail and returns its errors.
func parseErrors(t *testing.T, data string, format Format) []FieldError {
	t.Helper()
	_, err := Parse([]byte(data), format, testOptions())
	return fieldErrors(t, err)
}

func TestCanonicalRoundTrip(t *testing.T) {
	for name, data := range map[string]string{"example": string(readExample(t)), "small": smallYAML} {
		p := mustParse(t, data, YAML)
		canonical, err := p.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		again := mustParse(t, string(canonical), JSON)
		ignore := cmp.Options{planComparer, cmpopts.IgnoreFields(Plan{}, "StartDefaulted"), cmpopts.IgnoreFields(Task{}, "DeadlineInherited")}
		if diff := cmp.Diff(p, again, ignore); diff != "" {
			t.Errorf("%s: re-parsed canonical form differs:\n%s", name, diff)
		}
	}
}

func TestHash(t *testing.T) {
	p := mustParse(t, smallYAML, YAML)
	// A defaulted start is the import time and does not count.
	later, err := Parse([]byte(smallYAML), YAML, ParseOptions{Now: importTime.Add(48 * time.Hour), PersonExists: testOptions().PersonExists})
	if err != nil {
		t.Fatal(err)
	}
	if p.Hash() != later.Hash() {
		t.Error("the import time changed the hash")
	}
	// Spelling out a default changes nothing either.
	explicit := mustParse(t, strings.Replace(smallYAML, "owner: li, supervisor: boss,", "owner: li, supervisor: boss, approvers: [boss],", 1), YAML)
	if p.Hash() != explicit.Hash() {
		t.Error("spelling out the default approvers changed the hash")
	}
	changed := mustParse(t, strings.Replace(smallYAML, "deadline: 2024-12-31", "deadline: 2024-12-30", 1), YAML)
	if p.Hash() == changed.Hash() || !strings.HasPrefix(p.Hash(), "sha256:") {
		t.Error("a different deadline hashes the same")
	}
	withStart := mustParse(t, "start: 2024-05-01\n"+smallYAML, YAML)
	if withStart.Hash() == p.Hash() {
		t.Error("an explicit start should count")
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, data string
		format     Format
		want       string
	}{
		{"empty YAML", "", YAML, "the plan is empty"},
		{"comment-only YAML", "# nothing\n", YAML, "the plan is empty"},
		{"null YAML", "null\n", YAML, "the plan is empty"},
		{"empty JSON", " \n", JSON, "the plan is empty"},
		{"bad YAML", "id: [demo\n", YAML, "YAML: line"},
		{"two documents", "id: a\n---\nid: b\n", YAML, "a plan is one document"},
		{"bad JSON", "{\"id\": \"demo\",\n\"title\" \"x\"}", JSON, "JSON line 2"},
		{"truncated JSON", `{"id": "demo"`, JSON, "unexpected end of JSON input"},
		{"trailing JSON", `{"id": "demo"} {}`, JSON, "unexpected data after the plan"},
		{"deep JSON", strings.Repeat("[", 100) + strings.Repeat("]", 100), JSON, "nested too deeply"},
		{"a list", "[1, 2]", JSON, "expected an object, got a list"},
		{"YAML tag", "id: !custom demo\n", YAML, "unsupported YAML tag !custom"},
		{"YAML merge key", "base: &b {id: demo}\n<<: *b\n", YAML, "merge keys"},
		{"unknown format", "{}", Format(9), "unknown plan format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := parseErrors(t, tt.data, tt.format)
			found := false
			for _, e := range errs {
				found = found || strings.Contains(e.String(), tt.want)
			}
			if !found {
				t.Errorf("errors do not mention %q:\n%s", tt.want, describeErrors(errs))
			}
		})
	}
}

func TestBillionLaughs(t *testing.T) {
	data := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for c := 'b'; c <= 'j'; c++ {
		prev := string(c - 1)
		data += string(c) + ": &" + string(c) + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
	}
	start := time.Now()
	errs := parseErrors(t, data, YAML)
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
	if !strings.Contains(errs[0].Message, "too many values") && !strings.Contains(errs[0].Message, "excessive aliasing") {
		t.Errorf("errors:\n%s", describeErrors(errs))
	}
}

func TestStartRequiresAnImportTime(t *testing.T) {
	_, err := Parse([]byte(smallYAML), YAML, ParseOptions{PersonExists: testOptions().PersonExists})
	errs := fieldErrors(t, err)
	if len(errs) != 1 || errs[0].Field != "start" {
		t.Errorf("errors:\n%s", describeErrors(errs))
	}
}
