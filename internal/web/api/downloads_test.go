package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
)

// A signed-in browser downloads with its session cookie alone: the
// campaign.s report (markdown and CSV; the live ledger is its xlsx, which needs a stored plan), the unit ranking and the
// ledger template. The cookie opens nothing else: the JSON API's reads and
// every write answer 401 without a bearer token, a bearer token that is
// wrong is not rescued by a good cookie, and a session that has ended opens
// no download.
func TestSessionCookieOpensDownloadsOnly(t *testing.T) {
	w, logs := accountWorld(t)
	ctx := context.Background()
	if _, _, err := w.db.SaveCampaign(ctx, store.Campaign{ID: "c1", Title: "攻坚行动", Owner: "admin", Timezone: "Asia/Shanghai",
		Calendar: []byte(`"weekdays"`), Start: w.now, Deadline: w.now.AddDate(0, 6, 0), Status: store.CampaignActive,
		Tracks: []store.Track{{ID: "t1", Title: "轻车"}}, CreatedAt: w.now}); err != nil {
		t.Fatal(err)
	}
	r := w.send(w.tokens["admin"], "POST", "/api/v1/people", `{"id":"zhou","name":"Zhou"}`)
	var created struct {
		Invitation struct{ URL string } `json:"invitation"`
	}
	if err := json.Unmarshal(r.Body.Bytes(), &created); r.Code != http.StatusCreated || err != nil {
		t.Fatalf("create: %d %s", r.Code, r.Body)
	}
	code := strings.TrimPrefix(created.Invitation.URL, "http://example.com/invitations/")
	if r := w.send("", "POST", "/api/v1/invitations/"+code, `{"password":"`+zhouPassword+`"}`); r.Code != http.StatusNoContent {
		t.Fatalf("accept: %d %s", r.Code, r.Body)
	}
	r = w.send("", "POST", "/api/v1/sessions", `{"id":"zhou","password":"`+zhouPassword+`"}`)
	session := sessionCookieOf(t, r).Value

	for _, path := range []string{
		"/api/v1/campaigns/c1/report?format=md",
		"/api/v1/campaigns/c1/report?format=csv",
		"/api/v1/campaigns/c1/units?format=csv",
		"/api/v1/templates/ledger.xlsx",
	} {
		if r := w.sendCookie(session, "GET", path, ""); r.Code != http.StatusOK {
			t.Errorf("GET %s with the session cookie: %d %s\n%s", path, r.Code, r.Body, logs)
		}
		if r := w.sendCookie("", "GET", path, ""); r.Code != http.StatusUnauthorized {
			t.Errorf("GET %s with nothing: %d", path, r.Code)
		}
	}
	if r := w.sendCookie(session, "GET", "/api/v1/campaigns/nope/report?format=md", ""); r.Code != http.StatusNotFound {
		t.Errorf("an unknown campaign with the cookie: %d", r.Code)
	}
	// The bulletin reads the stored plan, which c1 here has not: its
	// cookie gets past authentication to the campaign's 404.
	if r := w.sendCookie(session, "GET", "/api/v1/campaigns/nope/bulletin", ""); r.Code != http.StatusNotFound {
		t.Errorf("the bulletin with the cookie: %d %s", r.Code, r.Body)
	}
	if r := w.sendCookie("", "GET", "/api/v1/campaigns/nope/bulletin", ""); r.Code != http.StatusUnauthorized {
		t.Errorf("the bulletin with nothing: %d", r.Code)
	}
	for _, req := range []struct{ method, path, body string }{
		{"GET", "/api/v1/me", ""},
		{"GET", "/api/v1/people/zhou/tokens", ""},
		{"POST", "/api/v1/people/zhou/tokens", `{"label":"x"}`},
		{"DELETE", "/api/v1/people/zhou/tokens/tok_x", ""},
		{"PATCH", "/api/v1/people/zhou", `{"name":"Z"}`},
		{"PUT", "/api/v1/units/u1", `{"name":"u"}`},
		{"POST", "/api/v1/campaigns", `{}`},
		{"POST", "/api/v1/tasks/c1/T1/approve", `{}`},
	} {
		if r := w.sendCookie(session, req.method, req.path, req.body); r.Code != http.StatusUnauthorized {
			t.Errorf("%s %s with only the session cookie: %d, want 401", req.method, req.path, r.Code)
		}
	}
	bad := w.sendCookieAndToken(session, "not-a-token", "GET", "/api/v1/templates/ledger.xlsx")
	if bad.Code != http.StatusUnauthorized {
		t.Errorf("a wrong bearer token beside a good cookie: %d", bad.Code)
	}
	if r := w.sendCookie(session, "DELETE", "/api/v1/sessions/current", ""); r.Code != http.StatusNoContent {
		t.Fatalf("sign out: %d", r.Code)
	}
	if r := w.sendCookie(session, "GET", "/api/v1/templates/ledger.xlsx", ""); r.Code != http.StatusUnauthorized {
		t.Errorf("a download with the cookie of an ended session: %d", r.Code)
	}
}

func (w *tokenWorld) sendCookieAndToken(session, token, method, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: session})
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}
