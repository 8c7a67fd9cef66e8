package importing

import (
	"context"
	"fmt"

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
	run, err := im.launch(ctx, cp, pl)
	switch {
	case err != nil:
		return store.Campaign{}, err
	case run == nil:
		return cp, nil
	}
	if err := run.Get(ctx, nil); err != nil {
		return store.Campaign{}, err
	}
	return im.Store.GetCampaign(ctx, cp.ID)
}

// Begin stores a planned campaign (Persist) and starts its import workflow
// without waiting for it: a page follows the import's Progress instead of
// holding a request open while thousands of tasks start.
func (im *Importer) Begin(ctx context.Context, pl Planned) (Imported, error) {
	cp, created, err := im.Persist(ctx, pl)
	if err != nil {
		return Imported{}, err
	}
	if _, err := im.launch(ctx, cp, pl); err != nil {
		return Imported{}, err
	}
	return Imported{Campaign: cp, Created: created}, nil
}

// launch hands the specs over and starts (or joins) the campaign's import
// workflow; nil for a campaign past importing.
func (im *Importer) launch(ctx context.Context, cp store.Campaign, pl Planned) (client.WorkflowRun, error) {
	if cp.Status != store.CampaignImporting {
		return nil, nil
	}
	if im.Handover != nil && pl.Plan != nil && cp.PlanHash == pl.Plan.Hash() {
		im.Handover.HandOverSpecs(cp.PlanHash, pl.calendarVersion, pl.Specs)
	}
	return im.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       workflows.ImportWorkflowID(cp.ID),
		TaskQueue:                workflows.TaskQueue,
		WorkflowIDConflictPolicy: enums.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enums.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
	}, workflows.ImportWorkflowName, workflows.ImportInput{Campaign: cp.ID})
}

// Progress is how far a campaign's import has got: done once the campaign
// is past importing (its tasks all started), otherwise what the import
// workflow's progress query answers. A campaign not stored is
// store.ErrNotFound.
func (im *Importer) Progress(ctx context.Context, campaign string) (workflows.ImportProgress, error) {
	cp, err := im.Store.GetCampaign(ctx, campaign)
	if err != nil {
		return workflows.ImportProgress{}, err
	}
	if cp.Status != store.CampaignImporting {
		return workflows.ImportProgress{Done: true}, nil
	}
	answer, err := im.Temporal.QueryWorkflow(ctx, workflows.ImportWorkflowID(campaign), "", workflows.QueryImportProgress)
	if err != nil {
		return workflows.ImportProgress{}, err
	}
	var p workflows.ImportProgress
	if err := answer.Get(&p); err != nil {
		return workflows.ImportProgress{}, fmt.Errorf("read the import's progress: %w", err)
	}
	return p, nil
}
