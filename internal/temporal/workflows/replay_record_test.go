package workflows_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/task"

	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/closeout/closeout/internal/temporal/devserver"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// TestRecordHistories writes testdata/histories/*.json from a real (embedded)
// Temporal server. It runs only when CLOSEOUT_RECORD_HISTORIES=1, and then
// writes only histories not yet committed, so those of older code stay and
// keep guarding running workflows; =overwrite records every one again, for a
// change meant to be incompatible (version the workflow instead if running
// workflows must survive it).
func TestRecordHistories(t *testing.T) {
	if os.Getenv("CLOSEOUT_RECORD_HISTORIES") != "1" {
		t.Skip("set CLOSEOUT_RECORD_HISTORIES=1 to record the replay histories")
	}
	srv, err := devserver.Start(devserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := srv.Stop(); err != nil {
			t.Logf("stop the dev server: %v", err)
		}
	}()
	c, err := client.Dial(client.Options{HostPort: srv.Address()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	w := worker.New(c, workflows.TaskQueue, worker.Options{})
	w.RegisterWorkflowWithOptions(workflows.TaskWorkflow, workflow.RegisterOptions{Name: workflows.TaskWorkflowName})
	var mu sync.Mutex
	w.RegisterActivityWithOptions(func(context.Context, task.ProjectionWrite) error { return nil },
		activity.RegisterOptions{Name: workflows.ActivityProjectTask})
	// Notify holds the reminders of "held-reminder" for a moment, as quiet
	// hours would, and says when it has delivered one released.
	released := make(chan struct{}, 1)
	w.RegisterActivityWithOptions(func(_ context.Context, n task.Notification) (task.NotifyResult, error) {
		mu.Lock()
		defer mu.Unlock()
		if n.Task.ID != "held-reminder" || n.Event.Type != task.EventReminder {
			return task.NotifyResult{}, nil
		}
		if n.Released {
			select {
			case released <- struct{}{}:
			default:
			}
			return task.NotifyResult{}, nil
		}
		return task.NotifyResult{Held: []task.HeldDelivery{{To: n.To[0], Until: time.Now().Add(1500 * time.Millisecond)}}}, nil
	}, activity.RegisterOptions{Name: workflows.ActivityNotify})
	w.RegisterActivityWithOptions(func(_ context.Context, r task.RescheduleRequest) (task.Plan, error) {
		return task.Plan{EffectiveDeadline: r.Deadline}, nil
	}, activity.RegisterOptions{Name: workflows.ActivityReschedule})
	// An extension of "extended" pulls in the deadline of "dependency".
	w.RegisterActivityWithOptions(func(_ context.Context, r task.RescheduleRequest) (task.ExtensionPlan, error) {
		ep := task.ExtensionPlan{Plan: task.Plan{EffectiveDeadline: r.Deadline}, Reason: "an extension of " + r.Task}
		if r.Task == "extended" {
			ep.Dependents = []task.DependentPlan{{Task: "dependency", Plan: task.Plan{EffectiveDeadline: r.Deadline.Add(-48 * time.Hour)}}}
		}
		return ep, nil
	}, activity.RegisterOptions{Name: workflows.ActivityPlanExtension})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	ctx := context.Background()

	spec := func(id string, deadline time.Time) task.Spec {
		return task.Spec{
			Campaign: "replay", ID: id, Title: "task " + id, CampaignOwner: "boss", Owner: "li",
			Supervisor: "zhao", Leader: "wang", Approvers: []string{"zhao", "wang"}, Deadline: deadline,
			Plan: task.Plan{
				EffectiveDeadline: deadline,
				Milestones:        []task.Milestone{{Name: "check", Due: deadline}},
				Policy: task.Policy{
					RemindBefore: []time.Duration{time.Second},
					Overdue: []task.EscalationLevel{
						{After: 0, Notify: []string{"owner"}},
						{After: 2 * time.Second, Notify: []string{"leader"}, Repeat: time.Second},
					},
					ReviewTimeout: time.Hour,
				},
			},
		}
	}
	act := func(id, update string, req any) {
		t.Helper()
		h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
			WorkflowID: workflows.TaskWorkflowID("replay", id), UpdateName: update, Args: []any{req},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		})
		if err == nil {
			err = h.Get(ctx, nil)
		}
		if err != nil {
			t.Fatalf("%s %s: %v", update, id, err)
		}
	}
	startInput := func(in workflows.TaskInput) client.WorkflowRun {
		run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
			ID: workflows.TaskWorkflowID("replay", in.Spec.ID), TaskQueue: workflows.TaskQueue,
		}, workflows.TaskWorkflowName, in)
		if err != nil {
			t.Fatal(err)
		}
		return run
	}
	start := func(s task.Spec) client.WorkflowRun { return startInput(workflows.TaskInput{Spec: s}) }
	actor := func(id string) task.Actor { return task.Actor{ID: id} }
	far := time.Now().Add(30 * 24 * time.Hour)

	// Closed after a return, with an extension on the way.
	closed := start(spec("closed-after-return", far))
	act("closed-after-return", task.Progress.Name, task.ProgressRequest{Actor: actor("li"), Percent: 50, Milestone: "check"})
	act("closed-after-return", task.Extend.Name, task.ExtendRequest{Actor: actor("li"), Deadline: far.Add(24 * time.Hour), Reason: "rain"})
	act("closed-after-return", task.ExtensionApprove.Name, task.ExtensionDecisionRequest{Actor: actor("zhao")})
	act("closed-after-return", task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "done"})
	act("closed-after-return", task.Return.Name, task.ReturnRequest{Actor: actor("zhao"), Reason: "redo"})
	act("closed-after-return", task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "again"})
	act("closed-after-return", task.Approve.Name, task.ApproveRequest{Actor: actor("zhao")})
	act("closed-after-return", task.Approve.Name, task.ApproveRequest{Actor: actor("wang")})

	// Cancelled after a reassignment.
	cancelled := start(spec("cancelled", far))
	act("cancelled", task.Reassign.Name, task.ReassignRequest{Actor: actor("zhao"), Owner: "chen", Reason: "leave"})
	act("cancelled", task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "merged"})

	// Escalated to the last level (and repeated), then closed late.
	soon := time.Now().Add(3 * time.Second)
	escalated := start(spec("escalated", soon))
	for {
		d, err := c.DescribeWorkflowExecution(ctx, workflows.TaskWorkflowID("replay", "escalated"), "")
		if err != nil {
			t.Fatal(err)
		}
		if d.WorkflowExecutionInfo.HistoryLength > 40 { // past level 2 and a few repeats
			break
		}
		time.Sleep(500 * time.Millisecond) // recording only; the replay test never sleeps
	}
	act("escalated", task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "late"})
	act("escalated", task.Approve.Name, task.ApproveRequest{Actor: actor("zhao")})
	act("escalated", task.Approve.Name, task.ApproveRequest{Actor: actor("wang")})

	// An extension approved after PlanExtension: the dependency is told its
	// new plan by a signal the workflow sends (recorded with that code).
	dependency := start(spec("dependency", far))
	extended := start(spec("extended", far))
	act("extended", task.Extend.Name, task.ExtendRequest{Actor: actor("li"), Deadline: far.Add(72 * time.Hour), Reason: "flood"})
	act("extended", task.ExtensionApprove.Name, task.ExtensionDecisionRequest{Actor: actor("zhao")})
	act("extended", task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "merged"})
	act("dependency", task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "merged"})

	// A parent dispatched to one unit: the unit's member reports a value and
	// submits, the parent's owner signs off, the child tells its parent, and
	// the parent closes once it has heard.
	ind := []task.Indicator{{ID: "returned", Name: "返岗人数", Target: 5}}
	parentSpec := spec("dispatched", far)
	parentSpec.Children, parentSpec.Indicators = []string{"dispatched.hn-a"}, ind
	childSpec := spec("dispatched.hn-a", far)
	childSpec.Owner, childSpec.Supervisor, childSpec.Approvers = "unit:hn-a", "li", []string{"li"}
	childSpec.Parent, childSpec.Indicators = "dispatched", []task.Indicator{{ID: "returned", Name: "返岗人数"}}
	parent := start(parentSpec)
	child := start(childSpec)
	member := task.Actor{ID: "a1", Units: []string{"hn-a"}}
	act("dispatched.hn-a", task.Progress.Name, task.ProgressRequest{Actor: member, Percent: 50, Values: map[string]any{"returned": 3.0}})
	act("dispatched.hn-a", task.Submit.Name, task.SubmitRequest{Actor: member, Note: "done", Values: map[string]any{"returned": 5.0}})
	act("dispatched.hn-a", task.Approve.Name, task.ApproveRequest{Actor: actor("li")})
	for {
		var v task.View
		q, err := c.QueryWorkflow(ctx, workflows.TaskWorkflowID("replay", "dispatched"), "", workflows.QueryTask)
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Get(&v); err != nil {
			t.Fatal(err)
		}
		if v.Percent == 100 {
			break
		}
		time.Sleep(100 * time.Millisecond) // recording only
	}
	act("dispatched", task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "all units done"})
	act("dispatched", task.Approve.Name, task.ApproveRequest{Actor: actor("zhao")})
	act("dispatched", task.Approve.Name, task.ApproveRequest{Actor: actor("wang")})

	// Started the way the API and imports start tasks since the creation
	// notice moved into the first workflow task, then submitted and cancelled.
	inline := startInput(workflows.TaskInput{Spec: spec("created-inline", far), InlineNotices: true})
	act("created-inline", task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "done"})
	act("created-inline", task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "merged"})

	// A reminder held for quiet hours and released: the hold comes back in
	// Notify's result, the release is a second Notify. Cancelled before its
	// deadline.
	heldSpec := spec("held-reminder", time.Now().Add(6*time.Second))
	heldSpec.Plan.Policy.RemindBefore = []time.Duration{5 * time.Second}
	held := startInput(workflows.TaskInput{Spec: heldSpec, InlineNotices: true})
	select {
	case <-released:
	case <-time.After(30 * time.Second):
		t.Fatal("the held reminder was never released")
	}
	act("held-reminder", task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "merged"})

	// self-signed-off-before-separation.json was recorded by this test as
	// it was before the separation of duties (commit 479ec5b): the owner,
	// named the approver's substitute, returns and then approves their own
	// submission. Today's rules refuse that, so it cannot be recorded again;
	// the file stays, as running workflows of that code must replay.
	standIn := task.Actor{ID: "li", For: []task.Standin{{ID: "zhao"}}}

	// Under the separation of duties (its version marker in the history):
	// the owner's decisions as the substitute are refused, the approver's
	// own approval closes the task.
	separatedSpec := spec("separated", far)
	separatedSpec.Approvers = []string{"zhao"}
	separated := start(separatedSpec)
	act("separated", task.Submit.Name, task.SubmitRequest{Actor: actor("li"), Note: "done"})
	for _, refused := range []struct {
		update string
		req    any
	}{
		{task.Return.Name, task.ReturnRequest{Actor: standIn, Reason: "mine"}},
		{task.Approve.Name, task.ApproveRequest{Actor: standIn}},
	} {
		h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
			WorkflowID: workflows.TaskWorkflowID("replay", "separated"), UpdateName: refused.update, Args: []any{refused.req},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		})
		if err == nil {
			err = h.Get(ctx, nil)
		}
		if err == nil {
			t.Fatalf("%s of their own submission by the owner as substitute was accepted", refused.update)
		}
	}
	act("separated", task.Approve.Name, task.ApproveRequest{Actor: actor("zhao")})

	// Urged (催办) with a note, a second urge inside the window refused by
	// the validator (nothing in the history), then cancelled.
	cn, err := calendar.NewCN(nil)
	if err != nil {
		t.Fatal(err)
	}
	workdays, err := task.UrgeDays(time.Now(), time.FixedZone("CST", 8*3600), cn)
	if err != nil {
		t.Fatal(err)
	}
	urged := start(spec("urged", far))
	act("urged", task.Urge.Name, task.UrgeRequest{Actor: actor("zhao"), Note: "请抓紧", Workdays: workdays})
	if h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: workflows.TaskWorkflowID("replay", "urged"), UpdateName: task.Urge.Name,
		Args: []any{task.UrgeRequest{Actor: actor("boss"), Workdays: workdays}}, WaitForStage: client.WorkflowUpdateStageCompleted,
	}); err == nil && h.Get(ctx, nil) == nil {
		t.Fatal("a second urge inside the window was accepted")
	}
	act("urged", task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "merged"})

	runs := map[string]client.WorkflowRun{
		"urged":                  urged,
		"separation-of-duties":   separated,
		"held-reminder-released": held,
		"created-inline-notice":  inline,
		"closed-after-return":    closed, "cancelled": cancelled, "escalated": escalated,
		"extension-signals-dependency": extended, "dependency-replanned": dependency,
		"dispatched-parent": parent, "dispatched-child": child,
	}
	for name, run := range runs {
		path := filepath.Join("testdata", "histories", name+".json")
		if _, err := os.Stat(path); err == nil && os.Getenv("CLOSEOUT_RECORD_HISTORIES") != "overwrite" {
			continue // histories of older code stay: running workflows of that code must replay
		}
		if err := run.Get(ctx, nil); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		iter := c.GetWorkflowHistory(ctx, run.GetID(), run.GetRunID(), false, 0)
		hist := &historypb.History{}
		for iter.HasNext() {
			e, err := iter.Next()
			if err != nil {
				t.Fatal(err)
			}
			hist.Events = append(hist.Events, e)
		}
		b, err := protojson.MarshalOptions{Indent: "  "}.Marshal(hist)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
