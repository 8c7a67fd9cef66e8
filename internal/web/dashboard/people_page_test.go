package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
)

var invitationInput = regexp.MustCompile(`id="invitation-url" readonly value="([^"]+)"`)

// The people list is for everyone signed in; what changes people is an
// admin's, and refused (403) to a member whatever they post.
func TestPeoplePageAdminOnlyParts(t *testing.T) {
	f := newFixture(t)
	member := f.browser(t)
	member.signIn("zhou")
	rec := member.get("/people?q=李")
	if rec.Code != http.StatusOK {
		t.Fatalf("the list for a member: %d\n%s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	mustContain(t, body, `data-person="li"`, `id="nav-people"`, `id="nav-units"`)
	assertOnlyLocalResources(t, "/people", body)
	if strings.Contains(body, `data-person="zhao"`) || strings.Contains(body, "create-person-form") || strings.Contains(body, `href="/people/li"`) {
		t.Errorf("a member's list shows someone not searched for, or an admin's form or link:\n%s", body)
	}
	csrf := member.csrf("/people")
	for _, post := range []struct {
		path string
		form url.Values
	}{
		{"/people", url.Values{"id": {"sun"}, "name": {"孙"}}},
		{"/people/li/invitation", nil},
		{"/people/li/deactivate", nil},
		{"/people/li/reactivate", nil},
		{"/people/li", url.Values{"name": {"x"}, "roles": {"admin"}}},
		{"/people/li/handover", url.Values{"to": {"zhou"}, "task": {"c1/T3"}}},
	} {
		form := url.Values{"csrf": {csrf}}
		for k, v := range post.form {
			form[k] = v
		}
		if rec := member.post(post.path, form); rec.Code != http.StatusForbidden {
			t.Errorf("a member posting %s: %d, want 403", post.path, rec.Code)
		}
	}
	if rec := member.get("/people/li"); rec.Code != http.StatusForbidden {
		t.Errorf("a member opening a person: %d, want 403", rec.Code)
	}
	if _, err := f.db.GetPerson(context.Background(), "sun"); err == nil {
		t.Error("a member created a person")
	}
	if len(f.tasks.actions()) != 0 {
		t.Error("a member's handover acted on tasks")
	}
}

// Every form of the pages needs the session's CSRF field, even an admin's.
func TestPeopleAndUnitsFormsNeedCSRF(t *testing.T) {
	f := newFixture(t)
	admin := f.browser(t)
	admin.signIn("root")
	for _, path := range []string{"/people", "/people/li", "/people/li/invitation", "/people/li/deactivate", "/people/li/handover", "/units", "/units/x"} {
		rec := admin.post(path, url.Values{"id": {"sun"}, "name": {"孙"}, "to": {"zhou"}, "task": {"c1/T3"}})
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s without CSRF: %d, want 403", path, rec.Code)
		}
	}
	if _, err := f.db.GetAccount(context.Background(), "li"); err != nil {
		t.Fatal(err)
	}
	if a, _ := f.db.GetAccount(context.Background(), "li"); !a.Active {
		t.Error("deactivated without CSRF")
	}
}

// Creating a person shows their invitation link in that answer only; the
// link opens the page where they set a password; a field problem keeps
// the form as sent.
func TestCreatePersonShowsTheLinkOnce(t *testing.T) {
	f := newFixture(t)
	admin := f.browser(t)
	admin.signIn("root")
	csrf := admin.csrf("/people")

	rec := admin.post("/people", url.Values{"csrf": {csrf}, "id": {"Bad Id"}, "name": {"孙丽"}, "email": {"nope"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a bad id: %d", rec.Code)
	}
	mustContain(t, rec.Body.String(), `id="problem-id"`, `id="problem-email"`, `value="孙丽"`)

	rec = admin.post("/people", url.Values{"csrf": {csrf}, "id": {"sun"}, "name": {"孙丽"}, "email": {"sun@example.gov.cn"}, "roles": {"manager"}})
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: %d\n%s", rec.Code, rec.Body)
	}
	m := invitationInput.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("no invitation link on the answer:\n%s", rec.Body)
	}
	link, err := url.Parse(m[1])
	if err != nil || !strings.HasPrefix(link.Path, "/invitations/ci_") {
		t.Fatalf("the link %q", m[1])
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("the copy button's script is not allowed: %q", csp)
	}
	p, err := f.db.GetPerson(context.Background(), "sun")
	if err != nil || p.Name != "孙丽" || !p.Has(store.RoleManager) {
		t.Fatalf("stored: %+v %v", p, err)
	}
	if body := admin.get("/people").Body.String(); strings.Contains(body, link.Path) || strings.Contains(body, "invitation-url") {
		t.Error("the link is shown again")
	}
	fresh := f.browser(t)
	if rec := fresh.get(link.Path); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "孙丽") {
		t.Errorf("the link's page: %d\n%s", rec.Code, rec.Body)
	}
	if rec := admin.post("/people", url.Values{"csrf": {csrf}, "id": {"sun"}, "name": {"又一个"}}); rec.Code != http.StatusConflict {
		t.Errorf("the same id again: %d, want 409", rec.Code)
	}

	// A new link (a reset) is shown once too, and ends the one before.
	rec = admin.post("/people/sun/invitation", url.Values{"csrf": {csrf}})
	m2 := invitationInput.FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusCreated || m2 == nil || m2[1] == m[1] {
		t.Fatalf("a new link: %d %v", rec.Code, m2)
	}
	if rec := fresh.get(link.Path); rec.Code == http.StatusOK {
		t.Error("the first link still opens after a new one")
	}
}

// An admin edits a person's record, roles and units.
func TestEditPerson(t *testing.T) {
	f := newFixture(t)
	f.addUnitSupervisedTask(t)
	admin := f.browser(t)
	admin.signIn("root")
	csrf := admin.csrf("/people/li")
	rec := admin.post("/people/li", url.Values{"csrf": {csrf}, "name": {"李明明"}, "email": {"li@example.gov.cn"},
		"mobile": {"13800000000"}, "slack_id": {"U123"}, "roles": {"member", "manager"}, "units": {"ducha"}, "units_before": {""}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/people/li?done=saved" {
		t.Fatalf("save: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	a, err := f.db.GetAccount(context.Background(), "li")
	if err != nil || a.Name != "李明明" || a.Email != "li@example.gov.cn" || a.Mobile != "13800000000" || a.SlackID != "U123" ||
		!a.Has(store.RoleManager) || len(a.Units) != 1 || a.Units[0] != "ducha" {
		t.Fatalf("after the edit: %+v %v", a, err)
	}
	rec = admin.post("/people/li", url.Values{"csrf": {csrf}, "name": {""}, "units": {"nosuch"}, "units_before": {"ducha"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("an empty name: %d", rec.Code)
	}
	mustContain(t, rec.Body.String(), `id="problem-name"`, `id="problem-roles"`)
	rec = admin.post("/people/root", url.Values{"csrf": {csrf}, "name": {"管理员"}, "roles": {"member"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("an admin demoting themself: %d", rec.Code)
	}
	if rec := admin.post("/people/root/deactivate", url.Values{"csrf": {csrf}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("an admin deactivating themself: %d", rec.Code)
	}
}

// Deactivating a person lists what they held, every task ticked; handing
// them over reassigns each through the reassign action and shows each
// task's outcome, a refusal with the rules' words.
func TestDeactivateThenHandOver(t *testing.T) {
	f := newFixture(t)
	admin := f.browser(t)
	admin.signIn("root")
	csrf := admin.csrf("/people/li")
	rec := admin.post("/people/li/deactivate", url.Values{"csrf": {csrf}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("deactivate: %d\n%s", rec.Code, rec.Body)
	}
	if a, _ := f.db.GetAccount(context.Background(), "li"); a.Active {
		t.Fatal("still active")
	}
	body := admin.get(rec.Header().Get("Location")).Body.String()
	mustContain(t, body, `id="handover-form"`, `name="task" value="c1/T3" checked`, `id="person-inactive"`, `<option value="zhou">`)
	if strings.Contains(body, `<option value="li">`) {
		t.Error("the person themself is offered to hand over to")
	}

	rec = admin.post("/people/li/handover", url.Values{"csrf": {csrf}, "to": {"zhou"}, "task": {"c1/T3", "c1/T9"}})
	if rec.Code != http.StatusOK {
		t.Fatalf("handover: %d\n%s", rec.Code, rec.Body)
	}
	mustContain(t, rec.Body.String(), `id="handover-results"`, `data-task="c1/T3" data-ok="true"`, `data-task="c1/T9" data-ok="false"`)
	acts := f.tasks.actions()
	if len(acts) != 1 {
		t.Fatalf("%d actions, want 1 (T9 is not li's)", len(acts))
	}
	r, ok := acts[0].Request.(*task.ReassignRequest)
	if !ok || acts[0].Kind.Name != task.Reassign.Name || r.Owner != "zhou" || r.Actor.ID != "root" {
		t.Fatalf("the action: %s %+v", acts[0].Kind.Name, acts[0].Request)
	}

	f.tasks.refuse = &task.RuleError{Type: task.ErrTypeForbidden, Message: "not yours"}
	rec = admin.post("/people/li/handover", url.Values{"csrf": {csrf}, "to": {"zhou"}, "task": {"c1/T3"}})
	mustContain(t, rec.Body.String(), `data-task="c1/T3" data-ok="false"`, "not yours")

	if rec := admin.post("/people/li/handover", url.Values{"csrf": {csrf}, "to": {"li"}, "task": {"c1/T3"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("handing over to themself: %d", rec.Code)
	}
	if rec := admin.post("/people/li/handover", url.Values{"csrf": {csrf}, "to": {"zhou"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("no task ticked: %d", rec.Code)
	}

	rec = admin.post("/people/li/reactivate", url.Values{"csrf": {csrf}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("reactivate: %d", rec.Code)
	}
	if a, _ := f.db.GetAccount(context.Background(), "li"); !a.Active {
		t.Error("not reactivated")
	}
	mustContain(t, admin.get(rec.Header().Get("Location")).Body.String(), `id="deactivate-form"`, `id="flash"`)
}
