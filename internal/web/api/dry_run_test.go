package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/closeout/closeout/internal/app/importing"
)

// The dry run names each deadline the schedule pulled earlier, with why in
// both languages, and, for a campaign already imported, what the plan would
// change: a task added, one changed (its title), one removed, one the same.
// A new campaign's dry run has no changes. Each answer is validated
// against the OpenAPI document.
func TestDryRunAdjustedAndChanges(t *testing.T) {
	doc := loadOpenAPI(t)
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	w := testWorld(t)
	campaign := fmt.Sprintf("dry-%d", time.Now().UnixNano()%1e9)
	// With no calendar every day is a working day: T2's five days end on
	// 2099-06-30, so it starts on the 26th and T1 must end by the 25th.
	planWith := func(tasks ...string) string {
		return fmt.Sprintf(`{"id":%q,"title":"dry run","owner":"boss","timezone":"Asia/Shanghai","calendar":"none","start":"2026-01-01",
			"phases":[{"name":"do","workdays":5}],
			"tracks":[{"id":"a","title":"A","tasks":[%s]}]}`, campaign, strings.Join(tasks, ","))
	}
	t1 := `{"id":"T1","title":"one","owner":"li","supervisor":"zhao","deadline":"2099-12-31"}`
	t2 := `{"id":"T2","title":"two","owner":"li","supervisor":"zhao","deadline":"2099-06-30","depends_on":["T1"]}`
	t3 := `{"id":"T3","title":"three","owner":"li","supervisor":"zhao","deadline":"2099-09-30"}`
	t4 := `{"id":"T4","title":"four","owner":"li","supervisor":"zhao","deadline":"2099-09-30"}`
	post := func(path, body string, want int) dryRun {
		t.Helper()
		r := w.send("boss", "POST", path, "application/json", []byte(body))
		if r.Code != want {
			t.Fatalf("POST %s: %d, want %d: %.500s", path, r.Code, want, r.Body)
		}
		validateExchange(t, router, "boss", w.tokens["boss"], "POST", path, "application/json", body, r)
		var answer dryRun
		if err := json.Unmarshal(r.Body.Bytes(), &answer); err != nil {
			t.Fatal(err)
		}
		return answer
	}

	first := planWith(t1, t2, t4)
	fresh := post("/api/v1/campaigns?dry_run=true", first, http.StatusOK)
	if fresh.Changes != nil {
		t.Errorf("a new campaign's dry run has changes: %+v", fresh.Changes)
	}
	want := []importing.Adjustment{{Task: "T1", Field: "deadline", Requested: "2099-12-31", Planned: "2099-06-25",
		Because: "T2 depends on it and must start by 2099-06-26", BecauseZH: "T2 依赖本任务，最迟须于 2099-06-26 开始"}}
	if !slices.Equal(fresh.Adjusted, want) {
		t.Errorf("adjusted %+v, want %+v", fresh.Adjusted, want)
	}

	imported := post("/api/v1/campaigns", first, http.StatusCreated)
	if !slices.Equal(imported.Adjusted, want) {
		t.Errorf("the import's adjusted %+v, want %+v", imported.Adjusted, want)
	}

	again := post("/api/v1/campaigns?dry_run=true", planWith(strings.Replace(t1, `"one"`, `"one, renamed"`, 1), t3, t4), http.StatusOK)
	ch := again.Changes
	if ch == nil || !slices.Equal(ch.Added, []string{"T3"}) || !slices.Equal(ch.Removed, []string{"T2"}) || ch.Unchanged != 1 ||
		len(ch.Changed) != 1 || ch.Changed[0].ID != "T1" || !slices.Equal(ch.Changed[0].Fields, []string{"title"}) {
		t.Errorf("re-import changes: %+v", ch)
	}
	if len(again.Adjusted) != 0 {
		t.Errorf("nothing depends on T1 any more, yet adjusted: %+v", again.Adjusted)
	}
	same := post("/api/v1/campaigns?dry_run=true", first, http.StatusOK)
	if ch := same.Changes; ch == nil || len(ch.Added)+len(ch.Changed)+len(ch.Removed) != 0 || ch.Unchanged != 3 {
		t.Errorf("the same plan again: %+v", ch)
	}
}
