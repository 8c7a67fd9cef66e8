package dashboard

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/web/api"
)

// accountsFixture is the fixture with the API beside the dashboard, as the
// api and dev processes serve them, on a clock the test moves, and the log
// of both kept.
func accountsFixture(t *testing.T) (*fixture, *time.Time, *bytes.Buffer) {
	f := newFixture(t)
	now := testNow
	clock := func() time.Time { return now }
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := api.New(api.Options{Store: f.db, Now: clock, Logger: log}).Handler()
	New(Options{Store: f.db, Tasks: f.tasks, Now: clock, Logger: log, APINotFound: api.NotFound}).Mount(r)
	f.handler = r
	return f, &now, &logs
}

// sendJSON sends a JSON request from the browser (with its cookies, keeping
// those it is given), with a bearer token if not "".
func (b *browser) sendJSON(method, path, token, body string) *httptest.ResponseRecorder {
	b.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return rec
}

// invitationPath creates a person through the API as the admin and returns
// the path of their invitation link.
func invitationPath(t *testing.T, b *browser, id, name string) string {
	t.Helper()
	r := b.sendJSON("POST", "/api/v1/people", tokenOf["root"], `{"id":"`+id+`","name":"`+name+`"}`)
	var created struct {
		Invitation struct{ URL string } `json:"invitation"`
	}
	if err := json.Unmarshal(r.Body.Bytes(), &created); r.Code != http.StatusCreated || err != nil {
		t.Fatalf("create %s: %d %s", id, r.Code, r.Body)
	}
	u, err := url.Parse(created.Invitation.URL)
	if err != nil || !strings.HasPrefix(u.Path, "/invitations/") {
		t.Fatalf("invitation %q", created.Invitation.URL)
	}
	return u.Path
}

const qianPassword = "钱多多的长密码 2026 秋"

// The admin creates a person; the person opens the link in a fresh
// browser, sets a password (twice the same, not a common one) and is
// signed in; signs out, and signs in again with the password form; a
// wrong password is refused on the form; the used link shows a page that
// says so. The log never holds the password.
func TestInvitationPageAndPasswordSignIn(t *testing.T) {
	f, _, logs := accountsFixture(t)
	admin := f.browser(t)
	link := invitationPath(t, admin, "qian", "钱多多")

	b := f.browser(t)
	page := b.get(link + "?lang=zh")
	if page.Code != http.StatusOK {
		t.Fatalf("the invitation page: %d\n%s", page.Code, page.Body)
	}
	mustContain(t, page.Body.String(), "钱多多", `id="invitation-form"`, `autocomplete="new-password"`, `minlength="12"`)
	csrf := csrfInput.FindStringSubmatch(page.Body.String())[1]

	if r := b.post(link, url.Values{"password": {qianPassword}, "confirm": {qianPassword}}); r.Code != http.StatusForbidden {
		t.Fatalf("a post without the form's CSRF field: %d", r.Code)
	}
	r := b.post(link, url.Values{"csrf": {csrf}, "password": {qianPassword}, "confirm": {qianPassword + "x"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "两次输入的密码不一致") {
		t.Fatalf("passwords that differ: %d\n%s", r.Code, r.Body)
	}
	csrf = csrfInput.FindStringSubmatch(r.Body.String())[1]
	r = b.post(link, url.Values{"csrf": {csrf}, "password": {"1qaz2wsx3edc"}, "confirm": {"1qaz2wsx3edc"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "最常见的密码") {
		t.Fatalf("a common password: %d\n%s", r.Code, r.Body)
	}
	csrf = csrfInput.FindStringSubmatch(r.Body.String())[1]
	r = b.post(link, url.Values{"csrf": {csrf}, "password": {qianPassword}, "confirm": {qianPassword}})
	if r.Code != http.StatusSeeOther || r.Header().Get("Location") != "/my" || b.cookies[sessionCookie] == nil {
		t.Fatalf("set the password: %d %q %v\n%s", r.Code, r.Header().Get("Location"), b.cookies, r.Body)
	}
	my := b.get("/my")
	if my.Code != http.StatusOK {
		t.Fatalf("my tasks after setting the password: %d", my.Code)
	}
	mustContain(t, my.Body.String(), `data-person="qian"`)
	if r := b.get(link); r.Code != http.StatusNotFound || !strings.Contains(r.Body.String(), "此链接无效") {
		t.Fatalf("the used link: %d\n%s", r.Code, r.Body)
	}

	b.post("/signout", url.Values{"csrf": {b.csrf("/my")}})
	form := b.get("/signin?next=%2Fmy&lang=en")
	mustContain(t, form.Body.String(), `id="password-form"`, `id="signin-form"`, "Password")
	csrf = csrfInput.FindStringSubmatch(form.Body.String())[1]
	r = b.post("/signin/password", url.Values{"csrf": {csrf}, "id": {"qian"}, "password": {"not the password"}, "next": {"/my"}})
	if r.Code != http.StatusUnauthorized || !strings.Contains(r.Body.String(), "The user id or password is not right") {
		t.Fatalf("a wrong password: %d\n%s", r.Code, r.Body)
	}
	csrf = csrfInput.FindStringSubmatch(r.Body.String())[1]
	r = b.post("/signin/password", url.Values{"csrf": {csrf}, "id": {"qian"}, "password": {qianPassword}, "next": {"/my"}})
	if r.Code != http.StatusSeeOther || r.Header().Get("Location") != "/my" {
		t.Fatalf("sign in with the password: %d %q\n%s", r.Code, r.Header().Get("Location"), r.Body)
	}
	if c := b.cookies[sessionCookie]; c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", c)
	}
	if r := b.get("/my"); r.Code != http.StatusOK {
		t.Fatalf("my tasks: %d", r.Code)
	}
	if strings.Contains(logs.String(), qianPassword) || strings.Contains(logs.String(), "not the password") {
		t.Fatalf("the log holds a password:\n%s", logs)
	}
}

// A session opened through the API's POST /sessions is accepted by the
// dashboard; it ends after eight idle hours, or after seven days however
// often it is used; DELETE /sessions/current ends that session and not the
// person's others.
func TestPasswordSessionOnTheDashboard(t *testing.T) {
	f, now, _ := accountsFixture(t)
	admin := f.browser(t)
	link := invitationPath(t, admin, "qian", "钱多多")
	code := strings.TrimPrefix(link, "/invitations/")
	if r := admin.sendJSON("POST", "/api/v1/invitations/"+code, "", `{"password":"`+qianPassword+`"}`); r.Code != http.StatusNoContent {
		t.Fatalf("set the password: %d %s", r.Code, r.Body)
	}
	signIn := func() *browser {
		b := f.browser(t)
		if r := b.sendJSON("POST", "/api/v1/sessions", "", `{"id":"qian","password":"`+qianPassword+`"}`); r.Code != http.StatusCreated {
			t.Fatalf("sign in: %d %s", r.Code, r.Body)
		}
		return b
	}
	opens := func(b *browser) bool {
		t.Helper()
		r := b.get("/my")
		if r.Code != http.StatusOK && r.Code != http.StatusSeeOther {
			t.Fatalf("/my: %d", r.Code)
		}
		return r.Code == http.StatusOK
	}

	a, idle := signIn(), signIn()
	if !opens(a) || !opens(idle) {
		t.Fatal("the API's session cookie does not open the dashboard")
	}
	for range 3 {
		*now = now.Add(7 * time.Hour)
		if !opens(a) {
			t.Fatalf("a session used every seven hours ended at %s", *now)
		}
	}
	if opens(idle) {
		t.Fatal("a session unused for 21 hours still opens the dashboard")
	}
	started := testNow
	for now.Add(7 * time.Hour).Before(started.Add(auth.SessionMax)) {
		*now = now.Add(7 * time.Hour)
		if !opens(a) {
			t.Fatalf("a session used every seven hours ended at %s", *now)
		}
	}
	*now = started.Add(auth.SessionMax)
	if opens(a) {
		t.Fatal("a session opens the dashboard after seven days")
	}

	one, other := signIn(), signIn()
	if r := one.sendJSON("DELETE", "/api/v1/sessions/current", "", ""); r.Code != http.StatusNoContent || one.cookies[sessionCookie] != nil {
		t.Fatalf("sign out: %d, cookie %v", r.Code, one.cookies[sessionCookie])
	}
	if !opens(other) {
		t.Fatal("signing out of one session ended another")
	}
	if r := one.sendJSON("DELETE", "/api/v1/sessions/current", "", ""); r.Code != http.StatusUnauthorized {
		t.Fatalf("signing out again: %d", r.Code)
	}
}

// Wrong passwords on the form count against the address: the 21st attempt
// in a minute is refused with Retry-After, even with the right password.
func TestPasswordFormRateLimited(t *testing.T) {
	f, now, _ := accountsFixture(t)
	admin := f.browser(t)
	code := strings.TrimPrefix(invitationPath(t, admin, "qian", "钱多多"), "/invitations/")
	admin.sendJSON("POST", "/api/v1/invitations/"+code, "", `{"password":"`+qianPassword+`"}`)
	b := f.browser(t)
	csrf := b.csrf("/signin")
	for i := range auth.FailuresPerMinute {
		r := b.post("/signin/password", url.Values{"csrf": {csrf}, "id": {"qian"}, "password": {"guess number " + string(rune('a'+i))}})
		if r.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, r.Code)
		}
		csrf = csrfInput.FindStringSubmatch(r.Body.String())[1] // each form is posted once
	}
	r := b.post("/signin/password", url.Values{"csrf": {csrf}, "id": {"qian"}, "password": {qianPassword}})
	if r.Code != http.StatusTooManyRequests || r.Header().Get("Retry-After") == "" {
		t.Fatalf("after %d wrong passwords: %d %v", auth.FailuresPerMinute, r.Code, r.Header())
	}
	csrf = csrfInput.FindStringSubmatch(r.Body.String())[1]
	*now = now.Add(time.Minute)
	if r := b.post("/signin/password", url.Values{"csrf": {csrf}, "id": {"qian"}, "password": {qianPassword}}); r.Code != http.StatusSeeOther {
		t.Fatalf("a minute later: %d", r.Code)
	}
}
