package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// The rollup counters follow every write: seeding, projecting, moving between
// groups, repeated and stale writes, and a seed racing the first projection.
func TestRollupFollowsEveryWrite(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			var seeds []task.View
			for i := range 20 {
				seeds = append(seeds, tk(fmt.Sprintf("T%02d", i), 0, task.StatusOpen))
			}
			// Seeds and first writes of the same tasks at once: each task is
			// counted exactly once whoever wins.
			var wg sync.WaitGroup
			wg.Add(2)
			go func() {
				defer wg.Done()
				if err := db.SeedTasks(ctx, seeds); err != nil {
					t.Error(err)
				}
			}()
			go func() {
				defer wg.Done()
				for _, s := range seeds[:10] {
					v := s
					v.Version = 1
					if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: v}); err != nil {
						t.Error(err)
					}
				}
			}()
			wg.Wait()
			if got := totals(t, db, "c1"); got.Tasks != 20 || got.Open != 20 {
				t.Fatalf("after seeding: %+v", got)
			}
			// Moves: T00 submitted then closed on time, T01 overdue, T02 cancelled.
			onTime := true
			closed := tk("T00", 3, task.StatusClosed)
			closed.Light, closed.ClosedOnTime = task.LightDone, &onTime
			late := tk("T01", 2, task.StatusOpen)
			late.Light, late.Overdue = task.LightRed, true
			for _, v := range []task.View{
				tk("T00", 2, task.StatusSubmitted), closed, tk("T00", 2, task.StatusSubmitted), // a stale write is ignored
				late, late, // a repeated write counts once
				tk("T02", 5, task.StatusCancelled),
			} {
				if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: v}); err != nil {
					t.Fatal(err)
				}
			}
			want := report.Totals{Tasks: 19, Closed: 1, ClosedPct: 5, Open: 18, Green: 17, Red: 1, ClosedOnTime: 1, Overdue: 1}
			if diff := cmp.Diff(want, totals(t, db, "c1")); diff != "" {
				t.Fatalf("totals (-want +got):\n%s", diff)
			}
			overdue, err := db.OverdueTasks(ctx, "c1")
			if err != nil || len(overdue) != 1 || overdue[0].ID != "T01" {
				t.Fatalf("overdue: %v %v", overdue, err)
			}
		})
	}
}

func totals(t *testing.T, db interface {
	Rollup(context.Context, string) ([]report.Row, error)
}, campaign string) report.Totals {
	t.Helper()
	rows, err := db.Rollup(context.Background(), campaign)
	if err != nil {
		t.Fatal(err)
	}
	return report.Sum(rows)
}
