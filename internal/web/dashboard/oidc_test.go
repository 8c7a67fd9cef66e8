package dashboard

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/web/api"
)

// provider is an OpenID provider speaking the protocol over HTTP in this
// process (discovery, keys, the authorisation and token endpoints, ID
// tokens signed with its RSA key). forgeNonce makes its authorisation
// endpoint sign the next tokens with another nonce than the one asked for.
type provider struct {
	*mockoidc.MockOIDC
	forgeNonce bool
}

func startProvider(t *testing.T) *provider {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &provider{MockOIDC: m}
	if err := m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if p.forgeNonce && r.URL.Path == mockoidc.AuthorizationEndpoint {
				q := r.URL.Query()
				q.Set("nonce", "a-nonce-this-browser-never-asked-for")
				r.URL.RawQuery = q.Encode()
			}
			next.ServeHTTP(w, r)
		})
	}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Shutdown(); err != nil {
			t.Log("the provider did not stop cleanly:", err)
		}
	})
	return p
}

// withOIDC mounts the fixture's dashboard again with single sign-on
// against p, auto-creating members when autoCreate says so.
func (f *fixture) withOIDC(t *testing.T, p *provider, autoCreate string) {
	r := gin.New()
	New(Options{Store: f.db, Tasks: f.tasks, Logger: slog.New(slog.NewTextHandler(testLog{t}, nil)),
		Now: func() time.Time { return testNow }, APINotFound: api.NotFound,
		OIDC: &OIDCOptions{
			Issuer: p.Issuer(), ClientID: p.ClientID, ClientSecret: p.ClientSecret,
			RedirectURL: "http://dashboard.test/auth/oidc/callback",
			SignOn:      &accounts.SignOn{Store: f.db, AutoCreate: autoCreate, Now: func() time.Time { return testNow }},
			Audit:       f.db,
		}}).Mount(r)
	f.handler = r
}

// signOn goes from the sign-in page's button through the provider, as
// user, and back to the callback; it returns the callback's answer.
func (b *browser) signOn(p *provider, user *mockoidc.MockUser, next string) (status int, location, body string) {
	b.t.Helper()
	page := b.get("/signin?next=" + url.QueryEscape(next))
	if !strings.Contains(page.Body.String(), `id="signin-oidc"`) {
		b.t.Fatalf("the sign-in page offers no single sign-on:\n%s", page.Body)
	}
	start := b.get("/auth/oidc/start?next=" + url.QueryEscape(next))
	if start.Code != http.StatusFound {
		b.t.Fatalf("start: %d %s", start.Code, start.Body)
	}
	to, err := url.Parse(start.Header().Get("Location"))
	if err != nil || !strings.HasPrefix(to.String(), p.AuthorizationEndpoint()) {
		b.t.Fatalf("start sends the browser to %q, want the provider's authorisation endpoint", to)
	}
	q := to.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("nonce") == "" {
		b.t.Fatalf("the authorisation request lacks PKCE, state or nonce: %s", to.RawQuery)
	}
	p.QueueUser(user)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(to.String())
	if err != nil {
		b.t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || back.Path != "/auth/oidc/callback" {
		b.t.Fatalf("the provider answered %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	rec := b.get(back.RequestURI())
	return rec.Code, rec.Header().Get("Location"), rec.Body.String()
}

// Single sign-on against a real provider over HTTP: a person mapped by
// email signs in through the sign-in page's button and lands where they
// were going, with a session and an audit entry; a token signed with
// another nonce, a callback with another state, an unknown person and a
// deactivated one are refused without a session; auto-creation makes a
// member, found again at the next sign-on.
func TestSingleSignOn(t *testing.T) {
	p := startProvider(t)
	f := newFixture(t)
	ctx := audit.WithActor(context.Background(), "root")
	email := "li@example.gov.cn"
	if _, err := f.db.UpdateAccount(ctx, "li", store.AccountChange{Email: &email}, testNow); err != nil {
		t.Fatal(err)
	}
	f.withOIDC(t, p, "")
	li := &mockoidc.MockUser{Subject: "idp-li", Email: "LI@example.gov.cn", EmailVerified: true}

	b := f.browser(t)
	status, location, body := b.signOn(p, li, "/my")
	if status != http.StatusSeeOther || location != "/my" || b.cookies[sessionCookie] == nil {
		t.Fatalf("li's sign-on: %d to %q, session %v\n%s", status, location, b.cookies[sessionCookie], body)
	}
	if b.cookies[oidcCookie] != nil {
		t.Error("the flow's cookie outlived the callback")
	}
	if page := b.get("/my"); page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "李明") {
		t.Fatalf("li's tasks after signing on: %d", page.Code)
	}
	entries, _, err := f.db.AuditLog(ctx, store.AuditFilter{Action: audit.SessionSignedIn, Actor: "li"})
	if err != nil || len(entries) != 1 || entries[0].Detail["method"] != "oidc" {
		t.Fatalf("the sign-on's audit entry: %+v %v", entries, err)
	}

	refused := func(what string, b *browser, status, want int, body, message string) {
		t.Helper()
		if status != want || b.cookies[sessionCookie] != nil || !strings.Contains(body, message) {
			t.Errorf("%s: %d (want %d), session %v, page holds %q: %v", what, status, want, b.cookies[sessionCookie], message,
				strings.Contains(body, message))
		}
	}
	p.forgeNonce = true
	b = f.browser(t)
	status, _, body = b.signOn(p, li, "/my")
	refused("a token with another nonce", b, status, http.StatusUnauthorized, body, messages["signin.oidc_failed"].zh)
	p.forgeNonce = false

	b = f.browser(t)
	b.get("/auth/oidc/start")
	rec := b.get("/auth/oidc/callback?state=forged&code=whatever")
	refused("another state", b, rec.Code, http.StatusForbidden, rec.Body.String(), messages["signin.oidc_failed"].zh)

	b = f.browser(t)
	status, _, body = b.signOn(p, &mockoidc.MockUser{Subject: "idp-x", Email: "stranger@example.org", EmailVerified: true}, "/")
	refused("an unknown person", b, status, http.StatusForbidden, body, messages["signin.oidc_unknown"].zh)
	if _, err := f.db.AccountByEmail(ctx, "stranger@example.org"); err == nil {
		t.Error("an unknown person was created without CLOSEOUT_OIDC_AUTOCREATE")
	}
	failed, _, _ := f.db.AuditLog(ctx, store.AuditFilter{Action: audit.SessionSignInFailed})
	if len(failed) < 3 {
		t.Errorf("refused sign-ons audited %d times, want 3", len(failed))
	}

	off := false
	if _, err := f.db.UpdateAccount(ctx, "li", store.AccountChange{Active: &off}, testNow); err != nil {
		t.Fatal(err)
	}
	b = f.browser(t)
	status, _, body = b.signOn(p, li, "/")
	refused("a deactivated person", b, status, http.StatusForbidden, body, messages["signin.oidc_deactivated"].zh)

	f.withOIDC(t, p, accounts.AutoCreateMember)
	b = f.browser(t)
	newcomer := &mockoidc.MockUser{Subject: "idp-new", Email: "xiao.wang@example.gov.cn", EmailVerified: true}
	if status, _, body := b.signOn(p, newcomer, "/"); status != http.StatusSeeOther || b.cookies[sessionCookie] == nil {
		t.Fatalf("a newcomer with auto-creation: %d\n%s", status, body)
	}
	a, err := f.db.AccountByEmail(ctx, "xiao.wang@example.gov.cn")
	if err != nil || a.ID != "xiao.wang" || !a.Active || len(a.Roles) != 1 || a.Roles[0] != store.RoleMember {
		t.Fatalf("the created person: %+v %v, want xiao.wang, an active member", a, err)
	}
	b = f.browser(t)
	if status, _, _ := b.signOn(p, newcomer, "/"); status != http.StatusSeeOther {
		t.Fatalf("the newcomer's second sign-on: %d", status)
	}
	if list, _, _ := f.db.ListAccounts(ctx, store.PeopleFilter{Q: "xiao.wang"}); len(list) != 1 {
		t.Errorf("the newcomer's second sign-on made another person: %d", len(list))
	}
	b = f.browser(t)
	status, _, body = b.signOn(p, li, "/")
	refused("a deactivated person, auto-creation on", b, status, http.StatusForbidden, body, messages["signin.oidc_deactivated"].zh)
}
