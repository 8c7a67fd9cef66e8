package workflows

import "go.temporal.io/sdk/workflow"

// fenceNow is the fence of a write the workflow makes now, at version.
func (w *taskRun) fenceNow(ctx workflow.Context, version int64) Fence {
	return Fence{
		Run:     w.state.Run,
		History: int64(workflow.GetInfo(ctx).GetCurrentHistoryLength()),
		At:      workflow.Now(ctx).UnixNano(),
		Version: version,
	}
}
