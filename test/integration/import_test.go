package integration

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// A plan imported through the API yields the tasks and milestones its dry run
// promised; importing it again creates nothing new; another plan under the
// same id is refused.
func TestImportMatchesDryRunAndIsIdempotent(t *testing.T) {
	d := newDev(t, storetest.Postgres)
	plan, err := os.ReadFile("../../internal/domain/plan/testdata/xmlc-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	yaml := func(body []byte) string { return string(body) }
	post := func(path string) response {
		return d.callTyped(d.admin, "POST", path, yaml(plan), "application/yaml")
	}
	dry := post("/api/v1/campaigns?dry_run=true")
	if dry.Status != 200 {
		t.Fatalf("dry run: %d %s", dry.Status, dry.Body)
	}
	var preview struct {
		Tasks    []taskView `json:"tasks"`
		Critical []string   `json:"critical"`
	}
	dry.json(t, &preview)
	var none struct {
		Items []taskView `json:"items"`
	}
	d.must(200, d.admin, "GET", "/api/v1/tasks?campaign=xmlc-2024", nil, &none)
	if len(preview.Tasks) != 30 || len(preview.Critical) == 0 || len(none.Items) != 0 {
		t.Fatalf("dry run: %d tasks, critical %v, and it created %d", len(preview.Tasks), preview.Critical, len(none.Items))
	}

	created := post("/api/v1/campaigns")
	if created.Status != 201 {
		t.Fatalf("import: %d %s", created.Status, created.Body)
	}
	var imported struct {
		Tasks []taskView `json:"tasks"`
	}
	created.json(t, &imported)
	if len(imported.Tasks) != 30 {
		t.Fatalf("%d tasks imported", len(imported.Tasks))
	}
	for i, want := range preview.Tasks {
		got := imported.Tasks[i]
		for j := range got.Milestones {
			got.Milestones[j].State, want.Milestones[j].State = "", "" // the clock moves states, not dates
		}
		if diff := cmp.Diff(want.Milestones, got.Milestones); diff != "" {
			t.Fatalf("%s milestones differ from the dry run (-dry +imported):\n%s", want.ID, diff)
		}
	}

	again := post("/api/v1/campaigns")
	if again.Status != 200 {
		t.Fatalf("re-import: %d %s", again.Status, again.Body)
	}
	var all struct {
		Items []taskView `json:"items"`
	}
	d.must(200, d.admin, "GET", "/api/v1/tasks?campaign=xmlc-2024&limit=500", nil, &all)
	if len(all.Items) != 30 {
		t.Fatalf("re-import left %d tasks", len(all.Items))
	}
	changed := strings.Replace(string(plan), "title: 破解基层治理", "title: 另一个", 1)
	r := d.callTyped(d.admin, "POST", "/api/v1/campaigns", changed, "application/yaml")
	expectProblem(t, r, 409, "")
}

// A plan with five mistakes is refused with all five, each naming its field.
func TestImportReportsEveryError(t *testing.T) {
	d := newDev(t, storetest.SQLite)
	d.person("boss", "manager")
	d.person("li")
	plan := `
id: Bad_Id
title: five mistakes
owner: boss
timezone: Mars/Olympus
calendar: cn
tracks:
  - id: a
    tasks:
      - {id: T1, title: one, owner: li, supervisor: li, deadline: 2024-13-01}
      - {id: T1, title: two, owner: nobody, supervisor: li, deadline: 2024-06-30}
`
	r := d.callTyped(d.admin, "POST", "/api/v1/campaigns", plan, "application/yaml")
	var p problem
	r.json(t, &p)
	if r.Status != 422 || len(p.Errors) != 5 {
		t.Fatalf("want 422 with five errors, got %d: %s", r.Status, r.Body)
	}
	var fields []string
	for _, e := range p.Errors {
		fields = append(fields, e.Field)
	}
	want := []string{"id", "timezone", "tracks[0].tasks[0].deadline", "tracks[0].tasks[1].id", "tracks[0].tasks[1].owner"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Fatalf("fields (-want +got):\n%s", diff)
	}
}

// An infeasible plan is refused naming the task and its chain, unless the
// plan allows it; then it is imported and shown red.
func TestInfeasiblePlans(t *testing.T) {
	d := newDev(t, storetest.SQLite)
	tok := d.team()
	plan := smallPlan("late", "T1", "T2")
	tasks := plan["tracks"].([]map[string]any)[0]["tasks"].([]map[string]any)
	tasks[0]["deadline"] = "2026-01-10" // 25 working days of phases cannot fit after 2026-01-01
	tasks[1]["depends_on"] = []string{"T1"}
	r := d.call(tok["boss"], "POST", "/api/v1/campaigns", plan)
	expectProblem(t, r, 422, "tracks[0].tasks[0].deadline")
	if !strings.Contains(string(r.Body), "T1") {
		t.Fatalf("the refusal does not name the task: %s", r.Body)
	}
	plan["allow_infeasible"] = true
	var c struct {
		Tasks []taskView `json:"tasks"`
	}
	d.must(201, tok["boss"], "POST", "/api/v1/campaigns", plan, &c)
	if c.Tasks[0].Light != "red" {
		t.Fatalf("an infeasible task must be red: %+v", c.Tasks[0])
	}
}

// One 422 for the whole plan, whatever its format: the bad date and the
// unknown owner come back together with the task that cannot be met and the
// dependency cycle, not the first two now and the rest once they are fixed.
func TestImportReportsParseAndScheduleErrorsTogether(t *testing.T) {
	d := newDev(t, storetest.SQLite)
	tok := d.team()
	plan := smallPlan("together", "T1", "T2", "T3", "T4", "T5")
	tasks := plan["tracks"].([]map[string]any)[0]["tasks"].([]map[string]any)
	tasks[0]["deadline"] = "2026-02-30"     // parse: no such date
	tasks[1]["owner"] = "nobody"            // parse: unknown person
	tasks[2]["deadline"] = "2026-01-10"     // schedule: 25 working days cannot fit
	tasks[3]["depends_on"] = []string{"T5"} // schedule: a cycle
	tasks[4]["depends_on"] = []string{"T4"}
	want := []string{
		"tracks[0].tasks[0].deadline", "tracks[0].tasks[1].owner",
		"tracks[0].tasks[2].deadline", "tracks[0].tasks[3].depends_on",
	}
	asYAML, err := yaml.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []response{
		d.call(tok["boss"], "POST", "/api/v1/campaigns", plan),
		d.callTyped(tok["boss"], "POST", "/api/v1/campaigns?dry_run=true", string(asYAML), "application/yaml"),
	} {
		var p problem
		r.json(t, &p)
		var fields []string
		for _, e := range p.Errors {
			fields = append(fields, e.Field)
		}
		if r.Status != 422 {
			t.Fatalf("want 422, got %d: %s", r.Status, r.Body)
		}
		if diff := cmp.Diff(want, fields); diff != "" {
			t.Fatalf("fields (-want +got):\n%s\n%s", diff, r.Body)
		}
	}
	d.must(404, tok["boss"], "GET", "/api/v1/campaigns/together", nil, nil)
}
