package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
)

// People through the API against real workflows: the list searches and
// pages, shows contact fields to admins only; an admin changes roles and
// units and deactivates someone, whose token stops at once and whose answer
// lists their open tasks and approvals; the handover reassigns each task
// through the reassign action, one refused task (cancelled meanwhile)
// stopping none of the others. Every exchange is checked against the
// OpenAPI document.
func TestPeopleAndHandover(t *testing.T) {
	doc := loadOpenAPI(t)
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	w := testWorld(t)
	ctx := context.Background()
	sfx := fmt.Sprint(time.Now().UnixNano() % 1e9)
	leaver, heir, campaign := "ho-leaver-"+sfx, "ho-heir-"+sfx, "ho-"+sfx
	for _, p := range []store.Person{
		{ID: leaver, Name: "离职者 " + sfx, Email: leaver + "@example.gov.cn", Roles: []string{store.RoleMember}},
		{ID: heir, Name: "接手人 " + sfx, Roles: []string{store.RoleMember}},
	} {
		p.CreatedAt = time.Now()
		if err := w.db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		token := auth.NewToken()
		if err := w.db.AddToken(ctx, p.ID, auth.HashToken(token), time.Now()); err != nil {
			t.Fatal(err)
		}
		w.tokens[p.ID] = token
	}
	plan := fmt.Sprintf(`{"id":%q,"title":"handover","owner":"boss","timezone":"Asia/Shanghai","calendar":"none","start":"2026-01-01",
		"phases":[{"name":"plan","workdays":5},{"name":"do","workdays":20}],
		"tracks":[{"id":"a","title":"A","tasks":[
			{"id":"t1","title":"one","owner":%q,"supervisor":"zhao","approvers":["zhao"],"deadline":"2099-12-31"},
			{"id":"t2","title":"two","owner":%q,"supervisor":"zhao","approvers":["zhao"],"deadline":"2099-12-31"},
			{"id":"t3","title":"three","owner":"li","supervisor":"zhao","approvers":[%q],"deadline":"2099-12-31"}]}]}`,
		campaign, leaver, leaver, leaver)
	mustStatus(t, w.send("boss", "POST", "/api/v1/campaigns", "application/json", []byte(plan)), http.StatusCreated, "import")

	check := func(as, method, path, body string, want int) *httptest.ResponseRecorder {
		t.Helper()
		ct := ""
		if body != "" {
			ct = "application/json"
		}
		r := w.send(as, method, path, ct, []byte(body))
		if r.Code != want {
			t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, as, r.Code, want, r.Body)
		}
		validateExchange(t, router, as, w.tokens[as], method, path, ct, body, r)
		return r
	}

	// The list: Chinese search, contact fields for admins only, pages.
	var page struct {
		Items      []map[string]any `json:"items"`
		NextCursor string           `json:"next_cursor"`
	}
	if err := json.Unmarshal(check("li", "GET", "/api/v1/people?q="+strings.ReplaceAll("离职者 "+sfx, " ", "%20"), "", 200).Body.Bytes(), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0]["id"] != leaver || page.Items[0]["email"] != nil {
		t.Fatalf("li's search: %+v, want the leaver without contact fields", page.Items)
	}
	if err := json.Unmarshal(check("admin", "GET", "/api/v1/people?q="+sfx+"&active=true", "", 200).Body.Bytes(), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[1]["email"] != leaver+"@example.gov.cn" {
		t.Fatalf("admin's search: %+v, want both with contact fields", page.Items)
	}
	if err := json.Unmarshal(check("li", "GET", "/api/v1/people?limit=1", "", 200).Body.Bytes(), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.NextCursor == "" {
		t.Fatalf("a page of one: %+v", page)
	}
	if err := json.Unmarshal(check("li", "GET", "/api/v1/people?limit=1&cursor="+page.NextCursor, "", 200).Body.Bytes(), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0]["id"].(string) <= "admin" {
		t.Fatalf("the next page: %+v", page)
	}
	check("li", "GET", "/api/v1/people?role=king", "", 400)

	// Changes: members change only their settings; admins the rest.
	check(leaver, "PATCH", "/api/v1/people/"+leaver, `{"mobile":"13800000000"}`, 200)
	check(leaver, "PATCH", "/api/v1/people/"+leaver, `{"roles":["admin"]}`, 403)
	check("admin", "PATCH", "/api/v1/people/"+leaver, `{"units":["no-such-unit"]}`, 422)
	check("admin", "PATCH", "/api/v1/people/admin", `{"active":false}`, 422)
	check("admin", "PATCH", "/api/v1/people/"+leaver, `{"roles":["member","manager"],"name":"离职者 `+sfx+`"}`, 200)

	// Deactivation: the token stops, the answer lists what to hand over.
	var answer struct {
		Active   bool            `json:"active"`
		Handover *store.Handover `json:"handover"`
	}
	if err := json.Unmarshal(check("admin", "PATCH", "/api/v1/people/"+leaver, `{"active":false}`, 200).Body.Bytes(), &answer); err != nil {
		t.Fatal(err)
	}
	if answer.Active || answer.Handover == nil || len(answer.Handover.Tasks) != 2 {
		t.Fatalf("the deactivation's answer: %+v", answer)
	}
	check(leaver, "GET", "/api/v1/me", "", 401)
	entries, _, err := w.db.AuditLog(ctx, store.AuditFilter{Target: audit.PersonTarget(leaver), Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	for _, want := range []string{audit.PersonDeactivated, audit.PersonRolesChanged, audit.PersonSettingsChanged} {
		if !slices.Contains(actions, want) {
			t.Errorf("the leaver's audit %v lacks %s", actions, want)
		}
	}

	// t2 is cancelled before the handover: its reassign is refused, t1's
	// goes through; a task the leaver does not own is refused untouched.
	mustStatus(t, w.send("boss", "POST", "/api/v1/tasks/"+campaign+"/t2/cancel", "application/json", []byte(`{"reason":"no longer needed"}`)),
		http.StatusOK, "cancel t2")
	check(leaver, "POST", "/api/v1/people/"+leaver+"/handover", `{"to":"`+heir+`"}`, 401)
	check("li", "POST", "/api/v1/people/"+leaver+"/handover", `{"to":"`+heir+`"}`, 403)
	check("admin", "POST", "/api/v1/people/"+leaver+"/handover", `{"to":"`+leaver+`"}`, 422)
	var handed struct {
		Items []handedTask `json:"items"`
	}
	body := fmt.Sprintf(`{"to":%q,"tasks":[{"campaign":%q,"id":"t1"},{"campaign":%q,"id":"t2"},{"campaign":%q,"id":"t3"}]}`, heir, campaign, campaign, campaign)
	if err := json.Unmarshal(check("admin", "POST", "/api/v1/people/"+leaver+"/handover", body, 200).Body.Bytes(), &handed); err != nil {
		t.Fatal(err)
	}
	if len(handed.Items) != 3 || !handed.Items[0].OK || handed.Items[1].OK || handed.Items[2].OK || handed.Items[2].Status != http.StatusNotFound {
		t.Fatalf("the handover: %+v", handed.Items)
	}
	t1, err := w.db.GetTask(ctx, campaign, "t1")
	if err != nil || t1.Owner != heir {
		t.Fatalf("t1 after the handover: owner %q %v, want %s", t1.Owner, err, heir)
	}
	if err := json.Unmarshal(check("admin", "POST", "/api/v1/people/"+leaver+"/handover", `{"to":"`+heir+`"}`, 200).Body.Bytes(), &handed); err != nil {
		t.Fatal(err)
	}
	if len(handed.Items) != 0 {
		t.Fatalf("a second handover found %+v, want nothing left", handed.Items)
	}
}
