package workflows

import (
	"github.com/closeout/closeout/internal/domain/task"
	"go.temporal.io/sdk/workflow"
)

// tellParent signals the parent when what it shows of this child changed.
// It runs after a commit, as a workflow command: a workflow task that never
// commits sends nothing. A parent that has finished needs nothing more.
func (w *taskRun) tellParent(ctx workflow.Context) {
	s := w.state
	if s.Spec.Parent == "" {
		return
	}
	u, key := s.ForParent()
	if key == s.ParentSent {
		return
	}
	s.ParentSent = key
	w.inflight++
	workflow.Go(ctx, func(ctx workflow.Context) {
		defer func() { w.inflight-- }()
		id := TaskWorkflowID(s.Spec.Campaign, s.Spec.Parent)
		if err := workflow.SignalExternalWorkflow(ctx, id, "", SignalChild, u).Get(ctx, nil); err != nil {
			w.logger.Warn("parent task not told", "parent", s.Spec.Parent, "error", err)
		}
	})
}

// drainChildren applies the children's updates that arrived, committing
// once for all of them. It reports whether any changed the task.
func (w *taskRun) drainChildren(ctx workflow.Context) bool {
	ch := workflow.GetSignalChannel(ctx, SignalChild)
	var e task.Effects
	var u task.ChildUpdate
	for ch.ReceiveAsync(&u) {
		w.updates++
		if w.state.ApplyChild(u, workflow.Now(ctx)).Changed {
			e.Changed = true
		}
		u = task.ChildUpdate{}
	}
	if e.Changed {
		w.commit(ctx, e)
	}
	return e.Changed
}
