package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/gin-gonic/gin"
	"github.com/slack-go/slack"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/files"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/web/slackapp"
)

// loadOpenAPI parses the committed document and validates it as OpenAPI
// 3.1 (kin-openapi switches to its 3.1 rules, JSON Schema 2020-12 included,
// from the openapi field).
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(OpenAPI)
	if err != nil {
		t.Fatalf("load api/openapi/openapi.json: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("api/openapi/openapi.json is not a valid OpenAPI document: %v", err)
	}
	return doc
}

// noMessages stands in for notify.Slack: the route test only lists routes.
type noMessages struct{}

func (noMessages) Refresh(context.Context, task.View) error { return nil }

// fullEngine is every route cmd/closeout serves as the API: Handler with a
// file store configured (the file routes exist only then) and the Slack
// endpoint mounted beside it, as httpHandler does. The dashboard, mounted
// there too, is HTML for browsers and no part of the contract. Nothing here
// is called, so the dependencies are empty.
func fullEngine(t *testing.T) *gin.Engine {
	t.Helper()
	r := New(Options{Files: new(files.Service)}).Handler()
	app, err := slackapp.New(slackapp.Options{
		SigningSecret: "unused", Slack: slack.New("unused"), People: (*store.DB)(nil),
		Tasks: &taskops.Ops{}, Messages: noMessages{},
	})
	if err != nil {
		t.Fatal(err)
	}
	app.Register(r)
	return r
}

var ginParam = regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`)

// TestOpenAPIRoutes fails when a route the engine serves is not in the
// document, or the document has an operation no route serves. /healthz and
// /readyz are documented too: probes are clients of the same server, and
// documenting them costs two short entries. /metrics is not this server's.
func TestOpenAPIRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	served := map[string]bool{}
	for _, rt := range fullEngine(t).Routes() {
		served[rt.Method+" "+ginParam.ReplaceAllString(rt.Path, "{$1}")] = true
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	for _, route := range slices.Sorted(maps.Keys(served)) {
		if !documented[route] {
			t.Errorf("%s is served but not in api/openapi/openapi.json", route)
		}
	}
	for _, route := range slices.Sorted(maps.Keys(documented)) {
		if !served[route] {
			t.Errorf("%s is in api/openapi/openapi.json but no route serves it", route)
		}
	}
}

// TestOpenAPIDocument checks what a valid document can still get wrong
// about this API: it is 3.1; every route that takes a token says what a
// missing one is answered with; every error answer is a problem.
func TestOpenAPIDocument(t *testing.T) {
	doc := loadOpenAPI(t)
	if doc.OpenAPI != "3.1.0" || !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi is %q, want 3.1.0", doc.OpenAPI)
	}
	if doc.Components == nil || doc.Components.SecuritySchemes["bearer"] == nil {
		t.Fatal("no bearer security scheme")
	}
	for _, name := range []string{"Person", "Campaign", "Task", "Event", "TaskPage", "Report", "Unit", "RankingRow",
		"File", "CalendarYear", "DryRun", "Problem", "FieldError"} {
		if doc.Components.Schemas[name] == nil {
			t.Errorf("components.schemas has no %s", name)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			open := op.Security != nil && len(*op.Security) == 0
			if !open && op.Responses.Status(http.StatusUnauthorized) == nil {
				t.Errorf("%s takes a token but documents no 401", where)
			}
			if strings.HasPrefix(path, "/api/v1/") && !open && op.Responses.Status(http.StatusServiceUnavailable) == nil {
				t.Errorf("%s documents no 503 (database or Temporal unavailable)", where)
			}
			for code, resp := range op.Responses.Map() {
				if code[0] != '4' && code[0] != '5' {
					continue
				}
				content := resp.Value.Content
				if len(content) != 1 || content.Get("application/problem+json") == nil {
					t.Errorf("%s answers %s with %v, want application/problem+json only", where, code, slices.Sorted(maps.Keys(content)))
				}
			}
		}
	}
}

// TestOpenAPIServed: the document is served without a token, byte for byte
// as committed.
func TestOpenAPIServed(t *testing.T) {
	committed, err := os.ReadFile("openapi/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRecorder()
	New(Options{}).Handler().ServeHTTP(r, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if r.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: %d %s", r.Code, r.Body)
	}
	if ct := r.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	if !bytes.Equal(r.Body.Bytes(), committed) {
		t.Error("the served document differs from api/openapi/openapi.json")
	}
}

// TestOpenAPIAnswers sends requests through the real API (the test world:
// Temporal, the worker and SQLite behind the router) and validates each
// request and its answer against the document with kin-openapi's
// openapi3filter, undocumented statuses included. The requests cover the
// shapes the document describes: a person, a token, a campaign imported and
// dry-run, tasks, an action, events, a list page, a report, the ranking,
// units, calendars, and problems (401, 403, 404, 409, 422).
func TestOpenAPIAnswers(t *testing.T) {
	doc := loadOpenAPI(t)
	// The document's one server is "/", relative to where it was fetched;
	// the test's requests are path-only, so routes are matched on the path.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	w := testWorld(t)
	suffix := fmt.Sprint(time.Now().UnixNano() % 1e9) // new ids when the test runs again in one world (-count)
	campaign, person := "oas-"+suffix, "oas-"+suffix

	check := func(as, method, path, contentType, body string, want int) *httptest.ResponseRecorder {
		t.Helper()
		r := w.send(as, method, path, contentType, []byte(body))
		if r.Code != want {
			t.Fatalf("%s %s: %d, want %d: %.500s", method, path, r.Code, want, r.Body)
		}
		validateExchange(t, router, as, w.tokens[as], method, path, contentType, body, r)
		return r
	}
	plan := fmt.Sprintf(`{"id":%q,"title":"OpenAPI","owner":"boss","timezone":"Asia/Shanghai","calendar":"none","start":"2026-01-01",
		"phases":[{"name":"do","workdays":5}],
		"tracks":[{"id":"a","title":"A","tasks":[
			{"id":"T1","title":"one","owner":"li","supervisor":"zhao","approvers":["zhao"],"deadline":"2099-12-31",
			 "indicators":[{"id":"n","name":"done","unit":"个","target":10}]},
			{"id":"T2","title":"two","owner":"li","supervisor":"zhao","deadline":"2099-12-31","depends_on":["T1"],"flagged":true,"leader":"wang"}]}]}`, campaign)

	check("", "GET", "/api/v1/me", "", "", http.StatusUnauthorized)
	check("li", "GET", "/api/v1/me", "", "", http.StatusOK)
	check("li", "POST", "/api/v1/people", "application/json", `{"id":"x","name":"X"}`, http.StatusForbidden)
	check("admin", "POST", "/api/v1/people", "application/json", fmt.Sprintf(`{"id":%q,"name":"O. API","roles":["member"]}`, person), http.StatusCreated)
	check("admin", "POST", "/api/v1/people/"+person+"/tokens", "", "", http.StatusCreated)
	people := "/api/v1/people/" + person
	check("admin", "PATCH", people, "application/json", `{"mobile":"+8613800000000","timezone":"Asia/Shanghai","quiet_hours":"22:00-08:00","reminders":"daily"}`, http.StatusOK)
	check("li", "PATCH", people, "application/json", `{"reminders":""}`, http.StatusForbidden)
	check("admin", "PATCH", people, "application/json", `{"quiet_hours":"22-08"}`, http.StatusUnprocessableEntity)
	window := `{"substitute":"chen","from":"2026-01-01T00:00:00Z","until":"2099-01-01T00:00:00+08:00","reason":"leave"}`
	check("admin", "PUT", people+"/substitute", "application/json", window, http.StatusCreated)
	check("admin", "PUT", people+"/substitute", "application/json", window, http.StatusOK)
	check("admin", "PUT", people+"/substitute", "application/json", `{"substitute":"li","until":"2098-01-01T00:00:00Z"}`, http.StatusConflict)
	check("admin", "PUT", people+"/substitute", "application/json", `{"substitute":"nobody","until":"2098-01-01T00:00:00Z"}`, http.StatusUnprocessableEntity)
	check("li", "PUT", people+"/substitute", "application/json", window, http.StatusForbidden)
	check("li", "GET", people+"/substitute", "", "", http.StatusOK)
	check("chen", "GET", "/api/v1/people/chen/substitute", "", "", http.StatusOK)
	check("admin", "DELETE", people+"/substitute", "", "", http.StatusOK)
	check("admin", "DELETE", people+"/substitute", "", "", http.StatusNotFound)
	check("boss", "POST", "/api/v1/campaigns?dry_run=true", "application/json", plan, http.StatusOK)
	check("boss", "POST", "/api/v1/campaigns", "application/json", plan, http.StatusCreated)
	check("boss", "POST", "/api/v1/campaigns", "application/json", strings.Replace(plan, `"title":"OpenAPI"`, `"title":"Other"`, 1), http.StatusConflict)
	check("boss", "POST", "/api/v1/campaigns", "application/json", `{"id":"Bad Id","tracks":[{"id":"a","tasks":[{"id":"x"}]}]}`, http.StatusUnprocessableEntity)
	check("boss", "POST", "/api/v1/campaigns/"+campaign+"/tasks", "application/json",
		`{"id":"T3","title":"three","track":"a","owner":"li","supervisor":"zhao","deadline":"2099-06-30"}`, http.StatusCreated)
	check("li", "GET", "/api/v1/campaigns", "", "", http.StatusOK)
	check("li", "GET", "/api/v1/campaigns/"+campaign, "", "", http.StatusOK)
	check("li", "GET", "/api/v1/campaigns/nope-"+suffix, "", "", http.StatusNotFound)
	check("li", "POST", "/api/v1/tasks/"+campaign+"/T1/progress", "application/json", `{"note":"half","percent":50,"values":{"n":5}}`, http.StatusOK)
	check("li", "POST", "/api/v1/tasks/"+campaign+"/T1/submit", "application/json", `{"note":"done","evidence":[{"title":"minutes","url":"https://example.org/m"}]}`, http.StatusOK)
	check("wang", "POST", "/api/v1/tasks/"+campaign+"/T1/approve", "application/json", `{}`, http.StatusForbidden)
	check("zhao", "POST", "/api/v1/tasks/"+campaign+"/T1/approve", "application/json", `{"note":"ok"}`, http.StatusOK)
	check("li", "POST", "/api/v1/tasks/"+campaign+"/T2/extend", "application/json", `{"deadline":"2100-01-31","reason":"more time"}`, http.StatusOK)
	check("li", "POST", "/api/v1/tasks/"+campaign+"/T2/return", "application/json", `{"reason":"x","extra":1}`, http.StatusBadRequest)
	check("li", "GET", "/api/v1/tasks/"+campaign+"/T1", "", "", http.StatusOK)
	check("li", "GET", "/api/v1/tasks/"+campaign+"/T2", "", "", http.StatusOK)
	check("li", "GET", "/api/v1/tasks/"+campaign+"/T1/events", "", "", http.StatusOK)
	check("li", "GET", "/api/v1/tasks?campaign="+campaign+"&limit=2", "", "", http.StatusOK)
	check("li", "GET", "/api/v1/tasks?status=bogus", "", "", http.StatusBadRequest)
	check("li", "GET", "/api/v1/tasks?q=one&campaign="+campaign+"&limit=1", "", "", http.StatusOK)
	check("li", "GET", "/api/v1/tasks?q=one&status=open", "", "", http.StatusBadRequest)
	check("li", "GET", "/api/v1/campaigns/"+campaign+"/report", "", "", http.StatusOK)
	check("li", "GET", "/api/v1/campaigns/"+campaign+"/units", "", "", http.StatusOK)
	check("boss", "POST", "/api/v1/units", "application/json", fmt.Sprintf(`{"id":"oas-u-%s","name":"Unit","members":["li"]}`, suffix), http.StatusCreated)
	check("boss", "POST", "/api/v1/units", "application/json", `{"id":"Bad id!","name":" "}`, http.StatusUnprocessableEntity)
	check("li", "GET", "/api/v1/units", "", "", http.StatusOK)
	check("li", "GET", "/api/v1/units/oas-u-"+suffix, "", "", http.StatusOK)
	check("li", "GET", "/api/v1/calendars/cn", "", "", http.StatusOK)
	check("li", "PUT", "/api/v1/calendars/cn/years/2031", "application/json", `{"source":"x","holidays":["2031-01-01"]}`, http.StatusForbidden)
	check("admin", "PUT", "/api/v1/calendars/cn/years/2031", "application/json", `{"source":"x","holidays":["2031-13-01"]}`, http.StatusUnprocessableEntity)
	check("", "GET", "/healthz", "", "", http.StatusOK)
	check("", "GET", "/readyz", "", "", http.StatusOK)
	check("", "GET", "/api/v1/openapi.json", "", "", http.StatusOK)
}

// validateExchange validates one request and its recorded answer against
// the document.
func validateExchange(t *testing.T, router routers.Router, as, token, method, path, contentType, body string, r *httptest.ResponseRecorder) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if as != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s: no route in the document: %v", method, path, err)
	}
	input := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{
			// The token is the server's to check; the document only
			// says one is needed.
			AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	ctx := context.Background()
	// Requests the server refuses as malformed or invalid (400, 422) need
	// not match the document: refusing them is the point.
	if r.Code != http.StatusBadRequest && r.Code != http.StatusUnprocessableEntity {
		if err := openapi3filter.ValidateRequest(ctx, input); err != nil {
			t.Errorf("%s %s: the request does not match the document: %v", method, path, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input, Status: r.Code, Header: r.Header(),
		Body: io.NopCloser(bytes.NewReader(r.Body.Bytes())), Options: input.Options,
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		var pretty bytes.Buffer
		if json.Indent(&pretty, r.Body.Bytes(), "", " ") != nil {
			pretty.Reset()
			pretty.Write(r.Body.Bytes()) // not JSON: shown as it came
		}
		t.Errorf("%s %s answered %d not as documented: %v\n%.2000s", method, path, r.Code, err, pretty.String())
	}
}
