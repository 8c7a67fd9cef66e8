package workflows

import (
	"go.temporal.io/sdk/workflow"
)

// setup registers the query and every update before the workflow first blocks,
// so requests that arrive with the start (update-with-start) find them.
func (w *taskRun) setup(ctx workflow.Context) error {
	if err := workflow.SetQueryHandler(ctx, QueryTask, func() (TaskView, error) {
		return w.state.View(workflow.Now(ctx)), nil
	}); err != nil {
		return err
	}
	if err := workflow.SetQueryHandler(ctx, QueryProjection, func() (ProjectionState, error) {
		return ProjectionState{
			Task: w.state.View(w.state.WrittenAt), Fence: w.state.LastFence,
			LogHash: w.state.LogHash, HashBase: w.state.HashBase,
			Recent: w.recent, Pending: len(w.pending),
		}, nil
	}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateInit, w.init, workflow.UpdateHandlerOptions{
		Validator: func(_ workflow.Context, r InitRequest) error {
			if r.SpecHash != w.state.SpecHash {
				return ruleToApp(conflict("task %s already exists with other details", w.state.Spec.ID))
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
		{UpdateProgress, handlerFor(w, asAction[ProgressRequest]), validatorFor(w, asAction[ProgressRequest])},
		{UpdateSubmit, handlerFor(w, asAction[SubmitRequest]), validatorFor(w, asAction[SubmitRequest])},
		{UpdateApprove, handlerFor(w, asAction[ApproveRequest]), validatorFor(w, asAction[ApproveRequest])},
		{UpdateReturn, handlerFor(w, asAction[ReturnRequest]), validatorFor(w, asAction[ReturnRequest])},
		{UpdateExtend, handlerFor(w, asAction[ExtendRequest]), validatorFor(w, asAction[ExtendRequest])},
		{UpdateReassign, handlerFor(w, asAction[ReassignRequest]), validatorFor(w, asAction[ReassignRequest])},
		{UpdateCancel, handlerFor(w, asAction[CancelRequest]), validatorFor(w, asAction[CancelRequest])},
		{UpdateExtensionReject, handlerFor(w, RejectExtension), validatorFor(w, RejectExtension)},
		{UpdateExtensionApprove, w.approveExtension, validatorFor(w, func(r ExtensionDecisionRequest) Action {
			return ApproveExtension(r, nil)
		})},
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateAdopt, w.adopt, workflow.UpdateHandlerOptions{
		Validator: func(_ workflow.Context, _ AdoptRequest) error { return ruleToApp(w.state.requireLive()) },
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

func asAction[R Action](r R) Action { return r }

// validatorFor checks a request against the current state without changing it.
// A refusal here leaves no trace in the history and reaches the caller at once.
func validatorFor[R any](w *taskRun, wrap func(R) Action) func(workflow.Context, R) error {
	return func(ctx workflow.Context, r R) error {
		return ruleToApp(w.state.Check(wrap(r), workflow.Now(ctx)))
	}
}

// handlerFor applies a request and answers with the task as projected.
func handlerFor[R any](w *taskRun, wrap func(R) Action) func(workflow.Context, R) (TaskView, error) {
	return func(ctx workflow.Context, r R) (TaskView, error) { return w.act(ctx, wrap(r)) }
}

// init answers update-with-start once the task is in the projection.
func (w *taskRun) init(ctx workflow.Context, _ InitRequest) (TaskView, error) {
	if err := workflow.Await(ctx, func() bool { return w.ready }); err != nil {
		return TaskView{}, err
	}
	return w.state.View(workflow.Now(ctx)), nil
}

// act applies an action (checked again: another update may have run since the
// validator) and returns once the projection shows it, so the caller can read
// its own write from any list or report.
func (w *taskRun) act(ctx workflow.Context, a Action) (TaskView, error) {
	e, err := w.state.applyUnder(a, workflow.Now(ctx), w.separateDuties)
	if err != nil {
		return TaskView{}, ruleToApp(err)
	}
	w.updates++
	return w.commitUpdate(ctx, e), nil
}

// adopt records a child dispatched later and answers once it is projected.
func (w *taskRun) adopt(ctx workflow.Context, r AdoptRequest) (TaskView, error) {
	e, err := w.state.Adopt(r, workflow.Now(ctx))
	if err != nil {
		return TaskView{}, ruleToApp(err)
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
func (w *taskRun) approveExtension(ctx workflow.Context, r ExtensionDecisionRequest) (TaskView, error) {
	if err := w.state.Check(ApproveExtension(r, nil), workflow.Now(ctx)); err != nil {
		return TaskView{}, ruleToApp(err)
	}
	req := RescheduleRequest{Campaign: w.state.Spec.Campaign, Task: w.state.Spec.ID, Deadline: w.state.Extension.Deadline}
	if workflow.GetVersion(ctx, versionSignalDependents, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		var plan TaskPlan
		if err := workflow.ExecuteLocalActivity(withLocalOptions(ctx), ActivityReschedule, req).Get(ctx, &plan); err != nil {
			return TaskView{}, err
		}
		return w.act(ctx, ApproveExtension(r, &plan))
	}
	var ep ExtensionPlan
	if err := workflow.ExecuteLocalActivity(withLocalOptions(ctx), ActivityPlanExtension, req).Get(ctx, &ep); err != nil {
		return TaskView{}, err
	}
	view, err := w.act(ctx, ApproveExtension(r, &ep.Plan))
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
func (w *taskRun) signalDependents(ctx workflow.Context, ep ExtensionPlan) {
	for _, d := range ep.Dependents {
		w.inflight++
		workflow.Go(ctx, func(ctx workflow.Context) {
			defer func() { w.inflight-- }()
			id := TaskWorkflowID(w.state.Spec.Campaign, d.Task)
			err := workflow.SignalExternalWorkflow(ctx, id, "", SignalReschedule, RescheduleSignal{Plan: d.Plan, Reason: ep.Reason}).Get(ctx, nil)
			if err != nil {
				w.logger.Warn("dependent task not re-planned", "task", d.Task, "error", err)
			}
		})
	}
}
