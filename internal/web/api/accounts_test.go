package api

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
)

const zhouPassword = "zhou's long passphrase 2026"

// accountWorld is tokenWorld with the server's log kept, so a test can
// look for a password in it.
func accountWorld(t *testing.T) (*tokenWorld, *bytes.Buffer) {
	w := newTokenWorld(t)
	var logs bytes.Buffer
	w.h = New(Options{Store: w.db, Now: func() time.Time { return w.now },
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}).Handler()
	return w, &logs
}

// sendCookie sends a JSON body (if any) with a session cookie (if any).
func (w *tokenWorld) sendCookie(session, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if session != "" {
		req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: session})
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

func sessionCookieOf(t *testing.T, r *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	for _, c := range r.Result().Cookies() {
		if c.Name == auth.SessionCookie {
			return c
		}
	}
	t.Fatalf("no session cookie in %v", r.Header())
	return nil
}

// An admin creates a person and gets their link; the person sets a
// password with it (not a short or common one, and only once), signs in
// and gets an HttpOnly, SameSite cookie; signing out ends only that
// session. Every exchange matches the OpenAPI document; the log never
// holds the password; the audit log has each step.
func TestPasswordAccountsAPI(t *testing.T) {
	doc := loadOpenAPI(t)
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	w, logs := accountWorld(t)
	check := func(r *httptest.ResponseRecorder, as, method, path, body string, want int) *httptest.ResponseRecorder {
		t.Helper()
		if r.Code != want {
			t.Fatalf("%s %s: %d, want %d: %s", method, path, r.Code, want, r.Body)
		}
		ct := ""
		if body != "" {
			ct = "application/json"
		}
		validateExchange(t, router, as, w.tokens[as], method, path, ct, body, r)
		return r
	}
	post := func(as, path, body string, want int) *httptest.ResponseRecorder {
		t.Helper()
		return check(w.send(w.tokens[as], "POST", path, body), as, "POST", path, body, want)
	}

	var created struct {
		Person     store.Person `json:"person"`
		Invitation struct {
			URL       string    `json:"url"`
			ExpiresAt time.Time `json:"expires_at"`
		} `json:"invitation"`
	}
	r := post("admin", "/api/v1/people", `{"id":"zhou","name":"Zhou"}`, http.StatusCreated)
	if err := json.Unmarshal(r.Body.Bytes(), &created); err != nil || created.Person.ID != "zhou" ||
		!strings.HasPrefix(created.Invitation.URL, "http://example.com/invitations/ci_") || !created.Invitation.ExpiresAt.Equal(w.now.Add(72*time.Hour)) {
		t.Fatalf("created %+v %v: %s", created, err, r.Body)
	}
	code := strings.TrimPrefix(created.Invitation.URL, "http://example.com/invitations/")
	accept := "/api/v1/invitations/" + code

	post("", accept, `{"password":"too short"}`, http.StatusUnprocessableEntity)
	r = post("", accept, `{"password":"1qaz2wsx3edc"}`, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body.String(), "最常见的密码") { // no Accept-Language: Chinese
		t.Fatalf("a common password: %s", r.Body)
	}
	if r := w.send("", "POST", accept, ""); r.Code != http.StatusUnsupportedMediaType {
		t.Fatalf("no JSON: %d", r.Code)
	}
	post("", accept, `{"password":"`+zhouPassword+`"}`, http.StatusNoContent)
	post("", accept, `{"password":"`+zhouPassword+`"}`, http.StatusNotFound)

	post("", "/api/v1/sessions", `{"id":"zhou","password":"not zhou's password"}`, http.StatusUnauthorized)
	signIn := func() *http.Cookie {
		t.Helper()
		r := post("", "/api/v1/sessions", `{"id":"zhou","password":"`+zhouPassword+`"}`, http.StatusCreated)
		var opened struct {
			Person    store.Person `json:"person"`
			ExpiresAt time.Time    `json:"expires_at"`
		}
		if err := json.Unmarshal(r.Body.Bytes(), &opened); err != nil || opened.Person.ID != "zhou" || !opened.ExpiresAt.Equal(w.now.Add(auth.SessionMax)) {
			t.Fatalf("signed in %+v %v", opened, err)
		}
		c := sessionCookieOf(t, r)
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge != int(auth.SessionMax.Seconds()) {
			t.Fatalf("cookie %+v", c)
		}
		return c
	}
	a, b := signIn(), signIn()
	check(w.sendCookie(a.Value, "DELETE", "/api/v1/sessions/current", ""), "", "DELETE", "/api/v1/sessions/current", "", http.StatusNoContent)
	check(w.sendCookie(a.Value, "DELETE", "/api/v1/sessions/current", ""), "", "DELETE", "/api/v1/sessions/current", "", http.StatusUnauthorized)
	check(w.sendCookie(b.Value, "DELETE", "/api/v1/sessions/current", ""), "", "DELETE", "/api/v1/sessions/current", "", http.StatusNoContent)
	check(w.sendCookie("", "DELETE", "/api/v1/sessions/current", ""), "", "DELETE", "/api/v1/sessions/current", "", http.StatusUnauthorized)

	// A reset: only an admin issues a new link, and it works.
	post("li", "/api/v1/people/zhou/invitation", "", http.StatusForbidden)
	post("admin", "/api/v1/people/nobody/invitation", "", http.StatusNotFound)
	r = post("admin", "/api/v1/people/zhou/invitation", "", http.StatusCreated)
	if err := json.Unmarshal(r.Body.Bytes(), &created); err != nil || created.Invitation.URL == "" {
		t.Fatalf("reset %s", r.Body)
	}

	if strings.Contains(logs.String(), zhouPassword) || strings.Contains(logs.String(), "not zhou's password") || strings.Contains(logs.String(), code) {
		t.Fatalf("the log holds a secret:\n%s", logs)
	}
	entries, _, err := w.db.AuditLog(context.Background(), store.AuditFilter{Target: audit.PersonTarget("zhou"), Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Actor+" "+e.Action)
		if d, _ := json.Marshal(e.Detail); bytes.Contains(d, []byte(zhouPassword)) || bytes.Contains(d, []byte(code)) {
			t.Errorf("%s holds a secret: %s", e.Action, d)
		}
	}
	want := "admin invitation.issued, zhou session.signed_out, zhou session.signed_out, zhou session.signed_in, zhou session.signed_in, " +
		"zhou password.set, admin invitation.issued, admin person.created"
	if strings.Join(got, ", ") != want {
		t.Fatalf("audit log of zhou:\n%s\nwant\n%s", strings.Join(got, ", "), want)
	}
	failed, _, _ := w.db.AuditLog(context.Background(), store.AuditFilter{Action: audit.SessionSignInFailed, Limit: 100})
	// The used link posted again, then the wrong password.
	if len(failed) != 2 || failed[0].Detail["reason"] != "unknown id or wrong password" || failed[1].Detail["reason"] != "unknown, used or expired invitation" {
		t.Fatalf("failed sign-ins %+v", failed)
	}
}

// Wrong passwords count against the address: the 21st attempt in a minute
// is 429 with Retry-After, even with the right password.
func TestWrongPasswordsRateLimited(t *testing.T) {
	w, _ := accountWorld(t)
	r := w.send(w.tokens["admin"], "POST", "/api/v1/people/li/invitation", "")
	var created struct {
		Invitation struct{ URL string } `json:"invitation"`
	}
	if err := json.Unmarshal(r.Body.Bytes(), &created); err != nil {
		t.Fatal(err)
	}
	_, code, _ := strings.Cut(created.Invitation.URL, "/invitations/")
	if r := w.send("", "POST", "/api/v1/invitations/"+code, `{"password":"`+zhouPassword+`"}`); r.Code != http.StatusNoContent {
		t.Fatalf("accept: %d %s", r.Code, r.Body)
	}
	for i := range auth.FailuresPerMinute {
		if r := w.send("", "POST", "/api/v1/sessions", `{"id":"li","password":"wrong guess"}`); r.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, r.Code)
		}
	}
	r = w.send("", "POST", "/api/v1/sessions", `{"id":"li","password":"`+zhouPassword+`"}`)
	if r.Code != http.StatusTooManyRequests || r.Header().Get("Retry-After") == "" {
		t.Fatalf("after %d wrong passwords: %d %v", auth.FailuresPerMinute, r.Code, r.Header())
	}
	w.now = w.now.Add(time.Minute)
	if r := w.send("", "POST", "/api/v1/sessions", `{"id":"li","password":"`+zhouPassword+`"}`); r.Code != http.StatusCreated {
		t.Fatalf("a minute later: %d %s", r.Code, r.Body)
	}
}

// A replay of POST /people with the same Idempotency-Key does not show the
// invitation link again: it is 409, naming what the first request made.
func TestInvitationNotReplayed(t *testing.T) {
	w, _ := accountWorld(t)
	body := `{"id":"sun","name":"Sun"}`
	first := w.send(w.tokens["admin"], "POST", "/api/v1/people", body, "Idempotency-Key", "create-sun")
	if first.Code != http.StatusCreated || !strings.Contains(first.Body.String(), "/invitations/") {
		t.Fatalf("first: %d %s", first.Code, first.Body)
	}
	again := w.send(w.tokens["admin"], "POST", "/api/v1/people", body, "Idempotency-Key", "create-sun")
	if again.Code != http.StatusConflict || strings.Contains(again.Body.String(), "/invitations/") || !strings.Contains(again.Body.String(), "sun") {
		t.Fatalf("replay: %d %s", again.Code, again.Body)
	}
}
