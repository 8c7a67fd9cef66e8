package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// The import workflow starts the task workflows of a campaign that the API has
// stored, in batches, recording how far it got. If any process dies half way,
// Temporal resumes it where it stood; a task whose workflow already exists is
// found, not started again.
const (
	ImportWorkflowName   = "ImportCampaign"
	QueryImportProgress  = "progress"
	ActivityStartTasks   = "StartTasks"
	ActivityFinishImport = "FinishImport"
	// DefaultImportBatch tasks are started per activity.
	DefaultImportBatch = 200
)

// ImportWorkflowID is the id of a campaign's import: one per campaign, so a
// repeated import request joins the one already running.
func ImportWorkflowID(campaign string) string { return "import/" + campaign }

// ImportInput names the stored campaign to import.
type ImportInput struct {
	Campaign  string `json:"campaign"`
	BatchSize int    `json:"batch_size,omitempty"`
}

// ImportProgress is the import's state, its query answer and its result.
type ImportProgress struct {
	Total   int  `json:"total"`
	Started int  `json:"started"`
	Done    bool `json:"done"`
}

// StartTasksRequest asks for the tasks [Offset, Offset+Limit) of the
// campaign's plan to be listed in the projection and their workflows started.
type StartTasksRequest struct {
	Campaign string `json:"campaign"`
	Offset   int    `json:"offset"`
	Limit    int    `json:"limit"`
}

// StartTasksResult says how many tasks the plan has and where the next batch
// begins.
type StartTasksResult struct {
	Total int `json:"total"`
	Next  int `json:"next"`
}

// ImportWorkflow starts every task of a campaign, a batch at a time.
func ImportWorkflow(ctx workflow.Context, in ImportInput) (ImportProgress, error) {
	batch := in.BatchSize
	if batch <= 0 {
		batch = DefaultImportBatch
	}
	var progress ImportProgress
	if err := workflow.SetQueryHandler(ctx, QueryImportProgress, func() (ImportProgress, error) { return progress, nil }); err != nil {
		return progress, err
	}
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Minute,
		HeartbeatTimeout:    time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
	for {
		var res StartTasksResult
		req := StartTasksRequest{Campaign: in.Campaign, Offset: progress.Started, Limit: batch}
		if err := workflow.ExecuteActivity(ctx, ActivityStartTasks, req).Get(ctx, &res); err != nil {
			return progress, err
		}
		progress.Total, progress.Started = res.Total, res.Next
		if res.Next >= res.Total {
			break
		}
	}
	if err := workflow.ExecuteActivity(ctx, ActivityFinishImport, in.Campaign).Get(ctx, nil); err != nil {
		return progress, err
	}
	progress.Done = true
	return progress, nil
}
