package workflows

import (
	"github.com/closeout/closeout/internal/domain/task"
	"go.temporal.io/sdk/workflow"
)

// setup registers the query and every update before the workflow first blocks,
// so requests that arrive with the start (update-with-start) find them.
func (w *taskRun) setup(ctx workflow.Context) error {
	if err := workflow.SetQueryHandler(ctx, QueryTask, func() (task.View, error) {
		return w.state.View(workflow.Now(ctx)), nil
	}); err != nil {
		return err
	}
	if err := workflow.SetQueryHandler(ctx, QueryProjection, func() (task.ProjectionState, error) {
		return task.ProjectionState{
			Task: w.state.View(w.state.WrittenAt), Fence: w.state.LastFence,
			LogHash: w.state.LogHash, HashBase: w.state.HashBase,
			Recent: w.recent, Pending: len(w.pending),
		}, nil
	}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, task.UpdateInit, w.init, workflow.UpdateHandlerOptions{
		Validator: func(_ workflow.Context, r InitRequest) error {
			if r.SpecHash != w.state.SpecHash {
				return ruleToApp(task.Conflict("task %s already exists with other details", w.state.Spec.ID))
			}
			return nil
		},
	}); err != nil {
		return err
	}
	updates := []struct {
		name              string
		handler, validate any
	}{
		{task.UpdateProgress, handlerFor(w, asAction[task.ProgressRequest]), validatorFor(w, asAction[task.ProgressRequest])},
		{task.UpdateSubmit, handlerFor(w, asAction[task.SubmitRequest]), validatorFor(w, asAction[task.SubmitRequest])},
		{task.UpdateApprove, handlerFor(w, asAction[task.ApproveRequest]), validatorFor(w, asAction[task.ApproveRequest])},
		{task.UpdateReturn, handlerFor(w, asAction[task.ReturnRequest]), validatorFor(w, asAction[task.ReturnRequest])},
		{task.UpdateExtend, handlerFor(w, asAction[task.ExtendRequest]), validatorFor(w, asAction[task.ExtendRequest])},
		{task.UpdateReassign, handlerFor(w, asAction[task.ReassignRequest]), validatorFor(w, asAction[task.ReassignRequest])},
		{task.UpdateCancel, handlerFor(w, asAction[task.CancelRequest]), validatorFor(w, asAction[task.CancelRequest])},
		{task.UpdateExtensionReject, handlerFor(w, task.RejectExtension), validatorFor(w, task.RejectExtension)},
		{task.UpdateExtensionApprove, w.approveExtension, validatorFor(w, func(r task.ExtensionDecisionRequest) task.Action {
			return task.ApproveExtension(r, nil)
		})},
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateAdopt, w.adopt, workflow.UpdateHandlerOptions{
		Validator: func(_ workflow.Context, _ task.AdoptRequest) error { return ruleToApp(w.state.RequireLive()) },
	}); err != nil {
		return err
	}
	for _, u := range updates {
		if err := workflow.SetUpdateHandlerWithOptions(ctx, u.name, u.handler,
			workflow.UpdateHandlerOptions{Validator: u.validate}); err != nil {
			return err
		}
	}
	return nil
}

func asAction[R task.Action](r R) task.Action { return r }

// validatorFor checks a request against the current state without changing it.
// A refusal here leaves no trace in the history and reaches the caller at once.
func validatorFor[R any](w *taskRun, wrap func(R) task.Action) func(workflow.Context, R) error {
	return func(ctx workflow.Context, r R) error {
		return ruleToApp(w.state.Check(wrap(r), workflow.Now(ctx)))
	}
}

// handlerFor applies a request and answers with the task as projected.
func handlerFor[R any](w *taskRun, wrap func(R) task.Action) func(workflow.Context, R) (task.View, error) {
	return func(ctx workflow.Context, r R) (task.View, error) { return w.act(ctx, wrap(r)) }
}

// init answers update-with-start once the task is in the projection.
func (w *taskRun) init(ctx workflow.Context, _ InitRequest) (task.View, error) {
	if err := workflow.Await(ctx, func() bool { return w.ready }); err != nil {
		return task.View{}, err
	}
	return w.state.View(workflow.Now(ctx)), nil
}

// act applies an action (checked again: another update may have run since the
// validator) and returns once the projection shows it, so the caller can read
// its own write from any list or report.
func (w *taskRun) act(ctx workflow.Context, a task.Action) (task.View, error) {
	e, err := w.state.ApplyUnder(a, workflow.Now(ctx), w.separateDuties)
	if err != nil {
		return task.View{}, ruleToApp(err)
	}
	w.updates++
	return w.commitUpdate(ctx, e), nil
}

// adopt records a child dispatched later and answers once it is projected.
func (w *taskRun) adopt(ctx workflow.Context, r task.AdoptRequest) (task.View, error) {
	e, err := w.state.Adopt(r, workflow.Now(ctx))
	if err != nil {
		return task.View{}, ruleToApp(err)
	}
	if !e.Changed {
		return w.state.View(workflow.Now(ctx)), nil
	}
	w.updates++
	return w.commitUpdate(ctx, e), nil
}

// approveExtension re-plans the task under the requested deadline before
// granting it, so milestones, reminders and the ladder all move together.
// The tasks it depends on are told their new plans by signals the workflow
// sends once the approval commits: a signal sent from inside the workflow
// task (the Reschedule activity of older runs) would outlive a task that
// never commits.
func (w *taskRun) approveExtension(ctx workflow.Context, r task.ExtensionDecisionRequest) (task.View, error) {
	if err := w.state.Check(task.ApproveExtension(r, nil), workflow.Now(ctx)); err != nil {
		return task.View{}, ruleToApp(err)
	}
	req := task.RescheduleRequest{Campaign: w.state.Spec.Campaign, Task: w.state.Spec.ID, Deadline: w.state.Extension.Deadline}
	if workflow.GetVersion(ctx, versionSignalDependents, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		var plan task.Plan
		if err := workflow.ExecuteLocalActivity(withLocalOptions(ctx), ActivityReschedule, req).Get(ctx, &plan); err != nil {
			return task.View{}, err
		}
		return w.act(ctx, task.ApproveExtension(r, &plan))
	}
	var ep task.ExtensionPlan
	if err := workflow.ExecuteLocalActivity(withLocalOptions(ctx), ActivityPlanExtension, req).Get(ctx, &ep); err != nil {
		return task.View{}, err
	}
	view, err := w.act(ctx, task.ApproveExtension(r, &ep.Plan))
	if err == nil {
		w.signalDependents(ctx, ep)
	}
	return view, err
}

// versionSignalDependents marks runs whose extension approvals signal the
// dependent tasks as workflow commands (after commit), not from an activity.
const versionSignalDependents = "signal-dependents-after-commit"

// signalDependents sends each dependent task its new plan in the background.
// A dependent that has finished no longer needs one.
func (w *taskRun) signalDependents(ctx workflow.Context, ep task.ExtensionPlan) {
	for _, d := range ep.Dependents {
		w.inflight++
		workflow.Go(ctx, func(ctx workflow.Context) {
			defer func() { w.inflight-- }()
			id := TaskWorkflowID(w.state.Spec.Campaign, d.Task)
			err := workflow.SignalExternalWorkflow(ctx, id, "", SignalReschedule, task.RescheduleSignal{Plan: d.Plan, Reason: ep.Reason}).Get(ctx, nil)
			if err != nil {
				w.logger.Warn("dependent task not re-planned", "task", d.Task, "error", err)
			}
		})
	}
}
