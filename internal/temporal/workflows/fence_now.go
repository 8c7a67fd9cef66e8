package workflows

import (
	"github.com/closeout/closeout/internal/domain/task"
	"go.temporal.io/sdk/workflow"
)

// fenceNow is the fence of a write the workflow makes now, at version.
func (w *taskRun) fenceNow(ctx workflow.Context, version int64) task.Fence {
	return task.Fence{
		Run:     w.state.Run,
		History: int64(workflow.GetInfo(ctx).GetCurrentHistoryLength()),
		At:      workflow.Now(ctx).UnixNano(),
		Version: version,
	}
}
