// Package worker runs closeout's workflows and activities on the task queue.
package worker

import (
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/closeout/closeout/internal/temporal/activities"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// New builds a worker polling closeout's task queue with every workflow and
// activity registered under the names the workflows package calls them by.
func New(c client.Client, acts *activities.Activities) sdkworker.Worker {
	w := sdkworker.New(c, workflows.TaskQueue, sdkworker.Options{
		MaxConcurrentWorkflowTaskExecutionSize:  64,
		MaxConcurrentLocalActivityExecutionSize: 64,
		// Actions and imports come in bursts; two pollers (the default) would
		// make every workflow task wait in line. Pollers scale with the load.
		WorkflowTaskPollerBehavior: sdkworker.NewPollerBehaviorAutoscaling(sdkworker.PollerBehaviorAutoscalingOptions{
			InitialNumberOfPollers: 4, MinimumNumberOfPollers: 2, MaximumNumberOfPollers: 32,
		}),
		ActivityTaskPollerBehavior: sdkworker.NewPollerBehaviorAutoscaling(sdkworker.PollerBehaviorAutoscalingOptions{
			InitialNumberOfPollers: 2, MinimumNumberOfPollers: 1, MaximumNumberOfPollers: 16,
		}),
	})
	Register(w, acts)
	return w
}

// Register adds closeout's workflows and activities to any registry (a worker,
// or a replayer that only needs the workflows).
func Register(r interface {
	RegisterWorkflowWithOptions(any, workflow.RegisterOptions)
	RegisterActivityWithOptions(any, activity.RegisterOptions)
}, acts *activities.Activities) {
	r.RegisterWorkflowWithOptions(workflows.TaskWorkflow, workflow.RegisterOptions{Name: workflows.TaskWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.BundleWorkflow, workflow.RegisterOptions{Name: workflows.BundleWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.ImportWorkflow, workflow.RegisterOptions{Name: workflows.ImportWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.DigestWorkflow, workflow.RegisterOptions{Name: workflows.DigestWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.ReconcileWorkflow, workflow.RegisterOptions{Name: workflows.ReconcileWorkflowName})
	r.RegisterActivityWithOptions(acts.ProjectTask, activity.RegisterOptions{Name: workflows.ActivityProjectTask})
	r.RegisterActivityWithOptions(acts.Notify, activity.RegisterOptions{Name: workflows.ActivityNotify})
	r.RegisterActivityWithOptions(acts.SendBundle, activity.RegisterOptions{Name: workflows.ActivitySendBundle})
	r.RegisterActivityWithOptions(acts.Reschedule, activity.RegisterOptions{Name: workflows.ActivityReschedule})
	r.RegisterActivityWithOptions(acts.PlanExtension, activity.RegisterOptions{Name: workflows.ActivityPlanExtension})
	r.RegisterActivityWithOptions(acts.StartTasks, activity.RegisterOptions{Name: workflows.ActivityStartTasks})
	r.RegisterActivityWithOptions(acts.FinishImport, activity.RegisterOptions{Name: workflows.ActivityFinishImport})
	r.RegisterActivityWithOptions(acts.SendDigest, activity.RegisterOptions{Name: workflows.ActivitySendDigest})
	r.RegisterActivityWithOptions(acts.Reconcile, activity.RegisterOptions{Name: workflows.ActivityReconcile})
}
