package activities_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/app/reconcile"
	"github.com/closeout/closeout/internal/temporal/activities"
	"github.com/closeout/closeout/internal/temporal/workflows"
	"github.com/closeout/closeout/internal/testworld"
)

// Workers keep one reconciliation schedule on the configured cron; a
// triggered run reconciles through the activity; an empty cron removes it.
func TestReconcileSchedule(t *testing.T) {
	world := testworld.New(t, testworld.Options{Activities: func(w *testworld.World) *activities.Activities {
		return &activities.Activities{Reconciler: &reconcile.Reconciler{Store: w.DB, Temporal: w.Temporal, Log: slog.Default()}}
	}})
	tc := world.Temporal
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	for range 2 { // every worker ensures it at start: the second changes nothing
		if err := activities.EnsureReconcileSchedule(ctx, tc, "0 3 * * *"); err != nil {
			t.Fatal(err)
		}
	}
	h := tc.ScheduleClient().GetHandle(ctx, workflows.ReconcileScheduleID)
	desc, err := h.Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cals := desc.Schedule.Spec.Calendars; len(cals) != 1 || cals[0].Hour[0].Start != 3 {
		t.Fatalf("schedule spec: %+v", desc.Schedule.Spec)
	}
	if err := h.Trigger(ctx, client.ScheduleTriggerOptions{}); err != nil {
		t.Fatal(err)
	}
	// The schedule starts the run on its own time: poll for it.
	var run string
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for run == "" {
		desc, err := h.Describe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(desc.Info.RecentActions); n > 0 {
			run = desc.Info.RecentActions[n-1].StartWorkflowResult.WorkflowID
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("the triggered reconciliation never started")
		case <-tick.C:
		}
	}
	var res workflows.ReconcileResult
	if err := tc.GetWorkflow(ctx, run, "").Get(ctx, &res); err != nil {
		t.Fatalf("reconcile run %q: %v", run, err)
	}
	if res.Differences != 0 {
		t.Fatalf("an empty projection reconciled with differences: %+v", res)
	}

	if err := activities.EnsureReconcileSchedule(ctx, tc, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Describe(ctx); err == nil {
		t.Fatal("the schedule is still there with no cron")
	}
}
