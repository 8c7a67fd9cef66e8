package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
)

// addUnitSupervisedTask adds T4, open, owned by li and supervised by the
// unit ducha (督查室), whose member is zhou.
func (f *fixture) addUnitSupervisedTask(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if err := f.db.UpsertUnits(ctx, []store.Unit{{ID: "ducha", Name: "督查室", Members: []string{"zhou"}, CreatedAt: testNow}}); err != nil {
		t.Fatal(err)
	}
	t4 := fixtureTasks()[2]
	t4.ID, t4.Title, t4.Supervisor = "T4", "督查室督办的任务", task.UnitRef("ducha")
	if err := f.db.ProjectTask(ctx, task.ProjectionWrite{Task: t4}); err != nil {
		t.Fatal(err)
	}
}

// The reassign form is for an admin, the supervisor (in person or as a
// member of the supervising unit) and the campaign owner; the cancel form for
// an admin and the campaign owner; neither on a finished task.
func TestManageFormsOnlyForThoseAllowed(t *testing.T) {
	f := newFixture(t)
	f.addUnitSupervisedTask(t)
	for _, tc := range []struct {
		person, path     string
		reassign, cancel bool
	}{
		{"li", "/tasks/c1/T3", false, false},   // the owner
		{"zhao", "/tasks/c1/T3", true, false},  // the supervisor
		{"wang", "/tasks/c1/T3", true, true},   // the campaign owner
		{"root", "/tasks/c1/T3", true, true},   // an admin
		{"zhou", "/tasks/c1/T3", false, false}, // nobody on this task
		{"zhou", "/tasks/c1/T4", true, false},  // a member of the supervising unit
		{"zhao", "/tasks/c1/T2", true, false},  // a submitted task is still live
		{"wang", "/tasks/c1/T1", false, false}, // closed
		{"root", "/tasks/c1/T1", false, false}, // closed, even for an admin
	} {
		b := f.browser(t)
		b.signIn(tc.person)
		body := b.get(tc.path).Body.String()
		for form, want := range map[string]bool{"reassign-form": tc.reassign, "cancel-form": tc.cancel} {
			if got := strings.Contains(body, `id="`+form+`"`); got != want {
				t.Errorf("%s on %s: %s offered %v, want %v", tc.person, tc.path, form, got, want)
			}
		}
	}
}

// The reassign form suggests people and units by id with their names, but
// not the owner the task has already.
func TestReassignFormSuggestsOwners(t *testing.T) {
	f := newFixture(t)
	f.addUnitSupervisedTask(t)
	b := f.browser(t)
	b.signIn("wang")
	body := b.get("/tasks/c1/T3").Body.String()
	mustContain(t, body, `<datalist id="owner-choices">`, `<option value="zhao">赵芳</option>`,
		`<option value="unit:ducha">督查室</option>`, `list="owner-choices"`)
	if strings.Contains(body, `<option value="li">`) {
		t.Error("the current owner li is suggested as the new owner")
	}
}

// A reassignment and a cancellation posted from the task page become the
// workflow's requests, with the signed-in person as the actor, and come
// back to the task with what happened.
func TestReassignAndCancelPosts(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("wang")
	csrf := b.csrf("/tasks/c1/T3")

	rec := b.post("/tasks/c1/T3/reassign", url.Values{"csrf": {csrf}, "owner": {" zhou "}, "reason": {"工作调整"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/tasks/c1/T3?done=reassign" {
		t.Fatalf("reassign: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	mustContain(t, b.get(rec.Header().Get("Location")).Body.String(), `id="flash"`, "责任人已变更")

	rec = b.post("/tasks/c1/T3/cancel", url.Values{"csrf": {csrf}, "reason": {"任务撤销"}, "confirm": {"yes"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/tasks/c1/T3?done=cancel" {
		t.Fatalf("cancel: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	mustContain(t, b.get(rec.Header().Get("Location")).Body.String(), "任务已取消")

	acts := f.tasks.actions()
	if len(acts) != 2 {
		t.Fatalf("%d actions sent, want 2", len(acts))
	}
	reassign, ok := acts[0].Request.(*task.ReassignRequest)
	if !ok || acts[0].Kind.Name != task.Reassign.Name || reassign.Actor.ID != "wang" || reassign.Owner != "zhou" || reassign.Reason != "工作调整" {
		t.Fatalf("reassign request: %s %+v", acts[0].Kind.Name, acts[0].Request)
	}
	cancel, ok := acts[1].Request.(*task.CancelRequest)
	if !ok || acts[1].Kind.Name != task.Cancel.Name || cancel.Actor.ID != "wang" || cancel.Reason != "任务撤销" {
		t.Fatalf("cancel request: %s %+v", acts[1].Kind.Name, acts[1].Request)
	}
}

// Refusals of these forms are shown on the task page like every other
// form's, with their status, in the reader's language: the rules' 403 and
// 409, a request the rules call invalid (422), and a cancellation without
// its confirmation, which is never sent.
func TestReassignAndCancelRefusals(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("zhao")
	csrf := b.csrf("/tasks/c1/T3")
	for _, tc := range []struct {
		name   string
		refuse error
		path   string
		form   url.Values
		status int
		wants  []string
	}{
		{"forbidden", &task.RuleError{Type: task.ErrTypeForbidden, Message: "only the campaign owner (wang) or an admin cancels the task"},
			"/tasks/c1/T3/cancel", url.Values{"reason": {"不再需要"}, "confirm": {"yes"}},
			http.StatusForbidden, []string{"您无权办理:", "only the campaign owner (wang) or an admin cancels the task"}},
		{"conflict", &task.RuleError{Type: task.ErrTypeConflict, Message: "the task is closed"},
			"/tasks/c1/T3/reassign", url.Values{"owner": {"zhou"}, "reason": {"调整"}},
			http.StatusConflict, []string{"任务当前状态不允许此操作:", "the task is closed"}},
		{"no reason", nil, "/tasks/c1/T3/reassign", url.Values{"owner": {"zhou"}},
			http.StatusUnprocessableEntity, []string{"填写有误:", "reason"}},
		{"no owner", nil, "/tasks/c1/T3/reassign", url.Values{"reason": {"调整"}},
			http.StatusUnprocessableEntity, []string{"填写有误:", "owner"}},
		{"not confirmed", nil, "/tasks/c1/T3/cancel", url.Values{"reason": {"不再需要"}},
			http.StatusUnprocessableEntity, []string{"请勾选确认后再取消任务"}},
	} {
		f.tasks.refuse = tc.refuse
		before := len(f.tasks.actions())
		form := tc.form
		form.Set("csrf", csrf)
		rec := b.post(tc.path, form)
		if rec.Code != tc.status {
			t.Errorf("%s: %d, want %d\n%s", tc.name, rec.Code, tc.status, rec.Body)
			continue
		}
		body := rec.Body.String()
		mustContain(t, body, append(tc.wants, `id="error"`, `id="task-status" data-status="open"`)...)
		if sent := len(f.tasks.actions()) - before; tc.refuse == nil && sent != 0 {
			t.Errorf("%s: %d actions reached the workflow, want none", tc.name, sent)
		}
	}

	f.tasks.refuse = nil
	b.get("/?lang=en")
	rec := b.post("/tasks/c1/T3/cancel", url.Values{"csrf": {csrf}, "reason": {"no longer needed"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("an unconfirmed cancellation in English: %d", rec.Code)
	}
	mustContain(t, rec.Body.String(), "Tick the confirmation box to cancel the task.", `id="reassign-form"`, "New owner")
}
