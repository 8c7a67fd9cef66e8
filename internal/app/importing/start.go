package importing

import (
	"context"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// Start makes sure a stored campaign's import workflow has run, starting it
// or joining the one running, and answers the campaign as stored after it.
// A campaign past importing is answered as it is. The planned specs are
// handed over first: the workflow's input stays the campaign's id (recorded
// histories replay as they are), and its StartTasks activities take the
// specs handed over when they run in this process.
func (im *Importer) Start(ctx context.Context, cp store.Campaign, pl Planned) (store.Campaign, error) {
	if cp.Status != store.CampaignImporting {
		return cp, nil
	}
	if im.Handover != nil && pl.Plan != nil && cp.PlanHash == pl.Plan.Hash() {
		im.Handover.HandOverSpecs(cp.PlanHash, pl.calendarVersion, pl.Specs)
	}
	run, err := im.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       workflows.ImportWorkflowID(cp.ID),
		TaskQueue:                workflows.TaskQueue,
		WorkflowIDConflictPolicy: enums.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enums.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
	}, workflows.ImportWorkflowName, workflows.ImportInput{Campaign: cp.ID})
	if err != nil {
		return store.Campaign{}, err
	}
	if err := run.Get(ctx, nil); err != nil {
		return store.Campaign{}, err
	}
	return im.Store.GetCampaign(ctx, cp.ID)
}
