package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// A campaign's unit-owned tasks come with their returns counted (a person's
// task and a cancelled one are left out); adjustments are kept to two
// decimals, read back oldest first, and each is an audit entry.
func TestScoreTasksAndAdjustments(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := audit.WithActor(context.Background(), "wang")
			now := rankDay(7, 10, 12, 0)
			project := func(id, owner string, status task.Status, events ...string) {
				t.Helper()
				v := task.View{Campaign: "c1", ID: id, Title: id, Track: "t1", Owner: owner, Status: status,
					Light: task.LightRed, Deadline: rankDay(7, 5), Version: 1, Seq: int64(len(events))}
				if status == task.StatusClosed {
					at, onTime := rankDay(7, 8, 9, 0), false
					v.Light, v.ClosedAt, v.ClosedOnTime = task.LightDone, &at, &onTime
				}
				w := task.ProjectionWrite{Task: v}
				for i, e := range events {
					w.Events = append(w.Events, task.Event{Seq: int64(i + 1), At: rankDay(7, 1+i), Actor: "wang", Type: e})
				}
				if err := db.ProjectTask(ctx, w); err != nil {
					t.Fatal(err)
				}
			}
			project("A", "unit:haikou", task.StatusClosed, task.EventCreated, task.EventSubmitted, task.EventReturned,
				task.EventSubmitted, task.EventReturned, task.EventSubmitted, task.EventClosed)
			project("B", "unit:sanya", task.StatusOpen, task.EventCreated, task.EventUrged, task.EventUrged)
			project("C", "li", task.StatusOpen, task.EventCreated, task.EventReturned)
			project("D", "unit:sanya", task.StatusCancelled, task.EventCreated)

			got, err := db.ScoreTasks(ctx, "c1")
			if err != nil {
				t.Fatal(err)
			}
			closedAt := rankDay(7, 8, 9, 0)
			want := []store.ScoreTask{
				{ID: "A", Unit: "haikou", Status: task.StatusClosed, Deadline: rankDay(7, 5), ClosedAt: &closedAt, Returns: 2},
				{ID: "B", Unit: "sanya", Status: task.StatusOpen, Deadline: rankDay(7, 5), Urges: 2},
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("score tasks (-want +got):\n%s", d)
			}

			for _, a := range []store.ScoreAdjustment{
				{Campaign: "c1", Unit: "haikou", Points: 1.234, Reason: "经验被推广", CreatedBy: "wang", CreatedAt: now},
				{Campaign: "c1", Unit: "sanya", Points: -2, Reason: "材料不实", CreatedBy: "wang", CreatedAt: now.Add(time.Minute)},
				{Campaign: "c2", Unit: "sanya", Points: 3, Reason: "another campaign", CreatedBy: "wang", CreatedAt: now},
			} {
				if _, err := db.AddScoreAdjustment(ctx, a); err != nil {
					t.Fatal(err)
				}
			}
			adjustments, err := db.ScoreAdjustments(ctx, "c1")
			if err != nil {
				t.Fatal(err)
			}
			if len(adjustments) != 2 || adjustments[0].Points != 1.23 || adjustments[0].Reason != "经验被推广" ||
				adjustments[1].Points != -2 || adjustments[1].Unit != "sanya" || adjustments[0].ID == "" {
				t.Errorf("adjustments of c1 = %+v", adjustments)
			}
			entries, _, err := db.AuditLog(ctx, store.AuditFilter{Action: audit.ScoreAdjusted, Target: audit.CampaignTarget("c1")})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 2 || entries[0].Actor != "wang" || entries[0].Detail["unit"] != "sanya" {
				t.Errorf("audit entries = %+v, want two by wang, newest (sanya) first", entries)
			}
		})
	}
}
