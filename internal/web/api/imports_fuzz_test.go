package api

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/closeout/closeout/internal/domain/plan"
)

// Plan import and task creation take JSON or YAML; each target gets the
// format as a second input, so one body is tried both ways.

func planContentType(asYAML bool) string {
	if asYAML {
		return "application/yaml"
	}
	return "application/json"
}

func planFormat(asYAML bool) plan.Format {
	if asYAML {
		return plan.YAML
	}
	return plan.JSON
}

// planSeeds are plans and pieces of plans, valid and not, in both formats.
func planSeeds(id string) [][]byte {
	valid := fixturePlan(id, "T1", "T2")
	yamlPlan := `id: ` + id + `
title: 小马拉大车
owner: boss
timezone: Asia/Shanghai
calendar: cn
start: 2026-03-02
phases: [{name: plan, workdays: 3}, {name: do, workdays: 10}]
escalation:
  remind_before: [3d, 1d]
  overdue: [{after: 0s, notify: [owner, supervisor]}]
tracks:
  - id: a
    title: 清查
    tasks:
      - {id: T1, title: 名单, owner: li, supervisor: zhao, approvers: [zhao, wang], deadline: 2099-06-30}
      - {id: T2, title: 核对, owner: li, approvers: [zhao], deadline: 2099-07-31, depends_on: [T1], flagged: true}
`
	bomb := "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n" +
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nid: " + id + "\n"
	seeds := []string{
		valid, yamlPlan, bomb,
		strings.Replace(valid, `"title":"fuzz `+id+`"`, `"title":"nul\u0000title"`, 1),
		strings.Replace(valid, `"calendar":"none"`, `"calendar":{"base":"weekdays","holidays":["2026-05-01"],"workdays":["2026-05-09"]}`, 1),
		strings.Replace(valid, `"start":"2026-01-01"`, `"start":"9999-12-31"`, 1),
		strings.Replace(valid, `"deadline":"2099-12-31"`, `"deadline":"2026-01-02"`, 1),
		strings.Replace(valid, `"owner":"boss"`, `"owner":"boss","people":[{"id":"newbie","name":"New"}]`, 1),
		strings.Replace(valid, `"owner":"boss"`, `"owner":"boss","allow_infeasible":true`, 1),
		strings.Replace(valid, `"workdays":20`, `"workdays":"20"`, 1),
		strings.Replace(valid, `"approvers":["zhao","wang"]`, `"approvers":["zhao","zhao","nobody"],"depends_on":["T1","T2","T9"]`, 1),
		`{"id":"` + id + `","id":"other"}`, "id: a\nid: b\n", `{"tracks":[{"tasks":[{}]}]}`, `{"tracks":"x"}`,
		"\xff\xfe{}", "id: \"\\0\"\n", "--- !!binary AAAA\n", "? [a, b]\n: c\n", "x: !!float NaN\n",
		strings.Repeat("[", 20000), strings.Repeat("- ", 5000) + "x\n",
		// A task too large for a workflow input used to hang the import.
		strings.Replace(valid, `"title":"task T1"`, `"title":"`+strings.Repeat("长", 100000)+`"`, 1),
	}
	var out [][]byte
	for _, s := range seeds {
		out = append(out, []byte(s))
	}
	return out
}

// FuzzImportDryRun imports plans with ?dry_run=true as an admin: parsing,
// validation and scheduling in full, nothing stored, so no input grows the
// world.
func FuzzImportDryRun(f *testing.F) {
	for _, s := range planSeeds("fz-dry") {
		f.Add(s, false)
		f.Add(s, true)
	}
	w := sharedWorld(f)
	f.Fuzz(func(t *testing.T, body []byte, asYAML bool) {
		if w == nil {
			t.Fatal("no world: see fuzzCoordinator")
		}
		r := w.send("admin", "POST", "/api/v1/campaigns?dry_run=true", planContentType(asYAML), body)
		checkAnswer(t, r, body)
	})
}

// importIDs are the only campaign ids FuzzImport lets a plan create; any
// other valid plan is skipped, and a plan of more than importMaxTasks tasks
// too, so the world holds at most a few small campaigns. (Other plans under
// these ids are refused as conflicts, which is worth fuzzing as well.)
var importIDs = map[string]bool{"fz-imp-a": true, "fz-imp-b": true}

const importMaxTasks = 5

// FuzzImport imports plans for real, as a manager: the campaign is stored and
// its task workflows started.
func FuzzImport(f *testing.F) {
	for _, s := range planSeeds("fz-imp-a") {
		f.Add(s, false)
		f.Add(s, true)
	}
	w := sharedWorld(f)
	f.Fuzz(func(t *testing.T, body []byte, asYAML bool) {
		if w == nil {
			t.Fatal("no world: see fuzzCoordinator")
		}
		// The server parses with these same options, so this tells exactly
		// which campaign a valid plan would create.
		p, err := plan.Parse(body, planFormat(asYAML), plan.ParseOptions{Now: time.Now(), PersonExists: w.personExists})
		if err == nil && (!importIDs[p.ID] || len(p.Tasks()) > importMaxTasks) {
			t.Skip("a valid plan this target does not create")
		}
		r := w.send("boss", "POST", "/api/v1/campaigns", planContentType(asYAML), body)
		checkAnswer(t, r, body)
	})
}

func (w *fuzzWorld) personExists(id string) bool {
	_, err := w.db.GetPerson(context.Background(), id)
	return err == nil
}

// addTaskIDs are the task ids FuzzAddTask lets a body create in
// addTaskCampaign (besides addTaskBase, which exists).
var addTaskIDs = map[string]bool{"fz-new-1": true, "fz-new-2": true, addTaskBase: true}

// FuzzAddTask adds tasks to a stored campaign (POST /campaigns/{id}/tasks),
// as its owner. Bodies naming a task id outside addTaskIDs are skipped, read
// the way the planner itself peeks at them, so the fuzzing starts a bounded
// number of workflows.
func FuzzAddTask(f *testing.F) {
	seeds := []string{
		`{"id":"fz-new-1","track":"a","title":"added by a system","owner":"li","supervisor":"zhao","deadline":"2099-06-30"}`,
		`{"id":"fz-new-2","track":"a","title":"after base","owner":"li","approvers":["zhao"],"deadline":"2099-08-31","depends_on":["base"]}`,
		"id: fz-new-1\ntrack: a\ntitle: 名单\nowner: li\ndeadline: 2099-06-30\n",
		`{"id":"base","track":"a","title":"task base","owner":"li","supervisor":"zhao","approvers":["zhao","wang"],"deadline":"2099-12-31"}`,
		`{"id":"base","track":"a","title":"changed","owner":"li","deadline":"2099-12-31"}`,
		`{"id":"fz-new-1","track":"zz","title":"x","owner":"nobody","deadline":"2099-06-30","depends_on":["fz-new-1"]}`,
		`{"id":"fz-new-2","track":"a","title":"x\u0000","owner":"li","deadline":"2099-06-30"}`,
		// Valid but for the NUL, which the use case refuses before any workflow sees it.
		`{"id":"fz-new-2","track":"a","title":"x\u0000","owner":"li","supervisor":"zhao","deadline":"2099-06-30"}`,
		`{"id":"fz-new-2","track":"a","title":"x","owner":"li","deadline":"9999-12-31"}`,
		`{"id":"fz-new-2","track":"a","title":"x","owner":"li","deadline":"2026-01-02","phases":[{"name":"p","workdays":1000}]}`,
		`{"id":"fz-new-2","track":"a","title":"x","owner":"li","deadline":"2099-06-30","phases":"x"}`,
		`{"id":"fz-new-2","title":7}`, `{"id":["fz-new-2"]}`,
		`{"id":"fz-new-2","track":"a","title":"` + strings.Repeat("x", 300000) + `","owner":"li","supervisor":"zhao","deadline":"2099-06-30"}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s), strings.HasPrefix(s, "id:"))
	}
	for _, s := range badBodies {
		f.Add([]byte(s), false)
	}
	w := sharedWorld(f)
	f.Fuzz(func(t *testing.T, body []byte, asYAML bool) {
		if w == nil {
			t.Fatal("no world: see fuzzCoordinator")
		}
		if id := peekTaskID(body, asYAML); id != "" && !addTaskIDs[id] {
			t.Skip("a task id this target does not create")
		}
		r := w.send("boss", "POST", "/api/v1/campaigns/"+addTaskCampaign+"/tasks", planContentType(asYAML), body)
		checkAnswer(t, r, body)
	})
}

// peekTaskID reads a task body's id as the planner peeks at it (a JSON
// object's "id" matched as encoding/json matches it, a YAML mapping's "id").
// The parser that decides refuses unknown and repeated keys, so a body it
// accepts has the id read here.
func peekTaskID(body []byte, asYAML bool) string {
	var t struct {
		ID string `json:"id" yaml:"id"`
	}
	// A body that does not decode has no id to peek at: "" is the answer.
	if asYAML {
		_ = yaml.Unmarshal(body, &t)
	} else {
		_ = json.Unmarshal(body, &t)
	}
	return t.ID
}
