package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// A unit write checked against a state of the unit is refused, and writes
// nothing, when the unit is no longer in that state: changed meanwhile, or
// created meanwhile by another writer who checked it as new too.
func TestUpsertUnitsAsChecked(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
			hn := store.Unit{ID: "hn", Name: "海南省", Head: "gov", Members: []string{"a", "b"}, CreatedAt: now}
			if err := db.UpsertUnitsAsChecked(ctx, []store.Unit{hn}, store.UnitsAsChecked{"hn": nil}); err != nil {
				t.Fatal(err)
			}
			asRead, err := db.GetUnit(ctx, "hn")
			if err != nil {
				t.Fatal(err)
			}
			stale := asRead
			stale.Head = "someone else"
			renamed := hn
			renamed.Name = "海南"
			for name, checked := range map[string]store.UnitsAsChecked{
				"checked as new":           {"hn": nil},
				"checked in another state": {"hn": &stale},
			} {
				if err := db.UpsertUnitsAsChecked(ctx, []store.Unit{renamed}, checked); !errors.Is(err, store.ErrUnitChanged) {
					t.Errorf("%s: %v, want ErrUnitChanged", name, err)
				}
			}
			if u, _ := db.GetUnit(ctx, "hn"); u.Name != "海南省" {
				t.Fatalf("a refused write changed the unit: %+v", u)
			}
			if err := db.UpsertUnitsAsChecked(ctx, []store.Unit{renamed}, store.UnitsAsChecked{"hn": &asRead}); err != nil {
				t.Fatalf("checked as it is: %v", err)
			}

			// Two writers both check a unit as new: one creates it, the
			// other is refused rather than writing over it.
			var (
				wg   sync.WaitGroup
				errs [2]error
			)
			for i, head := range []string{"first", "second"} {
				wg.Go(func() {
					errs[i] = db.UpsertUnitsAsChecked(ctx, []store.Unit{{ID: "sz", Name: "深圳", Head: head, CreatedAt: now}},
						store.UnitsAsChecked{"sz": nil})
				})
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case !errors.Is(err, store.ErrUnitChanged):
					t.Fatalf("a concurrent creation: %v", err)
				}
			}
			if ok != 1 {
				t.Errorf("%d of two concurrent creations of one unit succeeded, want 1: %v", ok, errs)
			}
		})
	}
}
