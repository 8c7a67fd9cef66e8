package dashboard

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
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
