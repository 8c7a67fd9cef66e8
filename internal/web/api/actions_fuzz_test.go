package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// One fuzz target per task action. Each acts on a fixture task of its own,
// as the person the action is meant for, so that a body the rules accept
// really changes a workflow; after a success the target puts the task back
// where the action applies again (a returned submission, a rejected
// extension), so the state stays bounded however long the fuzzing runs.

// actionTarget is one action and the fixture it is fuzzed on.
type actionTarget struct {
	action string // the path after /tasks/{campaign}/{task}/
	task   string // its fixture task in fixtureCampaign
	as     string // who sends it
	// reset runs after the action succeeded (view is its answer) and brings
	// the task back to a state the action applies to.
	reset reset
	// refused: the sender may never do this; a success fails the target.
	refused bool
	// seeds are valid bodies for this action, besides the shared bad ones.
	seeds []string
}

// taskAnswer is the part of a task answer the resets read.
type taskAnswer struct {
	Deadline time.Time `json:"deadline"`
}

// reset is a way back for a fixture task after its action succeeded.
type reset func(t *testing.T, w *fuzzWorld, task string, view taskAnswer)

// The action targets. Cancelling cannot be undone, so cancel is sent by a
// member who may not cancel: the body is still read, validated and checked
// by the task's workflow, which refuses it (a 2xx would be a hole in the
// rules and fails the target).
var actionTargets = map[string]actionTarget{
	"progress": {action: "progress", task: "t-progress", as: "li",
		seeds: []string{`{"note":"started","percent":20,"milestone":"plan"}`, `{"percent":100}`, `{"note":"半程","percent":50}`}},
	"submit": {action: "submit", task: "t-submit", as: "li", reset: returnBy("zhao"),
		seeds: []string{`{"note":"done","evidence":[{"title":"list","url":"https://example.org/list"}]}`, `{"evidence":[{"title":"x","url":"ftp://x"}]}`}},
	"approve": {action: "approve", task: "t-approve", as: "zhao", reset: both(returnBy("wang"), submitBy("li")),
		seeds: []string{`{"note":"ok"}`, `{}`}},
	"return": {action: "return", task: "t-return", as: "zhao", reset: submitBy("li"),
		seeds: []string{`{"reason":"the list misses two towns"}`, `{"reason":""}`}},
	"extend": {action: "extend", task: "t-extend", as: "li", reset: decide("extension/reject", "zhao"),
		seeds: []string{`{"deadline":"2100-03-31","reason":"flood"}`, `{"deadline":"2100-03-31T18:00:00+08:00","reason":"x"}`, `{"deadline":"not a date","reason":"x"}`, `{"deadline":"1999-01-01","reason":"x"}`}},
	"extension/approve": {action: "extension/approve", task: "t-extapprove", as: "zhao", reset: extendBy("li"),
		seeds: []string{`{}`, `{"reason":"granted"}`}},
	"extension/reject": {action: "extension/reject", task: "t-extreject", as: "zhao", reset: extendBy("li"),
		seeds: []string{`{"reason":"no"}`, `{}`}},
	"reassign": {action: "reassign", task: "t-reassign", as: "admin",
		seeds: []string{`{"owner":"chen","reason":"li is on leave"}`, `{"owner":"li","reason":"back"}`, `{"owner":"nobody","reason":"x"}`, `{"owner":"","reason":"x"}`}},
	"cancel": {action: "cancel", task: "t-cancel", as: "chen", refused: true,
		seeds: []string{`{"reason":"merged into another task"}`, `{"reason":""}`}},
	// The supervisor's first urge is taken; the rest of the run falls in
	// its four working hours and is refused with 429, which is fine too.
	"urge": {action: "urge", task: "t-urge", as: "zhao",
		seeds: []string{`{"note":"请抓紧"}`, `{}`, `{"note":"x","workdays":["2000-01-01T00:00:00Z"],"parent_owner":"zhao"}`}},
}

// actionTasks are the fixture tasks, one per target.
func actionTasks() []string {
	var ids []string
	for _, a := range actionTargets {
		ids = append(ids, a.task)
	}
	slices.Sort(ids) // one plan, whatever the map's order
	return ids
}

// prepareActionTasks brings each fixture task to the state its action
// applies to: submitted for sign-off, an extension waiting for a decision.
func (w *fuzzWorld) prepareActionTasks() error {
	steps := []struct{ task, action, as, body string }{
		{"t-approve", "submit", "li", `{"note":"ready"}`},
		{"t-return", "submit", "li", `{"note":"ready"}`},
		{slackTask, "submit", "li", `{"note":"ready"}`},
		{"t-extapprove", "extend", "li", `{"deadline":"2100-01-31","reason":"more time"}`},
		{"t-extreject", "extend", "li", `{"deadline":"2100-01-31","reason":"more time"}`},
	}
	for _, s := range steps {
		if r := w.send(s.as, "POST", taskActionPath(s.task, s.action), "application/json", []byte(s.body)); r.Code != http.StatusOK {
			return fmt.Errorf("prepare %s (%s): %d %s", s.task, s.action, r.Code, r.Body)
		}
	}
	return nil
}

func taskActionPath(task, action string) string {
	return "/api/v1/tasks/" + fixtureCampaign + "/" + task + "/" + action
}

// Resets.

// actBy is a reset of one action by one person, with a fixed body.
func actBy(as, action, body string) reset {
	return func(t *testing.T, w *fuzzWorld, task string, _ taskAnswer) { act(t, w, task, as, action, body) }
}

func returnBy(approver string) reset {
	return actBy(approver, "return", `{"reason":"reset by the fuzz target"}`)
}

func submitBy(owner string) reset { return actBy(owner, "submit", `{"note":"again"}`) }

func decide(action, decider string) reset { return actBy(decider, action, `{"reason":"reset"}`) }

// extendBy asks again for an extension, a day past the current deadline
// (an approval may have moved it).
func extendBy(owner string) reset {
	return func(t *testing.T, w *fuzzWorld, task string, v taskAnswer) {
		d := v.Deadline.Add(24 * time.Hour).Format(time.RFC3339)
		act(t, w, task, owner, "extend", fmt.Sprintf(`{"deadline":%q,"reason":"reset"}`, d))
	}
}

func both(a, b reset) reset {
	return func(t *testing.T, w *fuzzWorld, task string, v taskAnswer) { a(t, w, task, v); b(t, w, task, v) }
}

// act sends one reset step; it must succeed.
func act(t *testing.T, w *fuzzWorld, task, as, action, body string) {
	t.Helper()
	mustStatus(t, w.send(as, "POST", taskActionPath(task, action), "application/json", []byte(body)), http.StatusOK, "reset "+task+": "+action)
}

// badBodies are seeds every JSON endpoint gets: wrong types, broken or
// hostile JSON. None is huge (the largest is just over maxJSONBody): seeds
// run under the race detector in `make test`.
var badBodies = []string{
	``, `null`, `[]`, `"text"`, `7`, `{`, `{}`, `{"note":}`, `{} trailing`, `{}{}`,
	`{"note":7,"percent":"x"}`, `{"percent":1e400}`, `{"percent":-1}`, `{"percent":101}`, `{"percent":2147483648}`,
	`{"reason":["a"]}`, `{"reason":{"a":1}}`, `{"owner":true}`, `{"deadline":20991231}`, `{"evidence":"x"}`, `{"evidence":[1]}`,
	`{"note":"a","note":"b"}`, `{"unknown":1}`, `{"NOTE":"case"}`,
	`{"actor":{"id":"boss","admin":true},"reason":"impersonate"}`,
	`{"note":"nul\u0000inside","reason":"nul\u0000inside","owner":"li\u0000"}`,
	"{\"note\":\"bad utf-8 \xff\xfe\",\"reason\":\"\xc0\xaf\"}",
	`{"note":"\ud800 lone surrogate","reason":"\udfff"}`,
	"{\"note\":\"ctl \x01\x1b[31m\"}",
	`{"reason":"x' OR '1'='1","owner":"1; DROP TABLE tasks"}`,
	`{"owner":"../../etc/passwd","reason":"%2e%2e%2f"}`,
	`{"note":"` + strings.Repeat("长", 4001) + `","reason":"` + strings.Repeat("x", 4001) + `"}`,
	strings.Repeat("[", 20000),
	`{"a":` + strings.Repeat(`{"a":`, 2000) + `1` + strings.Repeat(`}`, 2001),
	// Over maxJSONBody: an action this large used to reach its workflow and
	// leave it stuck on Temporal's payload limit.
	`{"note":"x","reason":"x","evidence":[` + strings.Repeat(`{"title":"t","url":"https://example.org/`+strings.Repeat("a", 1000)+`"},`, 300) + `{}]}`,
}

// fuzzAction is the body of every action target.
func fuzzAction(f *testing.F, name string) {
	target := actionTargets[name]
	for _, s := range append(target.seeds, badBodies...) {
		f.Add([]byte(s))
	}
	w := sharedWorld(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		if w == nil {
			t.Fatal("no world: see fuzzCoordinator")
		}
		r := w.send(target.as, "POST", taskActionPath(target.task, target.action), "application/json", body)
		checkAnswer(t, r, body)
		if r.Code/100 != 2 {
			return
		}
		if target.refused {
			t.Fatalf("%s, who may not %s, was let through: %s", target.as, target.action, r.Body)
		}
		var v taskAnswer
		if err := json.Unmarshal(r.Body.Bytes(), &v); err != nil {
			t.Fatalf("the answer is not a task: %v: %s", err, r.Body)
		}
		if target.reset != nil {
			target.reset(t, w, target.task, v)
		}
	})
}

func FuzzProgress(f *testing.F)         { fuzzAction(f, "progress") }
func FuzzSubmit(f *testing.F)           { fuzzAction(f, "submit") }
func FuzzApprove(f *testing.F)          { fuzzAction(f, "approve") }
func FuzzReturn(f *testing.F)           { fuzzAction(f, "return") }
func FuzzExtend(f *testing.F)           { fuzzAction(f, "extend") }
func FuzzExtensionApprove(f *testing.F) { fuzzAction(f, "extension/approve") }
func FuzzExtensionReject(f *testing.F)  { fuzzAction(f, "extension/reject") }
func FuzzReassign(f *testing.F)         { fuzzAction(f, "reassign") }
func FuzzCancel(f *testing.F)           { fuzzAction(f, "cancel") }
func FuzzUrge(f *testing.F)             { fuzzAction(f, "urge") }
