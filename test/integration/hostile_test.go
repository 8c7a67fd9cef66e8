package integration

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// A battery of hostile requests against a running closeout dev, once per
// projection database: wrong JSON types for every field, huge and deeply
// nested bodies, NUL, control characters and invalid UTF-8 in bodies, ids and
// queries, ids that look like SQL or paths, forged cursors, absurd limits,
// bad content types and credentials, duplicate keys, a YAML bomb. Every
// answer must be a 4xx problem+json (a few odd but valid inputs may
// succeed), within a timeout, and the server must come out of it healthy:
// still running, ready, acting on tasks, and not bloated.
func TestHostileRequests(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d := newDev(t, kind)
			tok := d.team()
			tok["admin"] = d.admin
			d.must(201, tok["boss"], "POST", "/api/v1/campaigns", smallPlan("hostile", "T1", "T2", "T3"), nil)

			for _, c := range hostileCases(tok) {
				t.Run(c.name, func(t *testing.T) { c.check(t, d.hostile(t, c)) })
			}
			d.checkHealthy(t, tok)
		})
	}
}

// hostileCase is one request and what may answer it.
type hostileCase struct {
	name        string
	method      string
	path        string // as sent: percent-encoded where it must be
	body        []byte
	contentType string // default application/json when there is a body
	// noContentType sends a body without any Content-Type.
	noContentType bool
	auth          string // the Authorization header as sent; "" sends none
	headers       []string
	// want lists the statuses that may answer; empty means any 4xx.
	want []int
	// success, if set, allows a 2xx and checks it.
	success func(t *testing.T, r response)
}

const hostileTimeout = 30 * time.Second

// noRedirects is a client that shows redirects instead of following them, so
// that where they lead can be checked.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// hostileAnswer is an answer and where it redirects to, if it does.
type hostileAnswer struct {
	response
	location string
}

// hostile sends a case's request with its own deadline; a request that does
// not complete in time fails the case (a hang).
func (d *dev) hostile(t *testing.T, c hostileCase) hostileAnswer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, c.method, d.base+c.path, bytes.NewReader(c.body))
	if err != nil {
		t.Fatalf("build the request: %v", err)
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	for i := 0; i+1 < len(c.headers); i += 2 {
		req.Header.Add(c.headers[i], c.headers[i+1])
	}
	start := time.Now()
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatalf("%s %.120s: no answer after %v: %v", c.method, c.path, time.Since(start).Round(time.Millisecond), err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %.120s: reading the answer: %v", c.method, c.path, err)
	}
	return hostileAnswer{response{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: data}, resp.Header.Get("Location")}
}

// Marks of internal detail no answer may carry (SPEC section 4).
var internalMarks = []string{"goroutine ", "runtime error", "rpc error", "pq: ", "SQL logic", "sqlite", ".go:", "panic"}

func (c hostileCase) check(t *testing.T, r hostileAnswer) {
	t.Helper()
	what := fmt.Sprintf("%s %.100s answered %d (%s): %.300s", c.method, c.path, r.Status, r.ContentType, r.Body)
	if r.Status >= 500 {
		t.Fatal(what)
	}
	if r.Status < 300 && c.success != nil {
		c.success(t, r.response)
		return
	}
	if len(c.want) > 0 && !slices.Contains(c.want, r.Status) {
		t.Fatalf("%s; want one of %v", what, c.want)
	}
	if r.Status < 400 && (r.Status < 300 || !localPath(r.location)) {
		t.Fatalf("%s to %q; want a 4xx, or a redirect on this server", what, r.location)
	}
	if r.Status < 400 {
		return
	}
	if r.Status == 404 && !strings.HasPrefix(c.path, "/api/") {
		return // outside the API, the dashboard's 404 is a page for people
	}
	if r.ContentType != "application/problem+json" {
		t.Fatalf("%s; want application/problem+json", what)
	}
	var p problem
	if err := json.Unmarshal(r.Body, &p); err != nil || p.Status != r.Status || p.Title == "" {
		t.Fatalf("%s; not a problem with its status and title (%v)", what, err)
	}
	for _, mark := range internalMarks {
		if strings.Contains(strings.ToLower(string(r.Body)), mark) {
			t.Fatalf("%s; gives away internal detail (%q)", what, mark)
		}
	}
}

// localPath reports whether a redirect stays on this server: a path, and not
// one a browser reads as another host ("//host", "/\\host").
func localPath(location string) bool {
	return strings.HasPrefix(location, "/") && !strings.HasPrefix(location, "//") && !strings.HasPrefix(location, "/\\")
}

// checkHealthy: after the battery the process still runs, says it is ready,
// and a task is read and acted on as usual, without having grown huge.
func (d *dev) checkHealthy(t *testing.T, tok map[string]string) {
	t.Helper()
	select {
	case <-d.exited:
		t.Fatalf("closeout dev exited during the battery:\n%s", d.logs.String())
	default:
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if r := d.call("", "GET", path, nil); r.Status != 200 {
			t.Fatalf("GET %s after the battery: %d %s", path, r.Status, r.Body)
		}
	}
	var v taskView
	for _, task := range []string{"T1", "T2", "T3"} {
		d.must(200, tok["li"], "POST", taskPath("hostile", task, "progress"), map[string]any{"note": "still fine", "percent": 60}, &v)
		d.must(200, tok["chen"], "GET", taskPath("hostile", task, "events"), nil, nil)
	}
	d.must(200, tok["li"], "POST", taskPath("hostile", "T1", "submit"), map[string]any{"note": "done"}, &v)
	d.must(200, tok["zhao"], "POST", taskPath("hostile", "T1", "approve"), map[string]any{}, &v)
	if v.CurrentApprover != "wang" {
		t.Fatalf("after the battery, T1 did not move to its second approver: %+v", v)
	}
	if peak := peakRSSMB(t, d.cmd.Process.Pid); peak > 1024 {
		t.Fatalf("closeout dev peaked at %d MiB of memory during the battery", peak)
	}
}

// peakRSSMB is a process's peak resident memory (Linux; 0 elsewhere).
func peakRSSMB(t testing.TB, pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			t.Logf("peak memory of closeout dev: %d MiB", kb/1024)
			return kb / 1024
		}
	}
	return 0
}

// The battery.

func hostileCases(tok map[string]string) []hostileCase {
	bearer := func(who string) string { return "Bearer " + tok[who] }
	var cases []hostileCase
	add := func(c hostileCase) {
		if c.method == "" {
			c.method = "POST"
		}
		if c.contentType == "" && c.body != nil && !c.noContentType {
			c.contentType = "application/json"
		}
		cases = append(cases, c)
	}
	jsonBody := func(v any) []byte {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return b
	}
	anyOK := func(*testing.T, response) {}
	emptyList := func(t *testing.T, r response) {
		var page struct {
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(r.Body, &page); err != nil || len(page.Items) != 0 {
			t.Fatalf("a filter that matches nothing answered %d items (%v): %.300s", len(page.Items), err, r.Body)
		}
	}
	action := func(task, name string) string { return taskPath("hostile", task, name) }

	// Wrong JSON types for every field of every body. Small JSON bodies
	// answer 400; plans and tasks, which report every error at once, 422.
	type endpoint struct {
		path, as string
		want     int
		fields   map[string]string // field (dotted, [0] for a list's first) → the type it takes
	}
	text := "string"
	endpoints := []endpoint{
		{action("T1", "progress"), "li", 400, map[string]string{"note": text, "percent": "number", "milestone": text}},
		{action("T1", "submit"), "li", 400, map[string]string{"note": text, "evidence": "list", "evidence[0]": "object", "evidence[0].title": text, "evidence[0].url": text}},
		{action("T1", "approve"), "zhao", 400, map[string]string{"note": text}},
		{action("T1", "return"), "zhao", 400, map[string]string{"reason": text}},
		{action("T1", "extend"), "li", 400, map[string]string{"deadline": text, "reason": text}},
		{action("T1", "extension/approve"), "zhao", 400, map[string]string{"reason": text}},
		{action("T1", "extension/reject"), "zhao", 400, map[string]string{"reason": text}},
		{action("T1", "reassign"), "zhao", 400, map[string]string{"owner": text, "reason": text}},
		{action("T1", "cancel"), "boss", 400, map[string]string{"reason": text}},
		{"/api/v1/people", "admin", 400, map[string]string{"id": text, "name": text, "email": text, "slack_id": text, "roles": "list", "roles[0]": text}},
		{"/api/v1/campaigns/hostile/tasks", "boss", 422, map[string]string{
			"id": text, "track": text, "title": text, "owner": text, "supervisor": text, "leader": text, "deadline": text,
			"approvers": "list", "approvers[0]": text, "depends_on": "list", "phases": "list", "flagged": "bool"}},
		{"/api/v1/campaigns?dry_run=true", "boss", 422, map[string]string{
			"id": text, "title": text, "owner": text, "timezone": text, "start": text, "deadline": text, "slack_channel": text,
			"digest": text, "phases": "list", "tracks": "list", "tracks[0]": "object", "escalation": "object", "allow_infeasible": "bool"}},
	}
	values := map[string]any{"string": "text", "number": 7, "bool": true, "list": []any{1}, "object": map[string]any{"a": 1}}
	for _, e := range endpoints {
		for field, takes := range e.fields {
			for kind, v := range values {
				if kind == takes {
					continue
				}
				add(hostileCase{name: "wrong type/" + e.path + "/" + field + "=" + kind, path: e.path, auth: bearer(e.as),
					body: jsonBody(nest(field, v)), want: []int{e.want}})
			}
		}
	}

	// Huge bodies: 20 MiB where at most 8 (plans) or 256 KiB (the rest) are
	// read. And two just over the action limit: an action that large used
	// to reach its workflow and leave it stuck on Temporal's payload limit,
	// and a task that large to hang the import that starts it.
	huge := []byte(`{"note":"` + strings.Repeat("a", 20<<20) + `"}`)
	for _, p := range []struct{ path, as, contentType string }{
		{action("T2", "progress"), "li", ""}, {action("T2", "submit"), "li", ""}, {"/api/v1/people", "admin", ""},
		{"/api/v1/campaigns/hostile/tasks", "boss", ""}, {"/api/v1/campaigns", "boss", ""},
		{"/api/v1/campaigns?dry_run=true", "boss", "application/yaml"},
	} {
		add(hostileCase{name: "20 MiB/" + p.path, path: p.path, auth: bearer(p.as), body: huge, contentType: p.contentType, want: []int{413}})
	}
	add(hostileCase{name: "20 MiB/with Idempotency-Key", path: action("T2", "progress"), auth: bearer("li"), body: huge,
		headers: []string{"Idempotency-Key", "huge-1"}, want: []int{413}})
	evidence := make([]map[string]string, 1000)
	for i := range evidence {
		evidence[i] = map[string]string{"title": strings.Repeat("t", 1000), "url": "https://example.org/" + strings.Repeat("a", 2000)}
	}
	add(hostileCase{name: "3 MiB of evidence", path: action("T2", "submit"), auth: bearer("li"),
		body: jsonBody(map[string]any{"note": "x", "evidence": evidence}), want: []int{413}})
	add(hostileCase{name: "300 KiB note", path: action("T2", "progress"), auth: bearer("li"),
		body: jsonBody(map[string]any{"note": strings.Repeat("长", 100000)}), want: []int{413}})
	bigTask := smallPlan("hostile-big", "B1")
	bigTask["tracks"].([]map[string]any)[0]["tasks"].([]map[string]any)[0]["title"] = strings.Repeat("x", 3<<20)
	add(hostileCase{name: "3 MiB task title/import", path: "/api/v1/campaigns", auth: bearer("boss"), body: jsonBody(bigTask), want: []int{422}})
	add(hostileCase{name: "3 MiB task title/add task", path: "/api/v1/campaigns/hostile/tasks", auth: bearer("boss"),
		body: jsonBody(map[string]any{"id": "T9", "track": "a", "title": strings.Repeat("y", 3<<20), "owner": "li", "supervisor": "zhao", "deadline": "2099-06-30"}),
		want: []int{422}})

	// Deep nesting.
	brackets := []byte(strings.Repeat("[", 100000))
	objects := []byte(strings.Repeat(`{"a":`, 100000))
	yamlDeep := []byte(strings.Repeat("- ", 100000) + "x\n")
	for _, p := range []struct{ path, as string }{
		{action("T2", "progress"), "li"}, {"/api/v1/people", "admin"},
		{"/api/v1/campaigns/hostile/tasks", "boss"}, {"/api/v1/campaigns?dry_run=true", "boss"}, {"/api/v1/campaigns", "boss"},
	} {
		add(hostileCase{name: "100,000 [/" + p.path, path: p.path, auth: bearer(p.as), body: brackets, want: []int{400, 422}})
		add(hostileCase{name: "100,000 {/" + p.path, path: p.path, auth: bearer(p.as), body: objects, want: []int{400, 422}})
	}
	for _, path := range []string{"/api/v1/campaigns?dry_run=true", "/api/v1/campaigns/hostile/tasks"} {
		add(hostileCase{name: "deep YAML/" + path, path: path, auth: bearer("boss"), body: yamlDeep, contentType: "application/yaml", want: []int{422}})
	}

	// NUL, control characters and invalid UTF-8 in bodies. NUL is refused:
	// PostgreSQL cannot store it, and a NUL that reached a workflow failed
	// its projection at every retry (reassigning to "chen\u0000" even
	// stuck T2 on an owner who does not exist). Invalid UTF-8 arrives as
	// U+FFFD and control characters are text: those may succeed.
	nulPlan := smallPlan("hostile-nul", "N1")
	nulPlan["tracks"].([]map[string]any)[0]["tasks"].([]map[string]any)[0]["title"] = "a\x00b"
	for _, c := range []struct {
		name, path, as string
		body           map[string]any
	}{
		{"progress note", action("T2", "progress"), "li", map[string]any{"note": "a\x00b"}},
		{"reassign owner", action("T2", "reassign"), "zhao", map[string]any{"owner": "chen\x00", "reason": "nul"}},
		{"extend reason", action("T2", "extend"), "li", map[string]any{"deadline": "2100-01-01", "reason": "\x00"}},
		{"person name", "/api/v1/people", "admin", map[string]any{"id": "nul-person", "name": "a\x00b"}},
		{"task title", "/api/v1/campaigns/hostile/tasks", "boss",
			map[string]any{"id": "N2", "track": "a", "title": "a\x00b", "owner": "li", "supervisor": "zhao", "deadline": "2099-06-30"}},
	} {
		add(hostileCase{name: "NUL in body/" + c.name, path: c.path, auth: bearer(c.as), body: jsonBody(c.body), want: []int{422}})
	}
	add(hostileCase{name: "NUL in body/plan task title", path: "/api/v1/campaigns", auth: bearer("boss"), body: jsonBody(nulPlan), want: []int{422}})
	add(hostileCase{name: "NUL in body/YAML escape", path: "/api/v1/campaigns", auth: bearer("boss"), contentType: "application/yaml",
		body: []byte("id: hostile-nul2\ntitle: \"a\\0b\"\nowner: boss\ntimezone: Asia/Shanghai\ncalendar: none\nstart: 2026-01-01\n" +
			"phases: [{name: do, workdays: 5}]\ntracks: [{id: a, tasks: [{id: N1, title: x, owner: li, approvers: [zhao], deadline: 2099-12-31}]}]\n"),
		want: []int{422}})
	add(hostileCase{name: "invalid UTF-8 in body", path: action("T3", "progress"), auth: bearer("li"),
		body: []byte("{\"note\":\"bad \xff\xfe \xc0\xaf\"}"), want: []int{400}, success: anyOK})
	add(hostileCase{name: "invalid UTF-8 in plan", path: "/api/v1/campaigns?dry_run=true", auth: bearer("boss"),
		body: []byte(strings.Replace(string(jsonBody(smallPlan("hostile-utf", "U1"))), "task U1", "task \xff\xfe", 1)), want: []int{422}, success: anyOK})
	add(hostileCase{name: "invalid UTF-8 in YAML plan", path: "/api/v1/campaigns?dry_run=true", auth: bearer("boss"), contentType: "application/yaml",
		body: []byte("id: x\ntitle: \xff\xfe\n"), want: []int{422}})
	add(hostileCase{name: "control characters in body", path: action("T3", "progress"), auth: bearer("li"),
		body: jsonBody(map[string]any{"note": "\x01\x07\x1b[2J\x7f"}), success: anyOK})
	add(hostileCase{name: "lone surrogates in body", path: action("T3", "progress"), auth: bearer("li"),
		body: []byte(`{"note":"\ud800\udfff\udc00"}`), success: anyOK})

	// Ids in paths: control characters, invalid UTF-8, other scripts, SQL
	// and paths. Ids are printable ASCII, so none of these names anything;
	// some used to answer 500 (PostgreSQL, or Temporal's gRPC metadata).
	for _, id := range []string{"T1%00", "T1%ff", "T1%0a", "T1%1b%5b2J", "T1%c0%af", "%e4%bb%bb%e5%8a%a1",
		"x'%20OR%20'1'%3D'1", "1%3B%20DROP%20TABLE%20tasks", "..", "%2e%2e", "..%2f..%2fetc%2fpasswd", "%252e%252e%252f",
		strings.Repeat("T", 3000)} {
		// Each POST with a body its route takes, so that the id is what
		// reaches the store and Temporal.
		progress, cancel := []byte(`{"note":"x"}`), []byte(`{"reason":"x"}`)
		task := []byte(`{"id":"T8","track":"a","title":"x","owner":"li","supervisor":"zhao","deadline":"2099-06-30"}`)
		for _, p := range []struct {
			method, path, as string
			body             []byte
		}{
			{"GET", "/api/v1/tasks/hostile/" + id, "chen", nil}, {"GET", "/api/v1/tasks/" + id + "/T1/events", "chen", nil},
			{"POST", "/api/v1/tasks/hostile/" + id + "/progress", "li", progress}, {"POST", "/api/v1/tasks/" + id + "/T1/cancel", "boss", cancel},
			{"POST", "/api/v1/tasks/hostile/" + id + "/extend", "li", []byte(`{"deadline":"2100-01-01","reason":"x"}`)},
			{"GET", "/api/v1/campaigns/" + id, "chen", nil}, {"GET", "/api/v1/campaigns/" + id + "/report?format=csv", "chen", nil},
			{"POST", "/api/v1/campaigns/" + id + "/tasks", "boss", task}, {"POST", "/api/v1/people/" + id + "/tokens", "admin", nil},
		} {
			add(hostileCase{name: fmt.Sprintf("id/%s %s", p.method, p.path), method: p.method, path: p.path, auth: bearer(p.as), body: p.body,
				want: []int{404, 405}})
		}
	}
	// Paths that leave the route: traversal, encoded slashes, doubled
	// slashes. An encoded slash is decoded before routing, so hostile%2FT1
	// is task T1 of hostile: a success. A trailing slash is redirected,
	// never off this server.
	for _, p := range []string{"/api/v1/../../etc/passwd", "/api/v1/%2e%2e/%2e%2e/etc/passwd", "/api/v1/tasks/hostile/..%2F..%2F..%2Fetc%2Fpasswd",
		"//api/v1/me", "/api/v1//tasks", "/api/v1/tasks/", "//evil.example/", "/%5cevil.example/", "/api/v1/tasks/hostile%2FT1"} {
		add(hostileCase{name: "path/" + p, method: "GET", path: p, auth: bearer("chen"), want: []int{301, 307, 308, 404}, success: anyOK})
	}

	// Queries: filters that look like SQL match nothing; control characters
	// and invalid UTF-8 are refused.
	for _, q := range []string{"campaign=x'%20OR%20'1'%3D'1", "owner=li'%20OR%20'1'%3D'1", "track=a%22%3B%20DROP%20TABLE%20tasks%3B--",
		"campaign=..%2F..%2Fetc%2Fpasswd", "approver=%25", "owner=*", "campaign=hostile&owner=nobody", "track=a%0d%0aX-Injected:%201"} {
		add(hostileCase{name: "query/" + q, method: "GET", path: "/api/v1/tasks?" + q, auth: bearer("chen"), success: emptyList})
	}
	for _, q := range []string{"campaign=%00", "owner=%ff%fe", "status=open%00", "cursor=%00",
		"status=done", "light=blue", "flagged=maybe", "campaign=hostile&flagged=1.5"} {
		add(hostileCase{name: "query/" + q, method: "GET", path: "/api/v1/tasks?" + q, auth: bearer("chen"), want: []int{400}})
	}
	for _, f := range []string{"xml", "..%2f..%2fetc%2fpasswd", "json%00", "md%ff"} {
		add(hostileCase{name: "report format/" + f, method: "GET", path: "/api/v1/campaigns/hostile/report?format=" + f, auth: bearer("chen"), want: []int{400}})
	}

	// Cursors: garbage and forged. A forged cursor in the server's format is
	// only a position to list from; anything else (text PostgreSQL cannot
	// take among it) is refused.
	forged := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, cur := range []string{
		"garbage", "====", "%2F%2F%2F", forged("no separator"), "eyJhIjoxfQ",
		forged("hostile\x00T1"), forged("x' OR '1'='1\x00T1"), forged("\x00"),
		strings.Repeat("A", 5000), forged("hostile\x00T1\x00extra"), forged("\xff\x00\xfe"),
	} {
		add(hostileCase{name: "cursor/" + cur[:min(len(cur), 30)], method: "GET", path: "/api/v1/tasks?limit=1&cursor=" + cur,
			auth: bearer("chen"), want: []int{400}, success: anyOK})
	}

	// Absurd limits.
	for _, l := range []string{"0", "-1", "501", "99999999999999999999", "1e3", "0x10", "%205", "abc", "1.5", "%00"} {
		add(hostileCase{name: "limit/" + l, method: "GET", path: "/api/v1/tasks?limit=" + l, auth: bearer("chen"), want: []int{400}})
	}

	// Content types: plans and tasks are JSON or YAML, nothing else.
	plan := jsonBody(smallPlan("hostile-ct", "C1"))
	for _, ct := range []string{"text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
		";;;", "application/", "text/html; charset=utf-8", "image/png"} {
		add(hostileCase{name: "content type/" + ct, path: "/api/v1/campaigns?dry_run=true", auth: bearer("boss"), body: plan, contentType: ct, want: []int{415}})
		add(hostileCase{name: "content type/add task " + ct, path: "/api/v1/campaigns/hostile/tasks", auth: bearer("boss"), body: plan, contentType: ct, want: []int{415}})
	}
	add(hostileCase{name: "content type/none", path: "/api/v1/campaigns?dry_run=true", auth: bearer("boss"), body: plan, noContentType: true, want: []int{415}})

	// Credentials: missing, malformed, forged; a token is not a password.
	for _, a := range []string{"none", "Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "bearer " + tok["li"], "Bearer " + tok["li"] + "x",
		"Bearer " + strings.Repeat("a", 10000), "Bearer \xff\xfe", "Token " + tok["li"], "Bearer  " + tok["li"], "Bearer x' OR '1'='1"} {
		for _, p := range []struct{ method, path string }{{"GET", "/api/v1/me"}, {"POST", action("T2", "progress")}, {"POST", "/api/v1/people"}} {
			auth := a
			if a == "none" {
				auth = ""
			}
			add(hostileCase{name: "auth/" + p.method + " " + p.path + "/" + a[:min(len(a), 20)], method: p.method, path: p.path, auth: auth,
				body: []byte(`{"note":"x","id":"intruder","name":"x","roles":["admin"]}`), want: []int{401}})
		}
	}
	add(hostileCase{name: "auth/member creates an admin", path: "/api/v1/people", auth: bearer("li"),
		body: jsonBody(map[string]any{"id": "intruder", "name": "x", "roles": []string{"admin"}}), want: []int{403}})
	add(hostileCase{name: "auth/member issues a token for another", path: "/api/v1/people/admin/tokens", auth: bearer("li"), want: []int{403}})
	add(hostileCase{name: "auth/actor in the body", path: action("T2", "cancel"), auth: bearer("chen"),
		body: jsonBody(map[string]any{"actor": map[string]any{"id": "boss", "admin": true}, "reason": "x"}), want: []int{403}})

	// Duplicate keys: plans refuse them; small bodies keep the last value,
	// as encoding/json does, and it is checked like any other.
	add(hostileCase{name: "duplicate keys/progress", path: action("T3", "progress"), auth: bearer("li"), body: []byte(`{"note":"a","note":7}`), want: []int{400}})
	add(hostileCase{name: "duplicate keys/cancel", path: action("T3", "cancel"), auth: bearer("boss"), body: []byte(`{"reason":"x","reason":""}`), want: []int{422}})
	add(hostileCase{name: "duplicate keys/person", path: "/api/v1/people", auth: bearer("admin"), body: []byte(`{"id":"dup-1","id":"Dup 1","name":"x"}`), want: []int{422}})
	add(hostileCase{name: "duplicate keys/plan", path: "/api/v1/campaigns?dry_run=true", auth: bearer("boss"),
		body: []byte(strings.Replace(string(plan), `"id":"hostile-ct"`, `"id":"hostile-ct","id":"other"`, 1)), want: []int{422}})
	add(hostileCase{name: "duplicate keys/YAML plan", path: "/api/v1/campaigns?dry_run=true", auth: bearer("boss"), contentType: "application/yaml",
		body: []byte("id: a\nid: b\n"), want: []int{422}})
	add(hostileCase{name: "two JSON values", path: action("T3", "cancel"), auth: bearer("boss"), body: []byte(`{"reason":"x"} {"reason":"y"}`), want: []int{400}})

	// YAML bombs: a billion laughs, and a quadratic blow-up.
	laughs := "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	for i, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		prev := string(rune('a' + i))
		laughs += fmt.Sprintf("%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev)
	}
	quadratic := "x: &x " + strings.Repeat("a", 100000) + "\ny: [" + strings.Repeat("*x,", 10000) + "*x]\n"
	for _, bomb := range []struct{ name, body string }{{"billion laughs", laughs}, {"quadratic", quadratic}} {
		for _, path := range []string{"/api/v1/campaigns?dry_run=true", "/api/v1/campaigns", "/api/v1/campaigns/hostile/tasks"} {
			add(hostileCase{name: "YAML bomb/" + bomb.name + "/" + path, path: path, auth: bearer("boss"), body: []byte(bomb.body),
				contentType: "application/yaml", want: []int{422}})
		}
	}

	// Idempotency keys that are not text, or too long.
	for _, k := range []string{"k\xff", "clé", strings.Repeat("k", 256)} {
		add(hostileCase{name: "Idempotency-Key/" + k[:min(len(k), 10)], path: action("T3", "progress"), auth: bearer("li"),
			body: []byte(`{"note":"x"}`), headers: []string{"Idempotency-Key", k}, want: []int{400}})
	}

	// Methods and routes that do not exist.
	for _, m := range []struct{ method, path string }{{"DELETE", taskPath("hostile", "T1", "")}, {"PUT", "/api/v1/campaigns"},
		{"PATCH", "/api/v1/people"}, {"DELETE", "/api/v1/campaigns/hostile"}, {"GET", action("T1", "approve")}} {
		add(hostileCase{name: "method/" + m.method + " " + m.path, method: m.method, path: m.path, auth: bearer("admin"), want: []int{404, 405}})
	}
	add(hostileCase{name: "route/unknown", method: "GET", path: "/api/v1/nothing/here", auth: bearer("admin"), want: []int{404}})
	add(hostileCase{name: "route/unknown action", path: action("T1", "delete"), auth: bearer("admin"), body: []byte(`{}`), want: []int{404, 405}})

	return cases
}

// nest builds the body that sets one field path ("evidence[0].title") to v.
func nest(field string, v any) map[string]any {
	head, rest, nested := strings.Cut(field, ".")
	if name, isList := strings.CutSuffix(head, "[0]"); isList {
		elem := v
		if nested {
			elem = nest(rest, v)
		}
		return map[string]any{name: []any{elem}}
	}
	if nested {
		return map[string]any{head: nest(rest, v)}
	}
	return map[string]any{head: v}
}
