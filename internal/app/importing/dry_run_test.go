package importing

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// dryRunPlan is a plan of the given tasks (JSON objects) on a calendar
// where every day is a working day, each task lasting five days.
func dryRunPlan(tasks ...string) Request {
	doc := `{"id":"dry","title":"dry run","owner":"boss","timezone":"Asia/Shanghai","calendar":"none","start":"2026-01-01",
		"phases":[{"name":"do","workdays":5}],"tracks":[{"id":"a","title":"A","tasks":[` + strings.Join(tasks, ",") + `]}]}`
	return Request{
		Doc:     Document{Data: []byte(doc), Format: plan.JSON},
		Options: plan.ParseOptions{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), PersonExists: known, UnitExists: known},
		Actor:   "admin",
		Gate:    &openGate{},
	}
}

const (
	dryT1 = `{"id":"T1","title":"one","owner":"li","supervisor":"zhao","deadline":"2099-12-31"}`
	dryT2 = `{"id":"T2","title":"two","owner":"li","supervisor":"zhao","deadline":"2099-06-30","depends_on":["T1"]}`
	dryT3 = `{"id":"T3","title":"three","owner":"li","supervisor":"zhao","deadline":"2099-09-30"}`
	dryT4 = `{"id":"T4","title":"four","owner":"li","supervisor":"zhao","deadline":"2099-09-30"}`
)

// A deadline a dependent pulls earlier is listed with the dependent and
// its latest start as the reason, in English and Chinese; a task nothing
// waits for is not.
func TestPlannedListsDeadlinesPulledEarlier(t *testing.T) {
	pl, err := (&Importer{}).Plan(context.Background(), dryRunPlan(dryT1, dryT2, dryT4))
	if err != nil {
		t.Fatal(err)
	}
	// T2's five days end on 2099-06-30: it starts on the 26th, so T1 must
	// be done on the 25th.
	want := []Adjustment{{Task: "T1", Field: "deadline", Requested: "2099-12-31", Planned: "2099-06-25",
		Because: "T2 depends on it and must start by 2099-06-26", BecauseZH: "T2 依赖本任务，最迟须于 2099-06-26 开始"}}
	if !slices.Equal(pl.Adjusted, want) {
		t.Fatalf("adjusted %+v, want %+v", pl.Adjusted, want)
	}
	pl, err = (&Importer{}).Plan(context.Background(), dryRunPlan(dryT1, dryT4))
	if err != nil || pl.Adjusted == nil || len(pl.Adjusted) != 0 {
		t.Fatalf("no dependency: adjusted %+v (%v), want an empty list", pl.Adjusted, err)
	}
}

// A re-import's changes against the stored plan: one task added, one
// changed (its title), one removed, one the same; a campaign not stored
// yet has none.
func TestChangesAgainstTheStoredPlan(t *testing.T) {
	ctx := context.Background()
	im := &Importer{Store: storetest.Open(t, storetest.SQLite)}
	first, err := im.Plan(ctx, dryRunPlan(dryT1, dryT2, dryT4))
	if err != nil {
		t.Fatal(err)
	}
	if ch, err := im.Changes(ctx, first.Plan); err != nil || ch != nil {
		t.Fatalf("a new campaign: changes %+v, %v; want none", ch, err)
	}
	if _, _, err := im.Persist(ctx, first); err != nil {
		t.Fatal(err)
	}
	second, err := im.Plan(ctx, dryRunPlan(strings.Replace(dryT1, `"one"`, `"one, renamed"`, 1), dryT3, dryT4))
	if err != nil {
		t.Fatal(err)
	}
	ch, err := im.Changes(ctx, second.Plan)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ch.Added, []string{"T3"}) || !slices.Equal(ch.Removed, []string{"T2"}) || ch.Unchanged != 1 ||
		len(ch.Changed) != 1 || ch.Changed[0].ID != "T1" || !slices.Equal(ch.Changed[0].Fields, []string{"title"}) {
		t.Fatalf("changes %+v", ch)
	}
}

// Fields are compared as JSON values, whatever the key order or spacing
// the stored document came back with; a field only one side has differs,
// and so does a task moved to another track.
func TestCompareTasksFields(t *testing.T) {
	before := `{"tracks":[{"id":"a","tasks":[{"owner":"li", "id":"T1","title":"x","phases":[{"workdays":5,"name":"do"}]},
		{"id":"T2","title":"y","owner":"li","depends_on":["T1"]}]}]}`
	after := `{"tracks":[{"id":"a","tasks":[{"id":"T1","title":"x","owner":"li","phases":[{"name":"do","workdays":5}]}]},
		{"id":"b","tasks":[{"id":"T2","title":"y","owner":"wang"}]}]}`
	ch, err := CompareTasks([]byte(before), []byte(after))
	if err != nil {
		t.Fatal(err)
	}
	if ch.Unchanged != 1 || len(ch.Added)+len(ch.Removed) != 0 || len(ch.Changed) != 1 ||
		!slices.Equal(ch.Changed[0].Fields, []string{"track", "owner", "depends_on"}) {
		t.Fatalf("changes %+v", ch)
	}
}
