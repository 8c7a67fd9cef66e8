package reconcile_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/app/reconcile"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// What the check of unconfirmed writes costs a note (issue 26). Each note is
// a signal-driven write no caller confirmed (a resync), the kind the
// background check meets after timers and signals; an update's write is
// confirmed by its answer and reaches the check only when its workflow task
// was lost. "watch" is the background pass (Temporal's description of the
// workflow alone for such a write), "full" the comparison with the
// workflow's committed state that dev runs before it serves and that an
// update's lost write gets. Reported as ms/note, and an empty pass in ms.
func BenchmarkCheckUnconfirmed(b *testing.B) {
	const tasks = 100
	f := newFixture(b, storetest.SQLite)
	for i := range tasks {
		f.create(fmt.Sprintf("B%03d", i))
	}
	for _, full := range []bool{false, true} {
		name := map[bool]string{false: "watch", true: "full"}[full]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				for i := range tasks {
					if err := f.tc.SignalWorkflow(f.ctx, workflows.TaskWorkflowID("rc", fmt.Sprintf("B%03d", i)), "", workflows.SignalResync, nil); err != nil {
						b.Fatal(err)
					}
				}
				for {
					notes, err := f.db.UnconfirmedWrites(f.ctx, time.Now(), 0)
					if err != nil {
						b.Fatal(err)
					}
					if len(notes) == tasks {
						break
					}
					time.Sleep(20 * time.Millisecond) // the signals' workflow tasks run in the background
				}
				b.StartTimer()
				began := time.Now()
				var left int
				for pass := 0; ; pass++ { // a workflow task still running waits for the next pass
					res, err := f.rec.CheckUnconfirmed(f.ctx, reconcile.CheckOptions{Before: time.Now(), Full: full})
					if err != nil || len(res.Differences) != 0 {
						b.Fatalf("check: %+v %v", res, err)
					}
					notes, err := f.db.UnconfirmedWrites(f.ctx, time.Now(), 0)
					if err != nil {
						b.Fatal(err)
					}
					if left = len(notes); left == 0 || pass == 20 {
						break
					}
				}
				if left > 0 {
					b.Fatalf("%d notes left after 20 passes", left)
				}
				b.ReportMetric(float64(time.Since(began).Microseconds())/1000/tasks, "ms/note")
				b.StopTimer()
				began = time.Now()
				if res, err := f.rec.CheckUnconfirmed(f.ctx, reconcile.CheckOptions{Before: time.Now(), Full: full}); err != nil || res.Checked != 0 {
					b.Fatalf("empty pass: %+v %v", res, err)
				}
				b.ReportMetric(float64(time.Since(began).Microseconds())/1000, "ms/empty-pass")
				b.StartTimer()
			}
		})
	}
}
