package activities

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/app/reconcile"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// Reconcile runs one reconciliation pass, heartbeating with each difference.
func (a *Activities) Reconcile(ctx context.Context, in workflows.ReconcileInput) (workflows.ReconcileResult, error) {
	if a.Reconciler == nil {
		return workflows.ReconcileResult{}, errors.New("this worker has no reconciler")
	}
	res, err := a.Reconciler.Run(ctx, reconcile.Options{
		Repair: in.Repair,
		Report: func(d reconcile.Difference) {
			activity.GetLogger(ctx).Warn("projection differs from its workflow", "difference", d.String())
			activity.RecordHeartbeat(ctx, d.String())
		},
	})
	if err == nil && len(res.Unchecked) > 0 {
		// Retried by the workflow's policy: the next attempt checks them.
		err = fmt.Errorf("%d tasks could not be checked, the first: %s", len(res.Unchecked), res.Unchecked[0])
	}
	return workflows.ReconcileResult{Tasks: res.Tasks, Differences: len(res.Differences), Repaired: res.Repaired}, err
}

// EnsureReconcileSchedule makes the namespace's reconciliation schedule run
// on cron (repairing what it finds), or removes it when cron is empty. Every
// worker calls it at start; they all agree, so the last one wins harmlessly.
func EnsureReconcileSchedule(ctx context.Context, tc client.Client, cron string) error {
	sc := tc.ScheduleClient()
	h := sc.GetHandle(ctx, workflows.ReconcileScheduleID)
	if cron == "" {
		if err := h.Delete(ctx); err != nil && !isNotFound(err) {
			return err
		}
		return nil
	}
	spec := client.ScheduleSpec{CronExpressions: []string{cron}}
	action := &client.ScheduleWorkflowAction{
		ID:        workflows.ReconcileScheduleID, // the schedule appends the fire time
		Workflow:  workflows.ReconcileWorkflowName,
		Args:      []any{workflows.ReconcileInput{Repair: true}},
		TaskQueue: workflows.TaskQueue,
	}
	return upsertSchedule(ctx, sc, workflows.ReconcileScheduleID, spec, action)
}
