package worker_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/workflow"

	"github.com/closeout/closeout/internal/app/reconcile"
	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/workflows"
	"github.com/closeout/closeout/internal/testworld"
)

// The phantom of SPEC section 9, made deterministic: the projection write of
// an action succeeds, then the workflow task dies before it commits (a panic
// fails it, as a killed worker would), and Temporal runs the action again in
// a new workflow task. The projection must end up with the committed write,
// not the first one. Without fencing the first write stayed: same seq, same
// version, so the committed one was dropped as a repeat.
func TestAbandonedProjectionWriteLosesToTheCommittedOne(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			crash := &crashAfterProjection{note: "the worker dies after this write"}
			ctx, tc, db, spec := crashingWorld(t, kind, crash, "phantom")
			if err := sendProgress(ctx, tc, spec, crash.note); err != nil {
				t.Fatal(err)
			}
			if !crash.fired.Load() {
				t.Fatal("the workflow task never died after its projection write")
			}

			// The committed task, as its workflow knows it, against the projection.
			committed := queryView(ctx, t, tc, workflows.TaskWorkflowID(spec.Campaign, spec.ID))
			stored, err := db.GetTask(ctx, spec.Campaign, spec.ID)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := jsonOf(t, committed), jsonOf(t, stored); a != b {
				t.Fatalf("the projection kept the abandoned write:\n committed %s\n    stored %s", a, b)
			}
			events, err := db.TaskEvents(ctx, spec.Campaign, spec.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(events) != 2 || events[1].Type != task.EventProgress || !events[1].At.Equal(committed.UpdatedAt.Truncate(time.Millisecond)) {
				t.Fatalf("log %+v, want created and the committed progress at %s", events, committed.UpdatedAt)
			}
		})
	}
}

// The tail phantom (issue 26): the workflow task of an update writes the
// projection and is lost, and the update is lost with it, as when Temporal's
// server dies in dev mode. Nothing the workflow does later overrules the
// write. The write's note must bring it to the check, which repairs it, so
// the next read (after the check dev mode runs before it serves) shows only
// what the workflow committed.
func TestTailPhantomIsRepairedBeforeTheNextRead(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			crash := &crashAfterProjection{note: "this progress never happened", loseUpdate: true}
			ctx, tc, db, spec := crashingWorld(t, kind, crash, "tail-phantom")
			wid := workflows.TaskWorkflowID(spec.Campaign, spec.ID)
			if err := sendProgress(ctx, tc, spec, crash.note); err == nil || !crash.fired.Load() {
				t.Fatalf("the update was applied (error %v, crashed %v): no phantom to test", err, crash.fired.Load())
			}

			committed := queryView(ctx, t, tc, wid)
			stored, err := db.GetTask(ctx, spec.Campaign, spec.ID)
			if err != nil {
				t.Fatal(err)
			}
			if jsonOf(t, committed) == jsonOf(t, stored) {
				t.Fatal("the projection shows no phantom: the test reproduced nothing")
			}
			notes, err := db.UnconfirmedWrites(ctx, time.Now().Add(time.Second), 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(notes) != 1 || notes[0].Task != spec.ID || notes[0].Version != stored.Version || !notes[0].ByUpdate {
				t.Fatalf("unconfirmed writes %+v, want the phantom's (version %d)", notes, stored.Version)
			}

			rec := &reconcile.Reconciler{Store: db, Temporal: tc, Log: slog.Default(), Settle: 300 * time.Millisecond}
			res, err := rec.CheckUnconfirmed(ctx, reconcile.CheckOptions{Before: time.Now()})
			if err != nil || len(res.Unchecked) > 0 {
				t.Fatalf("check: %v %v", err, res.Unchecked)
			}
			if res.Checked != 1 || res.Repaired == 0 {
				t.Fatalf("check %+v, want the phantom found and repaired", res)
			}
			committed = queryView(ctx, t, tc, wid)
			if stored, err = db.GetTask(ctx, spec.Campaign, spec.ID); err != nil {
				t.Fatal(err)
			}
			if a, b := jsonOf(t, committed), jsonOf(t, stored); a != b {
				t.Fatalf("after the check the projection still differs:\n committed %s\n    stored %s", a, b)
			}
			events, err := db.TaskEvents(ctx, spec.Campaign, spec.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				if e.Data["note"] == crash.note {
					t.Fatalf("the phantom's event is still served: %+v", e)
				}
			}
			// The repair's own write is confirmed by a clean check.
			if _, err := rec.CheckUnconfirmed(ctx, reconcile.CheckOptions{Before: time.Now()}); err != nil {
				t.Fatal(err)
			}
			if notes, err = db.UnconfirmedWrites(ctx, time.Now().Add(time.Second), 0); err != nil || len(notes) != 0 {
				t.Fatalf("notes left after a clean check: %+v %v", notes, err)
			}
		})
	}
}

// crashingWorld is a real Temporal server, a projection of kind and a worker
// whose workflow tasks crash as crash says, with the phantom task created in
// campaign.
func crashingWorld(t *testing.T, kind string, crash *crashAfterProjection, campaign string) (context.Context, client.Client, *store.DB, task.Spec) {
	t.Helper()
	world := testworld.New(t, testworld.Options{Store: kind, Interceptors: []interceptor.WorkerInterceptor{crash}})
	tc, db := world.Temporal, world.DB
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	spec := phantomSpec()
	spec.Campaign = campaign
	if _, err := (&taskops.Ops{Store: db, Temporal: tc}).Create(ctx, spec); err != nil {
		t.Fatal(err)
	}
	return ctx, tc, db, spec
}

// sendProgress reports progress on the task with note, as its owner, and
// waits for the update's outcome.
func sendProgress(ctx context.Context, tc client.Client, spec task.Spec, note string) error {
	h, err := tc.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: workflows.TaskWorkflowID(spec.Campaign, spec.ID), UpdateName: task.Progress.Name,
		Args:         []any{task.ProgressRequest{Actor: task.Actor{ID: "li"}, Note: note, Percent: 40}},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		return err
	}
	return h.Get(ctx, nil)
}

func queryView(ctx context.Context, t *testing.T, tc client.Client, wid string) task.View {
	t.Helper()
	v, err := tc.QueryWorkflow(ctx, wid, "", workflows.QueryTask)
	if err != nil {
		t.Fatal(err)
	}
	var view task.View
	if err := v.Get(&view); err != nil {
		t.Fatal(err)
	}
	return view
}

func jsonOf(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func phantomSpec() task.Spec {
	deadline := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second)
	return task.Spec{
		Campaign: "phantom", ID: "T1", Title: "a task whose worker dies", CampaignOwner: "boss",
		Owner: "li", Supervisor: "zhao", Approvers: []string{"zhao"}, Deadline: deadline,
		Plan: task.Plan{EffectiveDeadline: deadline},
	}
}

// crashAfterProjection fails the workflow task once, right after the
// projection write of the action whose note it names has succeeded.
type crashAfterProjection struct {
	interceptor.WorkerInterceptorBase
	note  string
	fired atomic.Bool
	// loseUpdate makes the update vanish after the crash, as it does when
	// Temporal's server dies with it (dev mode): the retried workflow task
	// rejects it instead of applying it again.
	loseUpdate bool
}

func (c *crashAfterProjection) InterceptWorkflow(_ workflow.Context, next interceptor.WorkflowInboundInterceptor) interceptor.WorkflowInboundInterceptor {
	in := &crashInbound{crash: c}
	in.Next = next
	return in
}

type crashInbound struct {
	interceptor.WorkflowInboundInterceptorBase
	crash *crashAfterProjection
}

func (i *crashInbound) ValidateUpdate(ctx workflow.Context, in *interceptor.UpdateInput) error {
	if i.crash.loseUpdate && i.crash.fired.Load() && len(in.Args) == 1 {
		// The handlers take their payload raw (task_handlers.go).
		var r task.ProgressRequest
		if raw, ok := in.Args[0].(json.RawMessage); ok && json.Unmarshal(raw, &r) == nil && r.Note == i.crash.note {
			return errors.New("test: this update died with its server")
		}
	}
	return i.Next.ValidateUpdate(ctx, in)
}

func (i *crashInbound) Init(outbound interceptor.WorkflowOutboundInterceptor) error {
	out := &crashOutbound{crash: i.crash}
	out.Next = outbound
	return i.Next.Init(out)
}

type crashOutbound struct {
	interceptor.WorkflowOutboundInterceptorBase
	crash *crashAfterProjection
}

func (o *crashOutbound) ExecuteLocalActivity(ctx workflow.Context, activityType string, args ...any) workflow.Future {
	f := o.Next.ExecuteLocalActivity(ctx, activityType, args...)
	if activityType != workflows.ActivityProjectTask || len(args) != 1 {
		return f
	}
	write, ok := args[0].(task.ProjectionWrite)
	if !ok {
		return f
	}
	for _, e := range write.Events {
		if e.Data["note"] == o.crash.note {
			return crashingFuture{Future: f, fired: &o.crash.fired}
		}
	}
	return f
}

// crashingFuture panics once its write is done: the SDK fails the workflow
// task, the server gives the task to a new attempt, which replays the
// committed history and applies the action again.
type crashingFuture struct {
	workflow.Future
	fired *atomic.Bool
}

func (f crashingFuture) Get(ctx workflow.Context, v any) error {
	err := f.Future.Get(ctx, v)
	if err == nil && f.fired.CompareAndSwap(false, true) {
		panic("test: the worker dies before its workflow task commits")
	}
	return err
}
