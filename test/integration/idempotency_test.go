package integration

import (
	"testing"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// One Idempotency-Key sent twice creates one task and answers the same; the
// same key with another body is refused.
func TestIdempotencyKeyCreatesOneTask(t *testing.T) {
	d := newDev(t, storetest.SQLite)
	tok := d.team()
	d.must(201, tok["boss"], "POST", "/api/v1/campaigns", smallPlan("idem", "T1"), nil)
	task := map[string]any{"id": "T7", "track": "a", "title": "added by a system", "owner": "li", "supervisor": "zhao", "deadline": "2099-06-30"}
	first := d.must(201, tok["boss"], "POST", "/api/v1/campaigns/idem/tasks", task, nil, "Idempotency-Key", "k-1")
	again := d.must(201, tok["boss"], "POST", "/api/v1/campaigns/idem/tasks", task, nil, "Idempotency-Key", "k-1")
	if string(first.Body) != string(again.Body) {
		t.Fatalf("a repeat answered differently:\n%s\n%s", first.Body, again.Body)
	}
	other := map[string]any{"id": "T8", "track": "a", "title": "another", "owner": "li", "supervisor": "zhao", "deadline": "2099-06-30"}
	expectProblem(t, d.call(tok["boss"], "POST", "/api/v1/campaigns/idem/tasks", other, "Idempotency-Key", "k-1"), 422, "Idempotency-Key")

	var page struct {
		Items []taskView `json:"items"`
	}
	d.must(200, tok["boss"], "GET", "/api/v1/tasks?campaign=idem", nil, &page)
	if len(page.Items) != 2 {
		t.Fatalf("%d tasks, want T1 and T7 only", len(page.Items))
	}
	// The same task again without a key is found, not duplicated; with other
	// details it is refused.
	d.must(201, tok["boss"], "POST", "/api/v1/campaigns/idem/tasks", task, nil)
	task["title"] = "changed"
	expectProblem(t, d.call(tok["boss"], "POST", "/api/v1/campaigns/idem/tasks", task), 409, "")
}
