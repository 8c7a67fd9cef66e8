package bench

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/workflows"
	"github.com/closeout/closeout/test/benchreport"
	"github.com/closeout/closeout/test/e2e"
)

// BenchmarkImport1000 compares importing a 1,000-task plan (one request,
// answered once every task is listed and its workflow started) with 1,000
// bare starts of a no-op workflow by 32 callers, each on a fresh server, the
// sides taking turns twice and keeping their better round. Target: the import
// takes at most 1.25 times as long.
func BenchmarkImport1000(b *testing.B) {
	for i, kind := range storetest.Kinds {
		b.Run(kind, func(b *testing.B) {
			const n = 1000
			ctx := context.Background()
			var bare, imported time.Duration
			for round := range rounds {
				s := newStack(b, kind, baselines)
				began := time.Now()
				profiled(b, fmt.Sprintf("import-%s-bare-%d", kind, round), func() {
					rate(b, n, callers, func(i int) error {
						_, err := s.temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
							ID: fmt.Sprintf("bare-%d", i), TaskQueue: workflows.TaskQueue,
						}, "bench-noop")
						return err
					})
				})
				bare = best(bare, time.Since(began))
				s.stop()
				s = newStack(b, kind, nil)
				s.person(b, "boss", "manager")
				s.person(b, "li")
				s.person(b, "zhao")
				began = time.Now()
				profiled(b, fmt.Sprintf("import-%s-import-%d", kind, round), func() {
					s.call(b, s.admin, "POST", "/api/v1/campaigns", e2e.BigPlan(fmt.Sprintf("big%d", round), n), http.StatusCreated)
				})
				imported = best(imported, time.Since(began))
				s.stop()
			}
			ratio := imported.Seconds() / bare.Seconds()
			b.ReportMetric(bare.Seconds(), "bare-s")
			b.ReportMetric(imported.Seconds(), "import-s")
			b.ReportMetric(ratio, "ratio")
			benchreport.Record(benchreport.Row{
				Order: 20 + i, Target: "1,000-task import, " + kindName(kind), Value: ratio, Limit: 1.25, Unit: "x",
				Measure: fmt.Sprintf("`POST /campaigns` of %d tasks against %d bare no-op starts by %d callers, fresh servers, best of %d rounds each", n, n, callers, rounds),
				Result:  fmt.Sprintf("%.1f s against %.1f s", imported.Seconds(), bare.Seconds()),
			})
		})
	}
}

// best is the shorter of two durations, zero meaning none yet.
func best(a, b time.Duration) time.Duration {
	if a == 0 {
		return b
	}
	return min(a, b)
}
