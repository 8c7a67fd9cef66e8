package dashboard

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var newTokenInput = regexp.MustCompile(`id="new-token" readonly value="([^"]+)"`)

// A person who set their password by invitation changes it on the account
// page (the current one checked, the policy applied, CSRF required),
// issues a token with a label and a life (shown once, then listed without
// it), uses it against the API, and revokes it. Nothing in the log holds a
// password or the token.
func TestAccountPage(t *testing.T) {
	f, _, logs := accountsFixture(t)
	admin := f.browser(t)
	link := invitationPath(t, admin, "qian", "钱多多")
	b := f.browser(t)
	csrf := csrfInput.FindStringSubmatch(b.get(link + "?lang=en").Body.String())[1]
	if r := b.post(link, url.Values{"csrf": {csrf}, "password": {qianPassword}, "confirm": {qianPassword}}); r.Code != http.StatusSeeOther {
		t.Fatalf("set the password: %d", r.Code)
	}

	page := b.get("/account")
	if page.Code != http.StatusOK {
		t.Fatalf("the account page: %d\n%s", page.Code, page.Body)
	}
	mustContain(t, page.Body.String(), `id="nav-account"`, `id="password-change-form"`, `id="token-form"`, `id="no-tokens"`,
		`autocomplete="current-password"`)
	if strings.Contains(page.Body.String(), `id="nav-audit"`) {
		t.Error("a member's header links the audit log")
	}
	csrf = b.csrf("/account")

	const next = "another long passphrase 秋"
	if r := b.post("/account/password", url.Values{"current": {qianPassword}, "password": {next}, "confirm": {next}}); r.Code != http.StatusForbidden {
		t.Fatalf("a change without the CSRF field: %d", r.Code)
	}
	r := b.post("/account/password", url.Values{"csrf": {csrf}, "current": {"wrong one"}, "password": {next}, "confirm": {next}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "The current password is not right") {
		t.Fatalf("a wrong current password: %d\n%s", r.Code, r.Body)
	}
	r = b.post("/account/password", url.Values{"csrf": {csrf}, "current": {qianPassword}, "password": {"short"}, "confirm": {"short"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "at least 12 characters") {
		t.Fatalf("a short new password: %d\n%s", r.Code, r.Body)
	}
	r = b.post("/account/password", url.Values{"csrf": {csrf}, "current": {qianPassword}, "password": {next}, "confirm": {next + "x"}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("passwords that differ: %d", r.Code)
	}
	r = b.post("/account/password", url.Values{"csrf": {csrf}, "current": {qianPassword}, "password": {next}, "confirm": {next}})
	if r.Code != http.StatusSeeOther || r.Header().Get("Location") != "/account?done=password" {
		t.Fatalf("change the password: %d %q\n%s", r.Code, r.Header().Get("Location"), r.Body)
	}
	if r := b.get("/account?done=password"); r.Code != http.StatusOK || !strings.Contains(r.Body.String(), "Your password is changed") {
		t.Fatalf("the session that changed the password: %d", r.Code)
	}
	if r := f.browser(t).sendJSON("POST", "/api/v1/sessions", "", `{"id":"qian","password":"`+qianPassword+`"}`); r.Code != http.StatusUnauthorized {
		t.Fatalf("the old password signs in: %d", r.Code)
	}
	if r := f.browser(t).sendJSON("POST", "/api/v1/sessions", "", `{"id":"qian","password":"`+next+`"}`); r.Code != http.StatusCreated {
		t.Fatalf("the new password: %d %s", r.Code, r.Body)
	}

	r = b.post("/account/tokens", url.Values{"csrf": {csrf}, "label": {"周报脚本"}, "days": {"400"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "from 1 to 365") || !strings.Contains(r.Body.String(), "周报脚本") {
		t.Fatalf("400 days: %d\n%s", r.Code, r.Body)
	}
	r = b.post("/account/tokens", url.Values{"csrf": {csrf}, "label": {"周报脚本"}, "days": {"30"}})
	m := newTokenInput.FindStringSubmatch(r.Body.String())
	if r.Code != http.StatusOK || m == nil {
		t.Fatalf("issue a token: %d\n%s", r.Code, r.Body)
	}
	token := m[1]
	if got := r.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("the page with the token is cached: %q", got)
	}
	if api := f.browser(t).sendJSON("GET", "/api/v1/people/qian/tokens", token, ""); api.Code != http.StatusOK ||
		!strings.Contains(api.Body.String(), `"label":"周报脚本"`) {
		t.Fatalf("the token against the API: %d %s", api.Code, api.Body)
	}
	page = b.get("/account")
	body := page.Body.String()
	if strings.Contains(body, token) || strings.Contains(body, `id="new-token"`) {
		t.Fatal("the token is shown again")
	}
	tokenID := regexp.MustCompile(`data-token="([^"]+)"`).FindStringSubmatch(body)
	if tokenID == nil {
		t.Fatalf("the list lacks the token:\n%s", body)
	}
	mustContain(t, body, "周报脚本", "Last used", "/account/tokens/"+tokenID[1]+"/revoke")

	if r := b.post("/account/tokens/"+tokenID[1]+"/revoke", url.Values{"csrf": {csrf}}); r.Code != http.StatusSeeOther {
		t.Fatalf("revoke: %d\n%s", r.Code, r.Body)
	}
	if api := f.browser(t).sendJSON("GET", "/api/v1/me", token, ""); api.Code != http.StatusUnauthorized {
		t.Fatalf("the revoked token: %d", api.Code)
	}
	if r := b.post("/account/tokens/"+tokenID[1]+"/revoke", url.Values{"csrf": {csrf}}); r.Code != http.StatusNotFound {
		t.Fatalf("revoke twice: %d", r.Code)
	}
	// Another person's token cannot be revoked from one's own page.
	var lis struct {
		Token   string `json:"token"`
		TokenID string `json:"token_id"`
	}
	issued := admin.sendJSON("POST", "/api/v1/people/li/tokens", tokenOf["root"], `{"label":"li's"}`)
	if err := json.Unmarshal(issued.Body.Bytes(), &lis); err != nil || issued.Code != http.StatusCreated {
		t.Fatalf("issue li a token: %d %s", issued.Code, issued.Body)
	}
	if r := b.post("/account/tokens/"+lis.TokenID+"/revoke", url.Values{"csrf": {csrf}}); r.Code != http.StatusNotFound {
		t.Fatalf("revoke another's: %d", r.Code)
	}
	if api := f.browser(t).sendJSON("GET", "/api/v1/me", lis.Token, ""); api.Code != http.StatusOK {
		t.Fatalf("li's token after qian tried to revoke it: %d", api.Code)
	}
	for _, secret := range []string{qianPassword, next, token} {
		if strings.Contains(logs.String(), secret) {
			t.Fatalf("the log holds a secret:\n%s", logs)
		}
	}
}

// A person who signs in with a token has no password to change: the page
// says how to get one.
func TestAccountPageWithoutPassword(t *testing.T) {
	f, _, _ := accountsFixture(t)
	b := f.browser(t)
	b.signIn("li")
	page := b.get("/account?lang=en")
	mustContain(t, page.Body.String(), `id="no-password"`, "ask an admin")
	r := b.post("/account/password", url.Values{"csrf": {b.csrf("/account")}, "current": {"x"}, "password": {"y"}, "confirm": {"y"}})
	if r.Code != http.StatusConflict {
		t.Fatalf("change without a password: %d", r.Code)
	}
}

// The audit page is an admin's: it lists the log newest first, filters it,
// pages through it with "older", and refuses everyone else 403.
func TestAuditPage(t *testing.T) {
	f, _, _ := accountsFixture(t)
	root := f.browser(t)
	for _, id := range []string{"p1", "p2", "p3"} {
		invitationPath(t, root, id, id)
	}
	root.signIn("root")
	page := root.get("/audit?lang=en")
	if page.Code != http.StatusOK {
		t.Fatalf("the audit page: %d\n%s", page.Code, page.Body)
	}
	mustContain(t, page.Body.String(), `id="nav-audit"`, `id="audit-log"`, `data-action="person.created"`, "person:p3", `id="audit-filter"`)

	r := root.get("/audit?action=person.created&target=person:p2")
	body := r.Body.String()
	if r.Code != http.StatusOK || strings.Count(body, `data-entry=`) != 1 || !strings.Contains(body, `data-target="person:p2"`) {
		t.Fatalf("filtered: %d\n%s", r.Code, body)
	}
	if r := root.get("/audit?since=2024-06-02"); strings.Contains(r.Body.String(), `data-entry=`) {
		t.Fatalf("entries after the day they were made:\n%s", r.Body)
	}
	if r := root.get("/audit?since=2024-06-01&until=2024-06-01&actor=root"); !strings.Contains(r.Body.String(), `data-actor="root"`) {
		t.Fatalf("entries of the day:\n%s", r.Body)
	}
	if r := root.get("/audit?since=yesterday"); r.Code != http.StatusBadRequest {
		t.Fatalf("a bad date: %d", r.Code)
	}
	if r := root.get("/audit?action=nonsense"); r.Code != http.StatusBadRequest {
		t.Fatalf("a bad action: %d", r.Code)
	}

	// Page through: more entries than a page holds.
	for i := 0; i < 50; i++ {
		invitationPath(t, root, "q"+strings.Repeat("x", i+1), "q")
	}
	first := root.get("/audit?action=invitation.issued").Body.String()
	older := regexp.MustCompile(`id="audit-older" href="([^"]+)"`).FindStringSubmatch(first)
	if older == nil {
		t.Fatalf("no older link:\n%s", first)
	}
	link := strings.ReplaceAll(older[1], "&amp;", "&")
	if !strings.Contains(link, "action=invitation.issued") || !strings.Contains(link, "cursor=") {
		t.Fatalf("the older link loses the filter: %s", link)
	}
	second := root.get(link)
	if second.Code != http.StatusOK || strings.Count(second.Body.String(), `data-entry=`) == 0 {
		t.Fatalf("the older page: %d", second.Code)
	}
	if r := root.get("/audit?cursor=nonsense"); r.Code != http.StatusBadRequest {
		t.Fatalf("a bad cursor: %d", r.Code)
	}

	member := f.browser(t)
	member.signIn("li")
	if r := member.get("/audit"); r.Code != http.StatusForbidden {
		t.Fatalf("a member reads the audit log: %d", r.Code)
	}
}

// The board links the campaign's downloads, and a signed-in browser
// follows them with its session cookie alone, no token.
func TestBoardDownloadsWithTheSession(t *testing.T) {
	f, _, _ := accountsFixture(t)
	b := f.browser(t)
	b.signIn("zhou")
	board := b.get("/campaigns/c1").Body.String()
	links := regexp.MustCompile(`id="download-[a-z]+" href="([^"]+)"`).FindAllStringSubmatch(board, -1)
	if len(links) < 4 {
		t.Fatalf("the board links %d downloads:\n%s", len(links), board)
	}
	for _, m := range links {
		path := strings.ReplaceAll(m[1], "&amp;", "&")
		if strings.Contains(path, "format=xlsx") || strings.Contains(path, "/bulletin") {
			continue // the live ledger and the bulletin need the campaign's stored plan, which the fixture has not
		}
		r := b.get(path)
		if r.Code != http.StatusOK || r.Body.Len() == 0 {
			t.Errorf("download %s with the session: %d %s", path, r.Code, r.Body)
		}
	}
	ended := *b.cookies[sessionCookie]
	b.post("/signout", url.Values{"csrf": {b.csrf("/")}})
	b.cookies[sessionCookie] = &ended // a copy of the cookie kept past the session
	if r := b.get("/api/v1/templates/ledger.xlsx"); r.Code != http.StatusUnauthorized {
		t.Errorf("a download after signing out: %d", r.Code)
	}
}
