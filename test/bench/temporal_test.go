package bench

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/workflows"
	"github.com/closeout/closeout/test/benchreport"
	"github.com/closeout/closeout/test/e2e"
)

// The baselines: a workflow that does nothing, and one that answers an update
// at once.
func noop(workflow.Context) error { return nil }

func echo(ctx workflow.Context) error {
	if err := workflow.SetUpdateHandler(ctx, "echo", func(_ workflow.Context, n int) (int, error) { return n, nil }); err != nil {
		return err
	}
	return workflow.Await(ctx, func() bool { return false })
}

func baselines(w sdkworker.Worker) {
	w.RegisterWorkflowWithOptions(noop, workflow.RegisterOptions{Name: "bench-noop"})
	w.RegisterWorkflowWithOptions(echo, workflow.RegisterOptions{Name: "bench-echo"})
}

// BenchmarkTaskCreation compares creating tasks through the API (each
// answered once the task is in the projection) with bare starts of a
// workflow that does nothing, 32 callers on each side. Each side runs on a
// fresh embedded server of the same kind, because a server slows down as the
// work of earlier starts piles up; the sides take turns, twice, and each
// keeps its better round (a two-core machine has slow moments that would
// otherwise decide the ratio). Target: ratio >= 0.8.
func BenchmarkTaskCreation(b *testing.B) {
	for i, kind := range storetest.Kinds {
		b.Run(kind, func(b *testing.B) {
			const n = 600
			ctx := context.Background()
			var bare, bareInit, api float64
			for range rounds {
				s := newStack(b, kind, baselines)
				bare = max(bare, rate(b, n, callers, func(i int) error {
					_, err := s.temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
						ID: fmt.Sprintf("bare-%d", i), TaskQueue: workflows.TaskQueue,
					}, "bench-noop")
					return err
				}))
				s.stop()
				// Context, not a target: an update-with-start answered from
				// the first workflow task, as a creation is (read-your-writes).
				s = newStack(b, kind, baselines)
				bareInit = max(bareInit, rate(b, n, callers, func(i int) error {
					return e2e.UpdateWithStart(ctx, s.temporal, fmt.Sprintf("bare-init-%d", i), workflows.TaskQueue, "bench-echo", "echo", 1)
				}))
				s.stop()
				s = newStack(b, kind, nil)
				s.person(b, "boss", "manager")
				s.person(b, "li")
				s.person(b, "zhao")
				s.campaign(b, "bench")
				api = max(api, rate(b, n, callers, func(i int) error {
					s.call(b, s.admin, "POST", "/api/v1/campaigns/bench/tasks", map[string]any{
						"id": fmt.Sprintf("T%d", i+1), "track": "a", "title": "task", "owner": "li", "supervisor": "zhao", "deadline": dueInAYear(),
					}, http.StatusCreated)
					return nil
				}))
				s.stop()
			}
			b.ReportMetric(bare, "bare-starts/s")
			b.ReportMetric(bareInit, "bare-update-with-starts/s")
			b.ReportMetric(api, "api-creates/s")
			b.ReportMetric(api/bare, "ratio")
			benchreport.Record(benchreport.Row{
				Order: 10 + i, Target: "task creation, " + kindName(kind), Value: api / bare, Limit: 0.8, AtLeast: true, Unit: "x",
				Measure: fmt.Sprintf("`POST /campaigns/{id}/tasks` against bare no-op workflow starts, %d callers, %d each, fresh servers, best of %d rounds each", callers, n, rounds),
				Result: fmt.Sprintf("%.0f creates/s against %.0f starts/s (bare update-with-start answered after its first workflow task: %.0f/s)",
					api, bare, bareInit),
			})
		})
	}
}

// BenchmarkActionLatency compares an action through the API (validated,
// applied, projected, answered) with a bare update on the same server.
// Target: p99 ratio <= 1.5.
func BenchmarkActionLatency(b *testing.B) {
	for i, kind := range storetest.Kinds {
		b.Run(kind, func(b *testing.B) {
			s := newStack(b, kind, baselines)
			s.person(b, "boss", "manager")
			li := s.person(b, "li")
			s.person(b, "zhao")
			s.campaign(b, "bench")
			ctx := context.Background()
			run, err := s.temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "echo", TaskQueue: workflows.TaskQueue}, "bench-echo")
			if err != nil {
				b.Fatal(err)
			}
			const n = 300
			bare := latencies(b, n, func(i int) error {
				h, err := s.temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
					WorkflowID: run.GetID(), UpdateName: "echo", Args: []any{i}, WaitForStage: client.WorkflowUpdateStageCompleted,
				})
				if err != nil {
					return err
				}
				return h.Get(ctx, nil)
			})
			mark := s.writes.mark()
			action := latencies(b, n, func(i int) error {
				s.call(b, li, "POST", "/api/v1/tasks/bench/T0/progress", map[string]any{"note": "step", "percent": i % 100}, http.StatusOK)
				return nil
			})
			writes := s.writes.since(mark)
			ratio := ms(percentile(action, .99)) / ms(percentile(bare, .99))
			b.ReportMetric(ms(percentile(bare, .99)), "bare-p99-ms")
			b.ReportMetric(ms(percentile(action, .99)), "action-p99-ms")
			b.ReportMetric(ratio, "p99-ratio")
			benchreport.Record(benchreport.Row{
				Order: 50 + i, Target: "progress report p99, " + kindName(kind), Value: ratio, Limit: 1.5, Unit: "x",
				Measure: fmt.Sprintf("`POST …/progress` one at a time against a bare update, %d each", n),
				Result: fmt.Sprintf("p99 %.1f ms against %.1f ms (p50 %.1f against %.1f; the projection write it waits for: p50 %.1f, p99 %.1f)",
					ms(percentile(action, .99)), ms(percentile(bare, .99)), ms(percentile(action, .5)), ms(percentile(bare, .5)),
					ms(percentile(writes, .5)), ms(percentile(writes, .99))),
			})
		})
	}
}
