package bench

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/closeout/closeout/store/storetest"
	"github.com/closeout/closeout/workflows"
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
// answered once the task is in the projection) with bare workflow starts.
// Each side runs on a fresh embedded server of the same kind, because a
// server slows down as the work of earlier starts piles up. Target: ratio >= 0.8.
func BenchmarkTaskCreation(b *testing.B) {
	for _, kind := range storetest.Kinds {
		b.Run(kind, func(b *testing.B) {
			const n, workers = 400, 16
			ctx := context.Background()
			s := newStack(b, kind, baselines)
			bare := rate(b, n, workers, func(i int) error {
				_, err := s.temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
					ID: fmt.Sprintf("bare-%d", i), TaskQueue: workflows.TaskQueue,
				}, "bench-noop")
				return err
			})
			// The task workflow started bare, without the API: what the API
			// itself adds is the difference to the next measure.
			s = newStack(b, kind, nil)
			spec := benchSpec()
			tasks := rate(b, n, workers, func(i int) error {
				sp := spec
				sp.ID = fmt.Sprintf("B%d", i)
				_, err := s.temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
					ID: workflows.TaskWorkflowID(sp.Campaign, sp.ID), TaskQueue: workflows.TaskQueue,
				}, workflows.TaskWorkflowName, workflows.TaskInput{Spec: sp})
				return err
			})
			s = newStack(b, kind, nil)
			s.person(b, "boss", "manager")
			s.person(b, "li")
			s.person(b, "zhao")
			s.campaign(b, "bench")
			api := rate(b, n, workers, func(i int) error {
				s.call(b, s.admin, "POST", "/api/v1/campaigns/bench/tasks", map[string]any{
					"id": fmt.Sprintf("T%d", i+1), "track": "a", "title": "task", "owner": "li", "supervisor": "zhao", "deadline": "2099-06-30",
				}, http.StatusCreated)
				return nil
			})
			b.ReportMetric(bare, "bare-starts/s")
			b.ReportMetric(tasks, "task-starts/s")
			b.ReportMetric(api, "api-creates/s")
			b.ReportMetric(api/bare, "ratio")
			b.Logf("%s: bare no-op starts %.0f/s; bare task-workflow starts %.0f/s; API task creation %.0f/s; "+
				"ratio to no-op starts %.2f (target >= 0.8), to task-workflow starts %.2f", kind, bare, tasks, api, api/bare, api/tasks)
		})
	}
}

// BenchmarkActionLatency compares an action through the API (validated,
// applied, projected, answered) with a bare update on the same server.
// Target: p99 ratio <= 1.5.
func BenchmarkActionLatency(b *testing.B) {
	for _, kind := range storetest.Kinds {
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
			action := latencies(b, n, func(i int) error {
				s.call(b, li, "POST", "/api/v1/tasks/bench/T0/progress", map[string]any{"note": "step", "percent": i % 100}, http.StatusOK)
				return nil
			})
			ratio := ms(percentile(action, .99)) / ms(percentile(bare, .99))
			b.ReportMetric(ms(percentile(bare, .99)), "bare-p99-ms")
			b.ReportMetric(ms(percentile(action, .99)), "action-p99-ms")
			b.ReportMetric(ratio, "p99-ratio")
			b.Logf("%s: %s; %s; p99 ratio %.2f (target <= 1.5)", kind, describe("bare update", bare), describe("API action", action), ratio)
		})
	}
}

// benchSpec is a task like the API creates, due far ahead.
func benchSpec() workflows.TaskSpec {
	d := time.Now().AddDate(1, 0, 0)
	return workflows.TaskSpec{
		Campaign: "bare", Title: "task", CampaignOwner: "boss", Owner: "li", Supervisor: "zhao", Approvers: []string{"zhao"},
		Deadline: d,
		Plan: workflows.TaskPlan{
			EffectiveDeadline: d, Milestones: []workflows.Milestone{{Name: "deadline", Due: d}},
			Policy: workflows.Policy{RemindBefore: []time.Duration{72 * time.Hour, 24 * time.Hour}, ReviewTimeout: 72 * time.Hour},
		},
	}
}
