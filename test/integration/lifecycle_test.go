package integration

import (
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// A task driven through return, resubmission and a two-step approval, with
// every kind of refusal on the way, once per projection database.
func TestTaskLifecycleThroughHTTP(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d := newDev(t, kind)
			tok := d.team()
			d.must(201, tok["boss"], "POST", "/api/v1/campaigns", smallPlan("life", "T1", "T2"), nil)
			path := func(action string) string { return taskPath("life", "T1", action) }
			var v taskView

			d.must(200, tok["li"], "POST", path("progress"), map[string]any{"note": "started", "percent": 20, "milestone": "plan"}, &v)
			d.must(200, tok["li"], "POST", path("submit"), map[string]any{"note": "done", "evidence": []map[string]string{{"title": "list", "url": "https://example.org/list"}}}, &v)
			if v.Status != "submitted" || v.CurrentApprover != "zhao" {
				t.Fatalf("after submit: %+v", v)
			}
			// Refusals: each with its status and a reason, in problem+json.
			expectProblem(t, d.call(tok["zhao"], "POST", path("return"), map[string]any{}), 422, "reason")
			expectProblem(t, d.call(tok["wang"], "POST", path("approve"), map[string]any{}), 403, "")
			expectProblem(t, d.call(tok["li"], "POST", path("submit"), map[string]any{"note": "again"}), 409, "")
			expectProblem(t, d.call(tok["zhao"], "POST", path("return"), map[string]any{"reason": 7}), 400, "reason")
			expectProblem(t, d.call(tok["zhao"], "POST", path("return"), `{"reason": "x"`), 400, "")
			expectProblem(t, d.call(tok["zhao"], "POST", path("return"), map[string]any{"reason": "x", "extra": 1}), 400, "extra")
			expectProblem(t, d.call(tok["zhao"], "POST", taskPath("life", "T9", "return"), map[string]any{"reason": "x"}), 404, "")
			expectProblem(t, d.call("", "GET", path(""), nil), 401, "")

			d.must(200, tok["zhao"], "POST", path("return"), map[string]any{"reason": "the list misses two towns"}, &v)
			if v.Status != "open" || v.Attempt != 2 {
				t.Fatalf("after return: %+v", v)
			}
			d.must(200, tok["li"], "POST", path("submit"), map[string]any{"note": "complete list"}, nil)
			d.must(200, tok["zhao"], "POST", path("approve"), map[string]any{"note": "ok"}, &v)
			if v.Status != "submitted" || v.CurrentApprover != "wang" {
				t.Fatalf("after first approval: %+v", v)
			}
			d.must(200, tok["wang"], "POST", path("approve"), map[string]any{}, &v)
			if v.Status != "closed" || v.Light != "done" || v.ClosedOnTime == nil || !*v.ClosedOnTime {
				t.Fatalf("after last approval: %+v", v)
			}
			// Closed is final.
			expectProblem(t, d.call(tok["boss"], "POST", path("cancel"), map[string]any{"reason": "x"}), 409, "")

			// Read-your-writes: the list and the log show it at once.
			var page struct {
				Items []taskView `json:"items"`
			}
			d.must(200, tok["chen"], "GET", "/api/v1/tasks?campaign=life&status=closed", nil, &page)
			if len(page.Items) != 1 || page.Items[0].ID != "T1" {
				t.Fatalf("closed tasks: %+v", page.Items)
			}
			var log struct {
				Items []eventView `json:"items"`
			}
			d.must(200, tok["chen"], "GET", path("events"), nil, &log)
			var types []string
			for i, e := range log.Items {
				if e.Seq != int64(i+1) {
					t.Fatalf("event %d has seq %d", i, e.Seq)
				}
				types = append(types, e.Type)
			}
			want := "created progress milestone_reported submitted returned submitted approved approved closed"
			if got := strings.Join(types, " "); got != want {
				t.Fatalf("log:\n got %s\nwant %s", got, want)
			}

			// The other actions on T2: extension asked and granted, reassigned, cancelled.
			p2 := func(action string) string { return taskPath("life", "T2", action) }
			expectProblem(t, d.call(tok["li"], "POST", p2("extend"), map[string]any{"deadline": "not a date", "reason": "x"}), 422, "deadline")
			d.must(200, tok["li"], "POST", p2("extend"), map[string]any{"deadline": "2100-03-31", "reason": "flood"}, nil)
			expectProblem(t, d.call(tok["li"], "POST", p2("extension/approve"), map[string]any{}), 403, "")
			d.must(200, tok["zhao"], "POST", p2("extension/approve"), map[string]any{}, &v)
			if due := v.Milestones[len(v.Milestones)-1].Due; !strings.HasPrefix(due, "2100-03-31") {
				t.Fatalf("the last milestone did not move with the extension: %s", due)
			}
			expectProblem(t, d.call(tok["zhao"], "POST", p2("reassign"), map[string]any{"owner": "nobody", "reason": "x"}), 422, "owner")
			d.must(200, tok["zhao"], "POST", p2("reassign"), map[string]any{"owner": "chen", "reason": "li is on leave"}, &v)
			if v.Owner != "chen" {
				t.Fatalf("reassign: %+v", v)
			}
			expectProblem(t, d.call(tok["zhao"], "POST", p2("cancel"), map[string]any{"reason": "x"}), 403, "")
			d.must(200, tok["boss"], "POST", p2("cancel"), map[string]any{"reason": "merged into T1"}, &v)
			if v.Status != "cancelled" {
				t.Fatalf("cancel: %+v", v)
			}
		})
	}
}

// expectProblem checks an answer is problem+json with status and, when field
// is given, an error naming it.
func expectProblem(t *testing.T, r response, status int, field string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if r.ContentType != "application/problem+json" {
		t.Fatalf("content type %q for %s", r.ContentType, r.Body)
	}
	var p problem
	r.json(t, &p)
	if p.Status != status || p.Detail == "" {
		t.Fatalf("problem without status or detail: %s", r.Body)
	}
	if field == "" {
		return
	}
	for _, e := range p.Errors {
		if e.Field == field && e.Message != "" {
			return
		}
	}
	t.Fatalf("no error names %q: %s", field, r.Body)
}
