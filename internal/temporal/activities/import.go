package activities

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"golang.org/x/sync/errgroup"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// Importer is what the import activities need besides the projection.
// ImportSpecs answers every task spec of a stored campaign: planning.Planner
// answers those the import use case (app/importing) handed over when it
// started the import in this process, and schedules the stored plan only
// when it has none (another process, a restart, calendars loaded since).
// Either way StartTasks's request and result stay as recorded histories
// have them.
type Importer interface {
	ImportSpecs(ctx context.Context, campaign string) ([]task.Spec, error)
}

// ImportStore is the projection the import writes to.
type ImportStore interface {
	SeedTasks(ctx context.Context, tasks []task.View) error
	SetCampaignStatus(ctx context.Context, id, status string) error
	Analyze(ctx context.Context) error
}

// startConcurrency bounds the workflow starts in flight per batch.
const startConcurrency = 16

// StartTasks lists a batch of a campaign's tasks in the projection and starts
// their workflows. Starting is idempotent: a workflow that already exists,
// running or finished, is left as it is, so a retried batch starts nothing
// twice. Progress is heartbeated, so a retry skips what was done.
func (a *Activities) StartTasks(ctx context.Context, req workflows.StartTasksRequest) (workflows.StartTasksResult, error) {
	specs, err := a.Importer.ImportSpecs(ctx, req.Campaign)
	if err != nil {
		return workflows.StartTasksResult{}, err
	}
	total := len(specs)
	from := req.Offset
	if activity.HasHeartbeatDetails(ctx) {
		var done int
		if activity.GetHeartbeatDetails(ctx, &done) == nil && done > from {
			from = done
		}
	}
	to := min(req.Offset+req.Limit, total)
	if from >= to {
		return workflows.StartTasksResult{Total: total, Next: to}, nil
	}
	batch := specs[from:to]
	if err := a.ImportStore.SeedTasks(ctx, task.InitialViews(batch, time.Now())); err != nil {
		return workflows.StartTasksResult{}, err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(startConcurrency)
	for _, spec := range batch {
		g.Go(func() error { return startTask(gctx, a.Temporal, spec) })
	}
	if err := g.Wait(); err != nil {
		return workflows.StartTasksResult{}, err
	}
	// Counted once the whole batch has started, just before the heartbeat
	// that makes a retry skip it: a failed batch counts nothing, and only an
	// attempt that dies between the two has its batch counted twice.
	a.Metrics.ImportStarted(req.Campaign, len(batch), total)
	activity.RecordHeartbeat(ctx, to)
	return workflows.StartTasksResult{Total: total, Next: to}, nil
}

// startTask starts a task's workflow unless it already exists.
//
// The start is eager: the import runs in a worker of closeout's task queue,
// so the server hands the new workflow's first task straight back in its
// answer instead of sending it through matching, and records it started in
// the same write as the start (one write per task fewer). When this client's
// worker has no free slot, or the server does not offer it, the start is an
// ordinary one.
func startTask(ctx context.Context, c client.Client, spec task.Spec) error {
	_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       workflows.TaskWorkflowID(spec.Campaign, spec.ID),
		TaskQueue:                workflows.TaskQueue,
		WorkflowIDReusePolicy:    enums.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enums.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		EnableEagerStart:         true,
	}, workflows.TaskWorkflowName, workflows.TaskInput{Spec: spec, InlineNotices: true})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) { // it ran and finished: never start a task twice
		return nil
	}
	if err != nil {
		return fmt.Errorf("start task %s: %w", spec.ID, err)
	}
	return nil
}

// FinishImport sets up the campaign's digest schedule and marks the campaign
// active once every task has its workflow.
func (a *Activities) FinishImport(ctx context.Context, campaign string) error {
	c, err := a.Store.GetCampaign(ctx, campaign)
	if err != nil {
		return err
	}
	if err := a.syncDigest(ctx, c); err != nil {
		return fmt.Errorf("digest schedule: %w", err)
	}
	if err := a.ImportStore.Analyze(ctx); err != nil {
		return fmt.Errorf("refresh statistics: %w", err)
	}
	return a.ImportStore.SetCampaignStatus(ctx, campaign, store.CampaignActive)
}
