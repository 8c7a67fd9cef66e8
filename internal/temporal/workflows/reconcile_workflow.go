package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// In production reconciliation runs on a Temporal Schedule (daily by
// default) that starts this workflow; dev mode runs it once at start.
const (
	ReconcileWorkflowName = "Reconcile"
	ActivityReconcile     = "Reconcile"
	// ReconcileScheduleID is the one schedule of the namespace that runs it.
	ReconcileScheduleID = "reconcile"
)

// ReconcileInput chooses what a scheduled pass does.
type ReconcileInput struct {
	Repair bool `json:"repair"`
}

// ReconcileResult sums up a pass.
type ReconcileResult struct {
	Tasks       int `json:"tasks"`
	Differences int `json:"differences"`
	Repaired    int `json:"repaired"`
}

// ReconcileWorkflow runs one reconciliation pass as a heartbeating activity:
// a pass over many tasks takes a while, and a worker that dies half way
// hands it to another.
func ReconcileWorkflow(ctx workflow.Context, in ReconcileInput) (ReconcileResult, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 6 * time.Hour,
		HeartbeatTimeout:    time.Minute,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: 30 * time.Second, BackoffCoefficient: 2, MaximumInterval: 30 * time.Minute, MaximumAttempts: 5,
		},
	})
	var res ReconcileResult
	err := workflow.ExecuteActivity(ctx, ActivityReconcile, in).Get(ctx, &res)
	return res, err
}
