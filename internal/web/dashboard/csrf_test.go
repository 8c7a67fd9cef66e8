package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"
)

// A form post without the session's CSRF token (none, a forged one, or
// another person's) is refused with 403 before anything is sent to the
// workflow, and the task is unchanged; with the token it goes through.
func TestCSRFRefusesFormsWithoutTheToken(t *testing.T) {
	f := newFixture(t)
	zhao := f.browser(t)
	zhao.signIn("zhao")
	li := f.browser(t)
	li.signIn("li")

	for name, form := range map[string]url.Values{
		"no token":              {"note": {"同意"}},
		"forged token":          {"note": {"同意"}, "csrf": {"forged"}},
		"another person's form": {"note": {"同意"}, "csrf": {li.csrf("/")}},
	} {
		rec := zhao.post("/tasks/c1/T2/approve", form)
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, rec.Code)
		}
		mustContain(t, rec.Body.String(), "表单已失效")
	}
	if acts := f.tasks.actions(); len(acts) != 0 {
		t.Fatalf("a refused form reached the workflow: %+v", acts)
	}
	tk, err := f.db.GetTask(context.Background(), "c1", "T2")
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != task.StatusSubmitted || tk.CurrentApprover != "zhao" {
		t.Fatalf("a refused form changed the task: %s, approver %q", tk.Status, tk.CurrentApprover)
	}

	rec := zhao.post("/tasks/c1/T2/approve", url.Values{"note": {"同意"}, "csrf": {zhao.csrf("/tasks/c1/T2")}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/tasks/c1/T2?done=approve" {
		t.Fatalf("approve with the token: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	acts := f.tasks.actions()
	if len(acts) != 1 || acts[0].Kind.Name != task.Approve.Name {
		t.Fatalf("actions sent: %+v", acts)
	}
	req := acts[0].Request.(*task.ApproveRequest)
	if req.Actor.ID != "zhao" || req.Note != "同意" {
		t.Fatalf("the approval was sent as %+v, want zhao's with the note", req)
	}
}

// Sign-out is a form too: without the token it does not sign anyone out.
func TestCSRFGuardsSignOut(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("li")
	if rec := b.post("/signout", url.Values{}); rec.Code != http.StatusForbidden || b.cookies[sessionCookie] == nil {
		t.Fatalf("sign-out without the token: %d, session %v", rec.Code, b.cookies[sessionCookie])
	}
}

func TestCSRFTokenIsPerSession(t *testing.T) {
	a, b := csrfToken("token-a", csrfSession), csrfToken("token-b", csrfSession)
	if a == b || !validCSRF("token-a", csrfSession, a) || validCSRF("token-b", csrfSession, a) {
		t.Fatal("CSRF tokens must differ by session and verify only for their own")
	}
	if validCSRF("token-a", csrfSignIn, a) {
		t.Fatal("a form token must not pass as a sign-in token")
	}
	if validCSRF("", csrfSession, csrfToken("", csrfSession)) {
		t.Fatal("no session, no valid token")
	}
}
