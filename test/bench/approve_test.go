package bench

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/workflows"
	"github.com/closeout/closeout/test/benchreport"
)

// BenchmarkApprove compares sign-offs through the API with bare Temporal
// updates on the same server. Throughput, 32 callers on each side: n
// approvals (each closes its task) against n updates to one workflow whose
// handler answers at once, the baseline the targets were set against; the
// same updates spread over n workflows are reported beside it. Latency, one
// call at a time: approvals against updates, as BenchmarkActionLatency does
// for progress reports. Targets: throughput at least 0.9 times the bare
// updates', p99 at most 1.5 times theirs.
func BenchmarkApprove(b *testing.B) {
	for i, kind := range storetest.Kinds {
		b.Run(kind, func(b *testing.B) {
			const n, sequential = 400, 200
			ctx := context.Background()
			s := newStack(b, kind, baselines)
			s.person(b, "boss", "manager")
			li := s.person(b, "li")
			zhao := s.person(b, "zhao")

			update := func(id string, i int) error {
				h, err := s.temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
					WorkflowID: id, UpdateName: "echo", Args: []any{i}, WaitForStage: client.WorkflowUpdateStageCompleted,
				})
				if err != nil {
					return err
				}
				return h.Get(ctx, nil)
			}
			for i := range n + 1 {
				if _, err := s.temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
					ID: fmt.Sprintf("echo-%d", i), TaskQueue: workflows.TaskQueue,
				}, "bench-echo"); err != nil {
					b.Fatal(err)
				}
			}
			bareOne := rate(b, n, callers, func(i int) error { return update("echo-0", i) })
			bareMany := rate(b, n, callers, func(i int) error { return update(fmt.Sprintf("echo-%d", i+1), i) })
			var bareSpans spans
			bareLat := latencies(b, sequential, bareSpans.wrap(func(i int) error { return update(fmt.Sprintf("echo-%d", i%n+1), i) }))

			// closeout's side: tasks submitted, then approved.
			// latencies warms up on a tenth more; the settled run below takes
			// as many again.
			settledFrom := n + sequential + sequential/10
			total := settledFrom + sequential
			s.call(b, s.admin, "POST", "/api/v1/campaigns", signOffPlan("signoff", total), http.StatusCreated)
			rate(b, total, callers, func(i int) error {
				s.call(b, li, "POST", fmt.Sprintf("/api/v1/tasks/signoff/S%04d/submit", i), map[string]any{"note": "done"}, http.StatusOK)
				return nil
			})
			approve := func(i int) error {
				s.call(b, zhao, "POST", fmt.Sprintf("/api/v1/tasks/signoff/S%04d/approve", i), map[string]any{"note": "ok"}, http.StatusOK)
				return nil
			}
			apiRate := rate(b, n, callers, approve)
			// Each approval leaves work behind it (the owner's notice, then
			// the workflow's end): let the burst's finish before timing calls
			// one at a time, as the bare updates, which leave none, are timed.
			for i := range n {
				if err := s.temporal.GetWorkflow(ctx, workflows.TaskWorkflowID("signoff", fmt.Sprintf("S%04d", i)), "").Get(ctx, nil); err != nil {
					b.Fatal(err)
				}
			}
			mark := s.writes.mark()
			var apiSpans spans
			apiLat := latencies(b, sequential, apiSpans.wrap(func(i int) error { return approve(n + i) }))
			writes := s.writes.since(mark)
			var barePhases, apiPhases []phases
			for i := range sequential {
				p, err := updatePhases(ctx, s.temporal, fmt.Sprintf("echo-%d", i%n+1), bareSpans.got[i])
				if err != nil {
					b.Fatal(err)
				}
				barePhases = append(barePhases, p)
				if p, err = updatePhases(ctx, s.temporal, workflows.TaskWorkflowID("signoff", fmt.Sprintf("S%04d", n+i)), apiSpans.got[i]); err != nil {
					b.Fatal(err)
				}
				apiPhases = append(apiPhases, p)
			}
			b.Logf("bare update phases: %s", describePhases(barePhases))
			b.Logf("approval phases: %s", describePhases(apiPhases))

			// The same approvals, each timed only once the one before has
			// finished its work (the owner's notice, the workflow's end):
			// what an approval costs alone, apart from its neighbour's tail.
			settled := make([]time.Duration, sequential)
			for i := range sequential {
				start := time.Now()
				if err := approve(settledFrom + i); err != nil {
					b.Fatal(err)
				}
				settled[i] = time.Since(start)
				if err := s.temporal.GetWorkflow(ctx, workflows.TaskWorkflowID("signoff", fmt.Sprintf("S%04d", settledFrom+i)), "").Get(ctx, nil); err != nil {
					b.Fatal(err)
				}
			}
			slices.Sort(settled)
			b.Logf("approvals alone (each after the last one's work ended): p50 %.1f ms, p99 %.1f ms (%.2fx the bare p99)",
				ms(percentile(settled, .5)), ms(percentile(settled, .99)), ms(percentile(settled, .99))/ms(percentile(bareLat, .99)))

			ratio := apiRate / bareOne
			p99 := ms(percentile(apiLat, .99)) / ms(percentile(bareLat, .99))
			b.ReportMetric(bareOne, "bare-updates/s")
			b.ReportMetric(apiRate, "approvals/s")
			b.ReportMetric(ratio, "ratio")
			b.ReportMetric(p99, "p99-ratio")
			benchreport.Record(benchreport.Row{
				Order: 30 + 2*i, Target: "approve throughput, " + kindName(kind), Value: ratio, Limit: 0.9, AtLeast: true, Unit: "x",
				Measure: fmt.Sprintf("`POST …/approve` closing a task against bare updates to one workflow, %d callers, %d each, same server", callers, n),
				Result:  fmt.Sprintf("%.0f approvals/s against %.0f updates/s (%.0f/s spread over %d workflows)", apiRate, bareOne, bareMany, n),
			})
			benchreport.Record(benchreport.Row{
				Order: 31 + 2*i, Target: "approve p99, " + kindName(kind), Value: p99, Limit: 1.5, Unit: "x",
				Measure: fmt.Sprintf("one call at a time, %d each: approvals against bare updates", sequential),
				Result: fmt.Sprintf("p99 %.1f ms against %.1f ms (p50 %.1f against %.1f; projection writes meanwhile: p50 %.1f, p99 %.1f)",
					ms(percentile(apiLat, .99)), ms(percentile(bareLat, .99)), ms(percentile(apiLat, .5)), ms(percentile(bareLat, .5)),
					ms(percentile(writes, .5)), ms(percentile(writes, .99))),
			})
		})
	}
}

// signOffPlan is a campaign of n tasks li owns and zhao alone signs off.
func signOffPlan(id string, n int) map[string]any {
	tasks := make([]map[string]any, n)
	for i := range tasks {
		tasks[i] = map[string]any{
			"id": fmt.Sprintf("S%04d", i), "title": fmt.Sprintf("task %d", i), "owner": "li", "supervisor": "zhao",
			"approvers": []string{"zhao"}, "deadline": dueInAYear(),
		}
	}
	return map[string]any{
		"id": id, "title": id, "owner": "boss", "calendar": "none", "start": time.Now().Format(time.DateOnly),
		"tracks": []map[string]any{{"id": "a", "tasks": tasks}},
	}
}
