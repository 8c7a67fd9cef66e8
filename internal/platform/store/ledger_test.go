package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// People and units are found by the names a ledger writes, a shared name
// giving every id; each task's latest event comes in one query.
func TestLedgerLookups(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			now := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
			if err := db.UpsertPeople(ctx, []store.Person{
				{ID: "li", Name: "李明", CreatedAt: now}, {ID: "li2", Name: "李明", CreatedAt: now}, {ID: "zhao", Name: "赵芳", CreatedAt: now},
			}); err != nil {
				t.Fatal(err)
			}
			if err := db.UpsertUnits(ctx, []store.Unit{{ID: "hn", Name: "海南省", CreatedAt: now}}); err != nil {
				t.Fatal(err)
			}
			people, err := db.PeopleNamed(ctx, []string{"李明", "赵芳", "王东", "李明", ""})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(map[string][]string{"李明": {"li", "li2"}, "赵芳": {"zhao"}}, people); diff != "" {
				t.Fatalf("people (-want +got):\n%s", diff)
			}
			units, err := db.UnitsNamed(ctx, []string{"海南省", "李明"})
			if err != nil || !cmp.Equal(map[string][]string{"海南省": {"hn"}}, units) {
				t.Fatalf("units: %v %v", units, err)
			}

			tk := task.View{Campaign: "c", ID: "T1", Title: "one", Track: "a", Owner: "li", Status: task.StatusOpen,
				Light: task.LightGreen, Deadline: now.AddDate(0, 1, 0), Version: 1, Seq: 1}
			events := []task.Event{{Seq: 1, At: now, Actor: "li", Type: "created"}}
			if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: tk, Events: events}); err != nil {
				t.Fatal(err)
			}
			tk.Seq, tk.Version = 2, 2
			events = []task.Event{{Seq: 2, At: now.Add(time.Hour), Actor: "li", Type: "progress", Data: map[string]any{"note": "half"}}}
			if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: tk, Events: events}); err != nil {
				t.Fatal(err)
			}
			last, err := db.LastEvents(ctx, "c")
			if err != nil {
				t.Fatal(err)
			}
			if e := last["T1"]; len(last) != 1 || e.Seq != 2 || e.Type != "progress" || e.Data["note"] != "half" || !e.At.Equal(now.Add(time.Hour)) {
				t.Fatalf("last events: %+v", last)
			}
		})
	}
}
