package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
)

// tooSoon is the refusal of an urge inside its window, as the rules give it.
func tooSoon() *task.RuleError {
	return &task.RuleError{Type: task.ErrTypeTooSoon, RetryAt: testNow.Add(3 * time.Hour),
		Message: "the task was urged less than 4 working hours ago; the next urge is allowed from 2024-06-01T12:00:00+08:00",
		Zh:      "该任务 4 个工作小时内已催办过，下次催办时间不早于 2024-06-01T12:00:00+08:00"}
}

// The task page offers the urge form to those who oversee the task, not to
// its owner; the form's note is the request's, and an urge too soon is
// refused with 429 and the time of the next.
func TestTaskPageUrge(t *testing.T) {
	f := newFixture(t)
	owner := f.browser(t)
	owner.signIn("li")
	if strings.Contains(owner.get("/tasks/c1/T3").Body.String(), `id="urge-form"`) {
		t.Error("the owner is offered the urge form")
	}
	b := f.browser(t)
	b.signIn("zhao")
	mustContain(t, b.get("/tasks/c1/T3").Body.String(), `id="urge-form"`, `action="/tasks/c1/T3/`+task.Urge.Name+`"`, "催办")
	csrf := b.csrf("/tasks/c1/T3")
	rec := b.post("/tasks/c1/T3/"+task.Urge.Name, url.Values{"csrf": {csrf}, "note": {"请本周内报送"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("urge: %d\n%s", rec.Code, rec.Body)
	}
	acts := f.tasks.actions()
	if r, ok := acts[0].Request.(*task.UrgeRequest); !ok || r.Note != "请本周内报送" || r.Actor.ID != "zhao" {
		t.Fatalf("the request sent: %+v", acts[0].Request)
	}
	f.tasks.refuse = tooSoon()
	rec = b.post("/tasks/c1/T3/"+task.Urge.Name, url.Values{"csrf": {csrf}})
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("a second urge: %d", rec.Code)
	}
	mustContain(t, rec.Body.String(), "暂不能办理:", "下次催办时间不早于 2024-06-01T12:00:00")
}

// The board urges the ticked tasks with one note, each under its own
// rules: one urged, one too soon, one finished.
func TestBulkUrge(t *testing.T) {
	f := newBoardFixture(t)
	f.refuse["T2"] = tooSoon()
	b := f.browser(t)
	b.signIn("zhao")
	mustContain(t, b.get("/campaigns/c1").Body.String(), `id="bulk-urge"`, `value="`+task.Urge.Name+`"`)
	form := url.Values{"csrf": {b.csrf("/campaigns/c1")}, "form_id": {"bulkformid-0123456789"}, "action": {task.Urge.Name},
		"task": {"T1", "T2", "T3"}, "note": {"月底前办结"}}
	rec := b.post("/campaigns/c1/bulk", form)
	if rec.Code != http.StatusOK {
		t.Fatalf("bulk urge: %d\n%s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	mustContain(t, body, `data-done="1" data-refused="2"`, `data-task="T3"`, "暂不能办理:", "下次催办时间不早于", "任务已办结")
	acts := f.tasks.actions()
	if len(acts) != 1 {
		t.Fatalf("acted %d times, want once (T3)", len(acts))
	}
	if r := acts[0].Request.(*task.UrgeRequest); r.Note != "月底前办结" || r.Actor.ID != "zhao" {
		t.Fatalf("the request sent: %+v", r)
	}
	// A note that cannot be stored is shown beside its field, nothing sent.
	form.Set("note", "a\x00b")
	if rec := b.post("/campaigns/c1/bulk", form); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="problem-note"`) {
		t.Errorf("a NUL in the note: %d", rec.Code)
	}
	if len(f.tasks.actions()) != 1 {
		t.Error("the refused form was sent")
	}
}

// A dispatched child offers the urge form to its parent's owner (li owns
// T3), not to others who hold no role on it.
func TestChildUrgedByParentOwner(t *testing.T) {
	f := newFixture(t)
	child := fixtureTasks()[2]
	child.ID, child.Parent, child.Owner, child.Supervisor, child.CampaignOwner = "T3.a", "T3", "unit:hn-a", "", "wang"
	if err := f.db.ProjectTask(context.Background(), task.ProjectionWrite{Task: child}); err != nil {
		t.Fatal(err)
	}
	li := f.browser(t)
	li.signIn("li")
	mustContain(t, li.get("/tasks/c1/T3.a").Body.String(), `id="urge-form"`)
	zhou := f.browser(t)
	zhou.signIn("zhou")
	if strings.Contains(zhou.get("/tasks/c1/T3.a").Body.String(), `id="urge-form"`) {
		t.Error("zhou, who holds no role on the child, is offered the urge form")
	}
}
