package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// tokenWorld is the API over a SQLite store with admin, li and wang, each
// holding a service token, and a clock the test moves.
type tokenWorld struct {
	t      *testing.T
	db     *store.DB
	h      http.Handler
	now    time.Time
	tokens map[string]string
}

func newTokenWorld(t *testing.T) *tokenWorld {
	w := &tokenWorld{t: t, db: storetest.Open(t, storetest.SQLite), now: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC), tokens: map[string]string{}}
	ctx := context.Background()
	for id, role := range map[string]string{"admin": store.RoleAdmin, "li": store.RoleMember, "wang": store.RoleMember} {
		if err := w.db.CreatePerson(ctx, store.Person{ID: id, Name: id, Roles: []string{role}, CreatedAt: w.now}); err != nil {
			t.Fatal(err)
		}
		w.tokens[id] = auth.NewToken()
		if err := w.db.AddToken(ctx, id, auth.HashToken(w.tokens[id]), w.now); err != nil {
			t.Fatal(err)
		}
	}
	w.h = New(Options{Store: w.db, Now: func() time.Time { return w.now }}).Handler()
	return w
}

// send makes a request with token (none if ""), a JSON body if not "", and
// header pairs.
func (w *tokenWorld) send(token, method, path, body string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

type issued struct {
	Token     string     `json:"token"`
	TokenID   string     `json:"token_id"`
	ExpiresAt *time.Time `json:"expires_at"`
}

// A person issues, lists and revokes their tokens; the list never shows a
// token; the defaults and bounds of expiry hold; only an admin issues a
// service token or manages someone else's; an expired or revoked token is
// 401. Every exchange is checked against the OpenAPI document.
func TestTokenLifecycle(t *testing.T) {
	doc := loadOpenAPI(t)
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	w := newTokenWorld(t)
	check := func(as, method, path, body string, want int) *httptest.ResponseRecorder {
		t.Helper()
		r := w.send(w.tokens[as], method, path, body)
		if r.Code != want {
			t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, as, r.Code, want, r.Body)
		}
		ct := ""
		if body != "" {
			ct = "application/json"
		}
		validateExchange(t, router, as, w.tokens[as], method, path, ct, body, r)
		return r
	}

	var deflt, short issued
	if err := json.Unmarshal(check("li", "POST", "/api/v1/people/li/tokens", "", 201).Body.Bytes(), &deflt); err != nil {
		t.Fatal(err)
	}
	if deflt.ExpiresAt == nil || !deflt.ExpiresAt.Equal(w.now.AddDate(0, 0, auth.DefaultTokenDays)) {
		t.Fatalf("a token issued without a body expires at %v, want %d days on", deflt.ExpiresAt, auth.DefaultTokenDays)
	}
	if err := json.Unmarshal(check("li", "POST", "/api/v1/people/li/tokens", `{"label":"ci","expires_in_days":2}`, 201).Body.Bytes(), &short); err != nil {
		t.Fatal(err)
	}
	check("li", "POST", "/api/v1/people/li/tokens", `{"expires_in_days":366}`, 422)
	check("li", "POST", "/api/v1/people/li/tokens", `{"service":true}`, 422)
	check("li", "POST", "/api/v1/people/wang/tokens", "", 403)
	check("li", "GET", "/api/v1/people/wang/tokens", "", 403)
	var svc issued
	if err := json.Unmarshal(check("admin", "POST", "/api/v1/people/wang/tokens", `{"label":"sync","service":true}`, 201).Body.Bytes(), &svc); err != nil {
		t.Fatal(err)
	}
	if svc.ExpiresAt != nil {
		t.Fatalf("a service token expires at %v", svc.ExpiresAt)
	}

	w.tokens["li-short"] = short.Token
	list := check("li", "GET", "/api/v1/people/li/tokens", "", 200)
	for _, secret := range []string{short.Token, deflt.Token, auth.HashToken(short.Token)} {
		if strings.Contains(list.Body.String(), secret) {
			t.Fatalf("the token list holds a token or its hash:\n%s", list.Body)
		}
	}
	if !strings.Contains(list.Body.String(), short.TokenID) || !strings.Contains(list.Body.String(), `"label":"ci"`) {
		t.Fatalf("the token list lacks the token issued:\n%s", list.Body)
	}

	check("li-short", "GET", "/api/v1/me", "", 200)
	w.now = w.now.AddDate(0, 0, 2)
	check("li-short", "GET", "/api/v1/me", "", 401)

	w.tokens["li-default"] = deflt.Token
	check("li-default", "GET", "/api/v1/me", "", 200)
	check("wang", "DELETE", "/api/v1/people/li/tokens/"+deflt.TokenID, "", 403)
	check("li", "DELETE", "/api/v1/people/li/tokens/"+deflt.TokenID, "", 204)
	check("li-default", "GET", "/api/v1/me", "", 401)
	check("li", "DELETE", "/api/v1/people/li/tokens/"+deflt.TokenID, "", 404)

	// The audit entry of an issue names the token it was issued with, so
	// what a stolen token minted can be found.
	entries, _, err := w.db.AuditLog(context.Background(), store.AuditFilter{Action: audit.TokenIssued, Target: audit.PersonTarget("wang")})
	if err != nil {
		t.Fatal(err)
	}
	_, adminUse, err := w.db.PersonByToken(context.Background(), auth.HashToken(w.tokens["admin"]), w.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Actor != "admin" || entries[0].Detail["issued_with_token_id"] != adminUse.TokenID {
		t.Fatalf("the audit entry of wang's token: %+v, want admin's, issued with %s", entries, adminUse.TokenID)
	}
}

// The replay record of a token issue holds no token: a replay answers 409
// naming the token issued, never the token. (A replay answers the stored
// record byte for byte; test/integration reads the table itself.)
func TestTokenIssueReplayHoldsNoToken(t *testing.T) {
	w := newTokenWorld(t)
	first := w.send(w.tokens["li"], "POST", "/api/v1/people/li/tokens", `{"label":"x"}`, "Idempotency-Key", "k1")
	if first.Code != http.StatusCreated {
		t.Fatalf("issue: %d %s", first.Code, first.Body)
	}
	var tok issued
	if err := json.Unmarshal(first.Body.Bytes(), &tok); err != nil {
		t.Fatal(err)
	}
	replay := w.send(w.tokens["li"], "POST", "/api/v1/people/li/tokens", `{"label":"x"}`, "Idempotency-Key", "k1")
	if replay.Code != http.StatusConflict || strings.Contains(replay.Body.String(), tok.Token) || !strings.Contains(replay.Body.String(), tok.TokenID) {
		t.Fatalf("replay: %d %s, want 409 naming %s without the token", replay.Code, replay.Body, tok.TokenID)
	}
}

// Twenty failed authentications a minute from one address are answered
// 401; the twenty-first, and a good token after it, 429 with Retry-After.
// Another address is not refused. X-Forwarded-For is ignored unless the
// peer is a trusted proxy.
func TestFailedAuthenticationLimit(t *testing.T) {
	w := newTokenWorld(t)
	lang := "" // the Accept-Language of the requests from sends
	from := func(peer, forwarded, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/api/v1/me", nil)
		req.RemoteAddr = peer + ":4000"
		if lang != "" {
			req.Header.Set("Accept-Language", lang)
		}
		if forwarded != "" {
			req.Header.Set("X-Forwarded-For", forwarded)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, req)
		return rec
	}
	for i := range auth.FailuresPerMinute {
		// A forged X-Forwarded-For changes nothing: the peer is counted.
		if r := from("192.0.2.1", "198.51.100.7", "co_wrong"); r.Code != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, r.Code)
		}
	}
	// Refused in the reader's language: Chinese unless English is asked for.
	for _, tc := range []struct{ token, lang, says string }{{"co_wrong", "", "过多"}, {w.tokens["li"], "en", "Too many"}} {
		lang = tc.lang
		r := from("192.0.2.1", "198.51.100.8", tc.token)
		if r.Code != http.StatusTooManyRequests || r.Header().Get("Retry-After") == "" || !strings.Contains(r.Body.String(), tc.says) {
			t.Fatalf("after %d failures: %d Retry-After %q %s, want a 429 with Retry-After saying %q",
				auth.FailuresPerMinute, r.Code, r.Header().Get("Retry-After"), r.Body, tc.says)
		}
	}
	lang = ""
	if r := from("192.0.2.2", "", w.tokens["li"]); r.Code != http.StatusOK {
		t.Fatalf("another address: %d, want 200", r.Code)
	}

	// Behind a trusted proxy, the header it sets names the client.
	ci, err := ParseClientIP("192.0.2.0/24", "X-Real-IP")
	if err != nil {
		t.Fatal(err)
	}
	w.h = New(Options{Store: w.db, Now: func() time.Time { return w.now }, ClientIP: ci}).Handler()
	for range auth.FailuresPerMinute {
		req := httptest.NewRequest("GET", "/api/v1/me", nil)
		req.RemoteAddr = "192.0.2.9:4000"
		req.Header.Set("X-Real-IP", "203.0.113.5")
		req.Header.Set("Authorization", "Bearer co_wrong")
		w.h.ServeHTTP(httptest.NewRecorder(), req)
	}
	if r := from("192.0.2.9", "", w.tokens["li"]); r.Code != http.StatusOK {
		t.Fatalf("the proxy itself, after its client failed: %d, want 200", r.Code)
	}
	req := httptest.NewRequest("GET", "/api/v1/me", nil)
	req.RemoteAddr = "192.0.2.9:4000"
	req.Header.Set("X-Real-IP", "203.0.113.5")
	req.Header.Set("Authorization", "Bearer "+w.tokens["li"])
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("the proxied client after %d failures: %d, want 429", auth.FailuresPerMinute, rec.Code)
	}
	if _, err := ParseClientIP("10.0.0.0/8, proxy.example", ""); err == nil {
		t.Fatal("a trusted proxy that is a host name is accepted")
	}
}

// Failures and refusals are counted in the metrics, by channel.
func TestFailedAuthenticationCounted(t *testing.T) {
	w := newTokenWorld(t)
	reg := prometheus.NewRegistry()
	counts := metrics.NewAuth(reg)
	w.h = New(Options{Store: w.db, Now: func() time.Time { return w.now }, Guard: auth.NewGuard(nil, counts, w.db)}).Handler()
	for range auth.FailuresPerMinute + 2 {
		w.send("co_wrong", "GET", "/api/v1/me", "")
	}
	w.send("", "GET", "/api/v1/me", "") // refused too: the address is over its budget
	got := map[string]float64{}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			got[f.GetName()+"/"+m.GetLabel()[0].GetValue()] = m.GetCounter().GetValue()
		}
	}
	want := map[string]float64{
		"closeout_auth_failures_total/api": auth.FailuresPerMinute, "closeout_auth_failures_total/dashboard": 0,
		"closeout_auth_limited_total/api": 3, "closeout_auth_limited_total/dashboard": 0,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("counted %v, want %v", got, want)
	}
}
