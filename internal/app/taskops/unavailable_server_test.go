package taskops_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/devserver/devservertest"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// noTasks is a store that knows no task or person.
type noTasks struct{}

func (noTasks) GetTask(context.Context, string, string) (task.View, error) {
	return task.View{}, store.ErrNotFound
}
func (noTasks) GetPerson(context.Context, string) (store.Person, error) {
	return store.Person{}, store.ErrNotFound
}

// What a real Temporal server answers an update while the workflow's task
// keeps failing (each kill of a worker that held it counts the same): it
// fails the update at once with WorkflowNotReady, which the SDK does not
// retry. Act must make that ErrUnavailable (the API's 503, "retry"), not a
// bare error (a 500); chaos saw such 500s right after kills.
func TestActOnAWorkflowWhoseTaskKeepsFailing(t *testing.T) {
	c := devservertest.Client(t)
	const queue = "failing"
	w := worker.New(c, queue, worker.Options{})
	w.RegisterWorkflowWithOptions(func(workflow.Context) error { panic("a workflow task that never completes") },
		workflow.RegisterOptions{Name: "failing-task"})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	id := workflows.TaskWorkflowID("c", "T1")
	if _, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: queue}, "failing-task"); err != nil {
		t.Fatal(err)
	}
	// The server counts the task's attempts; from the third it refuses
	// updates. Wait for it to say so.
	for {
		d, err := c.DescribeWorkflowExecution(ctx, id, "")
		if err != nil {
			t.Fatal(err)
		}
		if d.GetPendingWorkflowTask().GetAttempt() >= 3 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the workflow task never reached its third attempt: %+v", d.GetPendingWorkflowTask())
		case <-time.After(100 * time.Millisecond): // polling the server's own count
		}
	}

	ops := &taskops.Ops{Store: noTasks{}, Temporal: c, Timeout: 30 * time.Second}
	req := &task.ProgressRequest{Actor: task.Actor{ID: "li"}, Note: "step", Percent: 10}
	_, err := ops.Act(ctx, task.View{Campaign: "c", ID: "T1"}, taskops.Action{Kind: task.Progress, Request: req})
	var notReady *serviceerror.WorkflowNotReady
	if !errors.Is(err, taskops.ErrUnavailable) || !errors.As(err, &notReady) {
		t.Fatalf("Act on a workflow whose task keeps failing: %v (%T), want ErrUnavailable from WorkflowNotReady", err, errors.Unwrap(err))
	}
}
