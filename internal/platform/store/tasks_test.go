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

func tk(id string, version int64, status task.Status) task.View {
	return task.View{
		Campaign: "c1", ID: id, Title: "task " + id, Track: "t1", Owner: "li",
		Status: status, Light: task.LightGreen, Version: version, Seq: version,
		Deadline: time.Date(2024, 6, 30, 16, 0, 0, 0, time.UTC),
	}
}

func event(seq int64, typ string) task.Event {
	return task.Event{Seq: seq, At: time.UnixMilli(1717200000000 + seq).UTC(), Actor: "li", Type: typ, Data: map[string]any{"n": float64(seq)}}
}

// Projection writes are idempotent: the same write twice, or an older view
// after a newer one, leaves the newest state and one copy of each event.
func TestProjectTaskIsIdempotent(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			first := task.ProjectionWrite{Task: tk("T1", 1, task.StatusOpen), Events: []task.Event{event(1, "created")}}
			second := task.ProjectionWrite{Task: tk("T1", 2, task.StatusSubmitted), Events: []task.Event{event(2, "submitted")}}
			for _, w := range []task.ProjectionWrite{first, second, first, second} {
				if err := db.ProjectTask(ctx, w); err != nil {
					t.Fatal(err)
				}
			}
			got, err := db.GetTask(ctx, "c1", "T1")
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != 2 || got.Status != task.StatusSubmitted {
				t.Fatalf("an older write overwrote a newer one: %+v", got)
			}
			events, err := db.TaskEvents(ctx, "c1", "T1")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]task.Event{event(1, "created"), event(2, "submitted")}, events); diff != "" {
				t.Fatalf("events (-want +got):\n%s", diff)
			}
			// Seeding an import never overwrites a task the workflow already wrote.
			if err := db.SeedTasks(ctx, []task.View{tk("T1", 0, task.StatusOpen), tk("T2", 0, task.StatusOpen)}); err != nil {
				t.Fatal(err)
			}
			if got, _ := db.GetTask(ctx, "c1", "T1"); got.Version != 2 {
				t.Fatal("seed overwrote a projected task")
			}
			if _, err := db.GetTask(ctx, "c1", "nope"); err != store.ErrNotFound {
				t.Fatalf("missing task: %v", err)
			}
		})
	}
}

// Keyset pagination walks every matching task once, whatever the page size.
func TestListTasksPaginates(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			var seed []task.View
			for i := range 25 {
				v := tk(string(rune('A'+i)), 0, task.StatusOpen)
				v.Flagged = i%5 == 0
				seed = append(seed, v)
			}
			if err := db.SeedTasks(ctx, seed); err != nil {
				t.Fatal(err)
			}
			yes := true
			for _, tc := range []struct {
				filter store.TaskFilter
				want   int
			}{
				{store.TaskFilter{Campaign: "c1", Limit: 7}, 25},
				{store.TaskFilter{Campaign: "c1", Flagged: &yes, Limit: 2}, 5},
				{store.TaskFilter{Owner: "li", Status: "open", Limit: 10}, 25},
				{store.TaskFilter{Campaign: "c1", Light: "red", Limit: 10}, 0},
			} {
				seen := map[string]bool{}
				f := tc.filter
				for {
					page, next, err := db.ListTasks(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					for _, v := range page {
						if seen[v.ID] {
							t.Fatalf("%s listed twice", v.ID)
						}
						seen[v.ID] = true
					}
					if next == "" {
						break
					}
					f.Cursor = next
				}
				if len(seen) != tc.want {
					t.Fatalf("%+v: %d tasks, want %d", tc.filter, len(seen), tc.want)
				}
			}
			if _, _, err := db.ListTasks(ctx, store.TaskFilter{Cursor: "!!", Limit: 1}); err != store.ErrBadCursor {
				t.Fatalf("bad cursor: %v", err)
			}
		})
	}
}

func TestIdempotencyKeys(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			now := time.Now()
			if r, err := db.ClaimIdempotencyKey(ctx, "li", "k1", "h1", now); r != nil || err != nil {
				t.Fatalf("first claim: %v %v", r, err)
			}
			if _, err := db.ClaimIdempotencyKey(ctx, "li", "k1", "h1", now); err != store.ErrKeyInFlight {
				t.Fatalf("claim while in flight: %v", err)
			}
			if err := db.FinishIdempotencyKey(ctx, "li", "k1", store.StoredResponse{Status: 201, ContentType: "application/json", Body: []byte(`{}`)}); err != nil {
				t.Fatal(err)
			}
			r, err := db.ClaimIdempotencyKey(ctx, "li", "k1", "h1", now)
			if err != nil || r == nil || r.Status != 201 {
				t.Fatalf("replay: %v %v", r, err)
			}
			if _, err := db.ClaimIdempotencyKey(ctx, "li", "k1", "h2", now); err != store.ErrKeyReused {
				t.Fatalf("other body: %v", err)
			}
			// Keys are per person.
			if r, err := db.ClaimIdempotencyKey(ctx, "zhao", "k1", "h2", now); r != nil || err != nil {
				t.Fatalf("another person's key: %v %v", r, err)
			}
		})
	}
}

// Deciders lists the tasks whose pending extension waits for one of the
// given holders, a person or a unit, and none whose extension waits for
// someone else or that have none pending; pages join up as other lists do.
func TestListTasksByExtensionDecider(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			pending := func(id, decider string) task.View {
				v := tk(id, 0, task.StatusOpen)
				if decider != "" {
					v.Extension = &task.ExtensionView{Reason: "r", RequestedBy: "li", Decider: decider}
				}
				return v
			}
			seed := []task.View{pending("A", "zhao"), pending("B", ""), pending("C", "unit:hn"), pending("D", "wang"), pending("E", "zhao")}
			if err := db.SeedTasks(ctx, seed); err != nil {
				t.Fatal(err)
			}
			var got []string
			f := store.TaskFilter{Deciders: []string{"zhao", "unit:hn"}, Limit: 2}
			for {
				page, next, err := db.ListTasks(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range page {
					got = append(got, v.ID)
				}
				if next == "" {
					break
				}
				f.Cursor = next
			}
			if diff := cmp.Diff([]string{"A", "C", "E"}, got); diff != "" {
				t.Fatalf("tasks waiting for zhao or unit hn (-want +got):\n%s", diff)
			}
		})
	}
}
