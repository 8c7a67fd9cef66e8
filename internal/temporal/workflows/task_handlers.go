package workflows

import (
	"encoding/json"

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
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateInit, w.init, workflow.UpdateHandlerOptions{
		Validator: func(_ workflow.Context, r InitRequest) error {
			if r.SpecHash != w.state.SpecHash {
				return ruleToApp(task.Conflict("task %s already exists with other details", w.state.Spec.ID))
			}
			return nil
		},
	}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateAdopt, w.adopt, workflow.UpdateHandlerOptions{
		Validator: func(_ workflow.Context, _ task.AdoptRequest) error { return ruleToApp(w.state.RequireLive()) },
	}); err != nil {
		return err
	}
	// One update per action of the table, under the action's name.
	for _, k := range task.Kinds {
		if err := workflow.SetUpdateHandlerWithOptions(ctx, k.Name, w.actionHandler(k),
			workflow.UpdateHandlerOptions{Validator: w.actionValidator(k)}); err != nil {
			return err
		}
	}
	return nil
}

// decodeRequest reads an update's payload as action k's request. The
// handlers take the payload raw so that one handler serves every action of
// the table; the JSON is the same the typed handlers of earlier builds
// decoded, so recorded histories replay.
func decodeRequest(k task.Kind, raw json.RawMessage) (task.Request, error) {
	req := k.NewRequest()
	if err := json.Unmarshal(raw, req); err != nil {
		return nil, ruleToApp(&task.RuleError{Type: task.ErrTypeInvalid, Message: "the request is not valid JSON for " + k.Name})
	}
	return req, nil
}

// actionValidator checks a request against the current state without
// changing it. A refusal here leaves no trace in the history and reaches
// the caller at once.
func (w *taskRun) actionValidator(k task.Kind) func(workflow.Context, json.RawMessage) error {
	return func(ctx workflow.Context, raw json.RawMessage) error {
		req, err := decodeRequest(k, raw)
		if err != nil {
			return err
		}
		return ruleToApp(w.state.Check(k.Rule(req), workflow.Now(ctx)))
	}
}

// actionHandler applies a request and answers with the task as projected.
// An extension's approval first re-plans the task (approveExtension).
func (w *taskRun) actionHandler(k task.Kind) func(workflow.Context, json.RawMessage) (task.View, error) {
	return func(ctx workflow.Context, raw json.RawMessage) (task.View, error) {
		req, err := decodeRequest(k, raw)
		if err != nil {
			return task.View{}, err
		}
		if r, ok := req.(*task.ExtensionDecisionRequest); ok && k.Name == task.ExtensionApprove.Name {
			return w.approveExtension(ctx, *r)
		}
		return w.act(ctx, k.Rule(req))
	}
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
