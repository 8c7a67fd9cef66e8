package e2e

import (
	"context"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
)

// UpdateWithStart is the bare counterpart of creating a task: it starts
// workflowType as id on queue with update, and returns once the update is
// answered, which the new workflow's first workflow task does. Benchmarks
// compare creation with it, since a creation is answered only once its task
// is projected (read-your-writes), while a bare start is answered before its
// first workflow task runs.
func UpdateWithStart(ctx context.Context, c client.Client, id, queue, workflowType, update string, args ...any) error {
	start := c.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
		ID: id, TaskQueue: queue, WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
	}, workflowType)
	h, err := c.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions:          client.UpdateWorkflowOptions{UpdateName: update, Args: args, WaitForStage: client.WorkflowUpdateStageCompleted},
	})
	if err != nil {
		return err
	}
	return h.Get(ctx, nil)
}
