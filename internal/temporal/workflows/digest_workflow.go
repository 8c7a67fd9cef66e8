package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// The digest posts a campaign's progress report to its channel on the
// campaign's cron, through a Temporal Schedule that starts this workflow.
const (
	DigestWorkflowName = "Digest"
	ActivitySendDigest = "SendDigest"
)

// DigestScheduleID is the id of a campaign's digest schedule.
func DigestScheduleID(campaign string) string { return "digest/" + campaign }

// DigestInput names the campaign to report on.
type DigestInput struct {
	Campaign string `json:"campaign"`
}

// DigestWorkflow builds and posts one digest. The report is read when the
// activity runs, so a retried digest reports the campaign as it is then.
func DigestWorkflow(ctx workflow.Context, in DigestInput) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: 10 * time.Second, BackoffCoefficient: 2, MaximumInterval: 10 * time.Minute, MaximumAttempts: 10,
		},
	})
	return workflow.ExecuteActivity(ctx, ActivitySendDigest, in).Get(ctx, nil)
}
