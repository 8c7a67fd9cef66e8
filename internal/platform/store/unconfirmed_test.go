package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// Every projection write leaves a note of its task with the greatest fence
// written; an update's result confirms it by version, a clean check by
// fence, and neither drops a note a later write made.
func TestUnconfirmedWriteNotes(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			write := func(version, hist, at int64) string {
				t.Helper()
				v := tk("T1", version, task.StatusOpen)
				f := fenceAt(hist, at, version)
				if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: v, Fence: f}); err != nil {
					t.Fatal(err)
				}
				return f
			}
			notes := func() []string {
				t.Helper()
				all, err := db.UnconfirmedWrites(ctx, time.Now().Add(time.Minute), 0)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, n := range all {
					out = append(out, n.Task+"@"+n.Fence)
				}
				return out
			}

			f1 := write(1, 3, 100)
			if got := notes(); len(got) != 1 || got[0] != "T1@"+f1 {
				t.Fatalf("after one write: %v", got)
			}
			f2 := write(2, 8, 200)
			write(1, 3, 100) // a late write of a smaller fence keeps the note where it is
			if got := notes(); len(got) != 1 || got[0] != "T1@"+f2 {
				t.Fatalf("after a later write: %v, want %s", got, f2)
			}
			if err := db.ConfirmWrite(ctx, "c1", "T1", 1); err != nil {
				t.Fatal(err)
			}
			if got := notes(); len(got) != 1 {
				t.Fatalf("an update answering version 1 confirmed version 2's write: %v", got)
			}
			if err := db.ConfirmWrite(ctx, "c1", "T1", 2); err != nil {
				t.Fatal(err)
			}
			if got := notes(); len(got) != 0 {
				t.Fatalf("after the update of version 2 answered: %v", got)
			}

			write(3, 12, 300)
			if err := db.ConfirmChecked(ctx, "c1", "T1", f2); err != nil {
				t.Fatal(err)
			}
			if got := notes(); len(got) != 1 {
				t.Fatalf("a check of an older fence dropped a later write's note: %v", got)
			}
			if old, err := db.UnconfirmedWrites(ctx, time.Now().Add(-time.Minute), 0); err != nil || len(old) != 0 {
				t.Fatalf("writes made a minute ago: %v %v, want none", old, err)
			}

			// A repair writes what the workflow committed: it leaves no note.
			if err := db.ConfirmChecked(ctx, "c1", "T1", fenceAt(12, 300, 3)); err != nil {
				t.Fatal(err)
			}
			v := tk("T1", 3, task.StatusOpen)
			if err := db.RepairFinishedTask(ctx, task.ProjectionWrite{Task: v, Fence: fenceAt(12, 300, 3)}); err != nil {
				t.Fatal(err)
			}
			if got := notes(); len(got) != 0 {
				t.Fatalf("a repair left a note: %v", got)
			}
		})
	}
}
