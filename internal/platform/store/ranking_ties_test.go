package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// Eighteen units all closed on time share the first place (并列); the two
// after them take the places the list gives them, 19 and, tied again, 19
// then 21 for the one with an overdue task.
func TestUnitRankingSharesRanksForTies(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			now := rankDay(7, 10, 12, 0)
			if _, _, err := db.SaveCampaign(ctx, store.Campaign{
				ID: "c1", Title: "攻坚行动", Owner: "wang", Timezone: "Asia/Shanghai", Calendar: []byte(`"weekdays"`),
				Start: rankDay(5, 1), Deadline: rankDay(12, 31), Status: store.CampaignActive,
				Tracks: []store.Track{{ID: "t1", Title: "轻车"}}, CreatedAt: now,
			}); err != nil {
				t.Fatal(err)
			}
			project := func(id, unit string, closed bool, due int) {
				t.Helper()
				v := task.View{Campaign: "c1", ID: id, Title: "task " + id, Track: "t1", Owner: "unit:" + unit,
					Status: task.StatusOpen, Light: task.LightGreen, Deadline: rankDay(7, due), Version: 1, Seq: 1}
				if closed {
					at, onTime := rankDay(7, 1, 9, 0), true
					v.Status, v.Light, v.ClosedAt, v.ClosedOnTime = task.StatusClosed, task.LightDone, &at, &onTime
				}
				if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: v}); err != nil {
					t.Fatal(err)
				}
			}
			for i := range 18 {
				project(fmt.Sprintf("T%02d", i+1), fmt.Sprintf("u%02d", i+1), true, 5)
			}
			project("T19", "v1", false, 20) // 0%, not yet due
			project("T20", "v2", false, 20) // 0%, not yet due: tied with v1
			project("T21", "v3", false, 5)  // 0%, overdue: below them
			got, err := db.UnitRanking(ctx, "c1", now)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 21 {
				t.Fatalf("%d units, want 21", len(got))
			}
			for i, u := range got[:18] {
				if u.Rank != 1 || u.OnTimePct != 100 {
					t.Errorf("row %d: %s rank %d at %d%%, want rank 1 at 100%%", i, u.ID, u.Rank, u.OnTimePct)
				}
			}
			for i, want := range []struct {
				id   string
				rank int
			}{{"v1", 19}, {"v2", 19}, {"v3", 21}} {
				if u := got[18+i]; u.ID != want.id || u.Rank != want.rank {
					t.Errorf("row %d: %s rank %d, want %s rank %d", 18+i, u.ID, u.Rank, want.id, want.rank)
				}
			}
		})
	}
}
