package store_test

import (
	"context"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// fenceAt is the fence of a write made by the workflow task at history
// length hist whose clock read at, at version v.
func fenceAt(hist, at, v int64) string {
	return task.Fence{History: hist, At: at, Version: v}.String()
}

func progress(seq int64, note string) task.Event {
	e := event(seq, "progress")
	e.Data = map[string]any{"note": note}
	return e
}

// What a workflow task that never committed wrote loses to the committed
// write at the same seq and version, whichever comes first; and the events it
// wrote past the committed log go with the next committed write.
func TestFencedWritesOverruleAbandonedOnes(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			write := func(w task.ProjectionWrite) {
				t.Helper()
				if err := db.ProjectTask(ctx, w); err != nil {
					t.Fatal(err)
				}
			}
			created := tk("T1", 1, task.StatusOpen)
			write(task.ProjectionWrite{Task: created, Events: []task.Event{event(1, "created")}, Fence: fenceAt(3, 100, 1)})

			// An attempt at history 8 takes two actions (seq 2 and 3) and
			// closes the task, then dies before its workflow task commits.
			phantom := tk("T1", 3, task.StatusClosed)
			phantom.Light = task.LightDone
			phantom.Seq = 3
			write(task.ProjectionWrite{Task: phantom, Events: []task.Event{progress(2, "phantom"), event(3, "closed")}, Fence: fenceAt(8, 200, 3)})

			// The retry sees the same history length (a speculative task is
			// not persisted) and commits one other action at seq 2.
			committed := tk("T1", 2, task.StatusOpen)
			committed.Seq = 2
			truth := task.ProjectionWrite{Task: committed, Events: []task.Event{progress(2, "committed")}, Fence: fenceAt(8, 300, 2)}
			write(truth)

			// The abandoned write lands again, late (a zombie worker): ignored.
			write(task.ProjectionWrite{Task: phantom, Events: []task.Event{progress(2, "phantom"), event(3, "closed")}, Fence: fenceAt(8, 200, 3)})

			got, err := db.GetTask(ctx, "c1", "T1")
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != task.StatusOpen || got.Version != 2 {
				t.Fatalf("the view is the abandoned write's: %+v", got)
			}
			events, err := db.TaskEvents(ctx, "c1", "T1")
			if err != nil {
				t.Fatal(err)
			}
			want := []task.Event{event(1, "created"), progress(2, "committed")}
			want[1].Data = map[string]any{"note": "committed"}
			if diff := cmp.Diff(want, events); diff != "" {
				t.Fatalf("events (-want +got):\n%s", diff)
			}
			// The rollup counts the task once, as open.
			rows, err := db.Rollup(ctx, "c1")
			if err != nil {
				t.Fatal(err)
			}
			var open, closed int
			for _, r := range rows {
				switch r.Status {
				case string(task.StatusOpen):
					open += r.N
				case string(task.StatusClosed):
					closed += r.N
				}
			}
			if open != 1 || closed != 0 {
				t.Fatalf("rollup: open %d, closed %d", open, closed)
			}
			drift, err := db.RollupDrift(ctx, "c1")
			if err != nil || len(drift) != 0 {
				t.Fatalf("rollup drift %v, %v", drift, err)
			}
			st, err := db.StoredTask(ctx, "c1", "T1")
			if err != nil || st.Fence != truth.Fence {
				t.Fatalf("stored fence %q, want %q (%v)", st.Fence, truth.Fence, err)
			}
		})
	}
}
