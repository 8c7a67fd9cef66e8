package dashboard

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/web/api"
)

// Signing in with a valid token sets an HttpOnly, SameSite, Path=/ session
// cookie and returns to where the reader was going; signing out ends it.
func TestSignIn(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)

	rec := b.get("/campaigns/c1")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/signin?next=%2Fcampaigns%2Fc1" {
		t.Fatalf("a page without a session: %d %q, want a redirect to the sign-in page", rec.Code, rec.Header().Get("Location"))
	}
	form := b.get("/signin?next=%2Fcampaigns%2Fc1")
	token := csrfInput.FindStringSubmatch(form.Body.String())[1]
	mustContain(t, form.Body.String(), `name="next" value="/campaigns/c1"`)

	rec = b.post("/signin", url.Values{"csrf": {token}, "token": {tokenOf["zhao"]}, "next": {"/campaigns/c1"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/campaigns/c1" {
		t.Fatalf("sign in: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	var session *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" || session.Secure {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/, not Secure over plain HTTP", session)
	}
	page := b.get("/campaigns/c1")
	if page.Code != http.StatusOK {
		t.Fatalf("the board after signing in: %d\n%s", page.Code, page.Body)
	}
	mustContain(t, page.Body.String(), `data-person="zhao"`, "赵芳")

	signOut := b.post("/signout", url.Values{"csrf": {b.csrf("/")}})
	if signOut.Code != http.StatusSeeOther || b.cookies[sessionCookie] != nil {
		t.Fatalf("sign out: %d, cookie left %v", signOut.Code, b.cookies[sessionCookie])
	}
	if rec := b.get("/"); rec.Code != http.StatusSeeOther {
		t.Fatalf("after signing out: %d, want a redirect to sign in", rec.Code)
	}
}

// Over TLS (or behind a proxy that says so) the session cookie is Secure.
func TestSignInSecureCookieOverHTTPS(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.header.Set("X-Forwarded-Proto", "https")
	b.signIn("li")
	if c := b.cookies[sessionCookie]; c == nil || !c.Secure {
		t.Fatalf("session cookie over HTTPS: %+v, want Secure", c)
	}
}

// With an https public address (Options.SecureCookies, from
// CLOSEOUT_BASE_URL) every cookie is Secure, even when the proxy in front
// does not say the request came over TLS.
func TestSecureCookiesWithHTTPSAddress(t *testing.T) {
	f := newFixture(t)
	r := gin.New()
	New(Options{Store: f.db, Tasks: f.tasks, Now: func() time.Time { return testNow }, APINotFound: api.NotFound,
		SecureCookies: true}).Mount(r)
	f.handler = r
	b := f.browser(t)
	b.get("/signin?lang=en")
	b.signIn("li")
	for _, name := range []string{langCookie, sessionCookie} {
		if c := b.cookies[name]; c == nil || !c.Secure || !c.HttpOnly {
			t.Fatalf("cookie %s with an https address: %+v, want Secure and HttpOnly", name, c)
		}
	}
}

// A wrong token is refused on the form; a post without the form's nonce is
// refused outright (another site cannot sign a browser in); a redirect
// target off this site is ignored.
func TestSignInRefusals(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	token := b.csrf("/signin")

	rec := b.post("/signin", url.Values{"csrf": {token}, "token": {"co_not-a-token"}})
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "该令牌无效") {
		t.Fatalf("unknown token: %d\n%s", rec.Code, rec.Body)
	}
	if b.cookies[sessionCookie] != nil {
		t.Fatal("an unknown token started a session")
	}

	other := f.browser(t) // no sign-in nonce cookie: a post from another site
	rec = other.post("/signin", url.Values{"csrf": {token}, "token": {tokenOf["li"]}})
	if rec.Code != http.StatusForbidden || other.cookies[sessionCookie] != nil {
		t.Fatalf("sign-in post without the form's nonce: %d, session %v", rec.Code, other.cookies[sessionCookie])
	}

	token = b.csrf("/signin")
	rec = b.post("/signin", url.Values{"csrf": {token}, "token": {tokenOf["li"]}, "next": {"//evil.example/x"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" {
		t.Fatalf("next off the site: %d %q, want /", rec.Code, rec.Header().Get("Location"))
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/campaigns/c1?x=1": "/campaigns/c1?x=1", "": "/", "//evil.example": "/", "/\\evil.example": "/",
		"https://evil.example/": "/", "javascript:alert(1)": "/",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// Signing out ends the browser's session, not the token it was opened
// with (SPEC section 15): the cookie, replayed, opens no page, while the
// token still works through the API and signs in again. Revoking the token
// ends the sessions opened with it; a session unused for auth.SessionIdle
// ends too.
func TestSignOutEndsOnlyTheSession(t *testing.T) {
	f := newFixture(t)
	now := testNow
	r := api.New(api.Options{Store: f.db, Now: func() time.Time { return now }}).Handler()
	New(Options{Store: f.db, Tasks: f.tasks, Now: func() time.Time { return now }, APINotFound: api.NotFound}).Mount(r)
	f.handler = r
	me := func() int {
		req := httptest.NewRequest("GET", "/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+tokenOf["li"])
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, req)
		return rec.Code
	}

	b := f.browser(t)
	b.signIn("li")
	session := *b.cookies[sessionCookie]
	if rec := b.post("/signout", url.Values{"csrf": {b.csrf("/")}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign out: %d\n%s", rec.Code, rec.Body)
	}
	replay := f.browser(t)
	replay.cookies[sessionCookie] = &session
	if rec := replay.get("/my"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/signin") {
		t.Fatalf("the old session cookie after signing out: %d %q, want a redirect to sign in", rec.Code, rec.Header().Get("Location"))
	}
	if code := me(); code != http.StatusOK {
		t.Fatalf("li's token through the API after signing out: %d, want 200", code)
	}
	b.signIn("li") // the token still signs in

	// A session unused for longer than the idle time has ended.
	idle := f.browser(t)
	idle.signIn("zhao")
	now = now.Add(auth.SessionIdle + time.Minute)
	if rec := idle.get("/my"); rec.Code != http.StatusSeeOther {
		t.Fatalf("a session idle for %s: %d, want a redirect to sign in", auth.SessionIdle, rec.Code)
	}

	// Revoking the token ends the sessions opened with it.
	b.signIn("li")
	if rec := b.get("/my"); rec.Code != http.StatusOK {
		t.Fatalf("li signed in again: %d", rec.Code)
	}
	ctx := context.Background()
	_, use, err := f.db.PersonByToken(ctx, auth.HashToken(tokenOf["li"]), now)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.RevokeToken(ctx, "li", use.TokenID, now); err != nil {
		t.Fatal(err)
	}
	if rec := b.get("/my"); rec.Code != http.StatusSeeOther {
		t.Fatalf("li's session after their token was revoked: %d, want a redirect to sign in", rec.Code)
	}
	if code := me(); code != http.StatusUnauthorized {
		t.Fatalf("li's revoked token through the API: %d, want 401", code)
	}
}

// A sign-out posted without the session's CSRF token (another site making
// the browser post it) does not end the session.
func TestSignOutNeedsTheCSRFToken(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("li")
	if rec := b.post("/signout", url.Values{}); rec.Code != http.StatusForbidden {
		t.Fatalf("sign out without the CSRF token: %d, want 403", rec.Code)
	}
	if _, err := f.db.PersonByTokenHash(context.Background(), auth.HashToken(tokenOf["li"])); err != nil {
		t.Fatalf("li's token after a refused sign-out: %v", err)
	}
	if rec := b.get("/my"); rec.Code != http.StatusOK {
		t.Fatalf("li's session after a refused sign-out: %d", rec.Code)
	}
}

// Twenty wrong tokens a minute from one address are refused on the form;
// after them the sign-in answers 429 with Retry-After, even to a good token,
// in the reader's language.
func TestSignInFailuresLimited(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	for i := range auth.FailuresPerMinute {
		if rec := b.post("/signin", url.Values{"csrf": {b.csrf("/signin")}, "token": {"co_guess"}}); rec.Code != http.StatusUnauthorized {
			t.Fatalf("wrong token %d: %d, want 401", i+1, rec.Code)
		}
	}
	rec := b.post("/signin", url.Values{"csrf": {b.csrf("/signin")}, "token": {tokenOf["li"]}})
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "登录失败次数过多") {
		t.Fatalf("after %d failures: %d Retry-After %q, want 429 with Retry-After and the message\n%s",
			auth.FailuresPerMinute, rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if b.cookies[sessionCookie] != nil {
		t.Fatal("a session was opened while the address was refused")
	}
}
