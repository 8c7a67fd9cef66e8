package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// Units are created, read with their people and children, and replaced
// whole; membership counts the head and the contacts; notifications go to
// the contacts, or to every member when there are none.
func TestUnits(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			first := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
			if err := db.UpsertUnits(ctx, []store.Unit{
				{ID: "hn-b", Name: "三亚市", Parent: "hn", Members: []string{"b1"}, CreatedAt: first},
				{ID: "hn", Name: "海南省", CreatedAt: first},
				{ID: "hn-a", Name: "海口市", Parent: "hn", Head: "chen", Contacts: []string{"zhou"},
					Members: []string{"zhou", "wu", "zhou"}, CreatedAt: first},
			}); err != nil {
				t.Fatal(err)
			}
			ignoreTime := cmpopts.IgnoreFields(store.Unit{}, "CreatedAt")
			hn, err := db.GetUnit(ctx, "hn")
			if err != nil {
				t.Fatal(err)
			}
			want := store.Unit{ID: "hn", Name: "海南省", Contacts: []string{}, Members: []string{}, Children: []string{"hn-a", "hn-b"}}
			if diff := cmp.Diff(want, hn, ignoreTime); diff != "" {
				t.Fatalf("unit hn (-want +got):\n%s", diff)
			}
			if !hn.CreatedAt.Equal(first) {
				t.Fatalf("created at %v, want %v", hn.CreatedAt, first)
			}
			a := store.Unit{ID: "hn-a", Name: "海口市", Parent: "hn", Head: "chen", Contacts: []string{"zhou"},
				Members: []string{"wu", "zhou"}, Children: []string{}}
			if got, err := db.GetUnit(ctx, "hn-a"); err != nil || !cmp.Equal(a, got, ignoreTime) {
				t.Fatalf("unit hn-a: %v\n%s", err, cmp.Diff(a, got, ignoreTime))
			}
			all, err := db.ListUnits(ctx)
			if err != nil {
				t.Fatal(err)
			}
			b := store.Unit{ID: "hn-b", Name: "三亚市", Parent: "hn", Contacts: []string{}, Members: []string{"b1"}, Children: []string{}}
			if diff := cmp.Diff([]store.Unit{want, a, b}, all, ignoreTime); diff != "" {
				t.Fatalf("units (-want +got):\n%s", diff)
			}
			if _, err := db.GetUnit(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("unknown unit: %v", err)
			}

			unitsOf := func(person string, want ...string) {
				t.Helper()
				got, err := db.UnitsOf(ctx, person)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
					t.Fatalf("units of %s (-want +got):\n%s", person, diff)
				}
			}
			recipients := func(unit string, want ...string) {
				t.Helper()
				got, err := db.UnitRecipients(ctx, unit)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
					t.Fatalf("recipients of %s (-want +got):\n%s", unit, diff)
				}
			}
			unitsOf("zhou", "hn-a")
			unitsOf("chen", "hn-a") // the head
			unitsOf("b1", "hn-b")
			unitsOf("nobody")
			recipients("hn-a", "zhou")
			recipients("hn-b", "b1")
			recipients("hn")
			if _, err := db.UnitRecipients(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("recipients of an unknown unit: %v", err)
			}

			// Replacing a unit replaces its people; it keeps its creation
			// time. Without contacts every member is told, the head too.
			if err := db.UpsertUnits(ctx, []store.Unit{{ID: "hn-a", Name: "海口", Parent: "hn", Head: "chen",
				Members: []string{"wu"}, CreatedAt: first.Add(time.Hour)}, {ID: "hn-c", Name: "儋州", Parent: "hn", Contacts: []string{"c1"}, CreatedAt: first}}); err != nil {
				t.Fatal(err)
			}
			got, err := db.GetUnit(ctx, "hn-a")
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != "海口" || !cmp.Equal(got.Members, []string{"wu"}) || len(got.Contacts) != 0 || !got.CreatedAt.Equal(first) {
				t.Fatalf("replaced unit hn-a: %+v", got)
			}
			unitsOf("zhou")
			unitsOf("chen", "hn-a")
			unitsOf("c1", "hn-c") // a contact only is a member too
			recipients("hn-a", "chen", "wu")
			recipients("hn-c", "c1")
			if hn, _ := db.GetUnit(ctx, "hn"); !cmp.Equal(hn.Children, []string{"hn-a", "hn-b", "hn-c"}) {
				t.Fatalf("children of hn: %v", hn.Children)
			}
		})
	}
}

// A dispatched child is stored with its parent and listed by unit and by
// parent, but no write of it (seeding, projecting, moving) changes the
// campaign's rollup: totals count parents and plain tasks.
func TestChildrenAreNotInTheRollup(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			child := func(unit string, version int64, status task.Status) task.View {
				c := tk("T1."+unit, version, status)
				c.Parent, c.Owner = "T1", task.UnitRef(unit)
				return c
			}
			if err := db.SeedTasks(ctx, []task.View{tk("T1", 0, task.StatusOpen), tk("T2", 0, task.StatusOpen),
				child("hn-a", 0, task.StatusOpen), child("hn-b", 0, task.StatusOpen)}); err != nil {
				t.Fatal(err)
			}
			check := func(what string, tasks, closed int) {
				t.Helper()
				got := totals(t, db, "c1")
				if got.Tasks != tasks || got.Closed != closed {
					t.Fatalf("%s: totals %+v, want %d tasks, %d closed", what, got, tasks, closed)
				}
				drift, err := db.RollupDrift(ctx, "c1")
				if err != nil || len(drift) != 0 {
					t.Fatalf("%s: rollup drift %v, %v", what, drift, err)
				}
			}
			check("seeded", 2, 0)

			onTime := true
			closedChild := child("hn-a", 3, task.StatusClosed)
			closedChild.Light, closedChild.ClosedOnTime = task.LightDone, &onTime
			for _, v := range []task.View{
				child("hn-a", 1, task.StatusOpen), child("hn-a", 2, task.StatusSubmitted), closedChild,
				child("hn-b", 2, task.StatusCancelled), child("hn-c", 1, task.StatusOpen), // a child added later
			} {
				if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: v}); err != nil {
					t.Fatal(err)
				}
			}
			check("children moved", 2, 0)

			closedParent := tk("T1", 4, task.StatusClosed)
			closedParent.Light, closedParent.ClosedOnTime = task.LightDone, &onTime
			if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: closedParent}); err != nil {
				t.Fatal(err)
			}
			check("parent closed", 2, 1)
			if err := db.RecountRollup(ctx, "c1"); err != nil {
				t.Fatal(err)
			}
			check("recounted", 2, 1)

			ids := func(f store.TaskFilter) []string {
				t.Helper()
				f.Limit = 10
				tasks, _, err := db.ListTasks(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, v := range tasks {
					out = append(out, v.ID)
				}
				return out
			}
			if got := ids(store.TaskFilter{Unit: "hn-a"}); !cmp.Equal(got, []string{"T1.hn-a"}) {
				t.Fatalf("tasks of unit hn-a: %v", got)
			}
			if got := ids(store.TaskFilter{Campaign: "c1", Parent: "T1"}); !cmp.Equal(got, []string{"T1.hn-a", "T1.hn-b", "T1.hn-c"}) {
				t.Fatalf("children of T1: %v", got)
			}
			if got := ids(store.TaskFilter{Unit: "hn-a", Status: "open"}); len(got) != 0 {
				t.Fatalf("open tasks of hn-a: %v", got)
			}
			if got, err := db.GetTask(ctx, "c1", "T1.hn-a"); err != nil || got.Parent != "T1" {
				t.Fatalf("child view: %+v %v", got, err)
			}
			// The report's lists and burn-down are of the same tasks as its totals.
			closedAt, err := db.ClosedTimes(ctx, "c1")
			if err != nil {
				t.Fatal(err)
			}
			deadlines, err := db.Deadlines(ctx, "c1")
			if err != nil {
				t.Fatal(err)
			}
			if len(deadlines) != 2 || len(closedAt) != 0 { // task() sets no closed_at
				t.Fatalf("burn-down: %d deadlines, %d closings", len(deadlines), len(closedAt))
			}
		})
	}
}
