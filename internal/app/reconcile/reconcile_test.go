package reconcile_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/app/reconcile"
	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/workflows"
	"github.com/closeout/closeout/internal/testworld"
)

// fixture is a real Temporal server, worker and projection with one
// campaign, and the reconciler over them.
type fixture struct {
	t   testing.TB
	ctx context.Context
	db  *store.DB
	tc  client.Client
	ops *taskops.Ops
	rec *reconcile.Reconciler
}

func newFixture(t testing.TB, kind string) *fixture {
	world := testworld.New(t, testworld.Options{Store: kind})
	tc, db := world.Temporal, world.DB
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	c := store.Campaign{
		ID: "rc", Title: "reconcile", Owner: "boss", Timezone: "UTC", Calendar: json.RawMessage(`"none"`),
		Start: time.Now(), Deadline: time.Now().Add(30 * 24 * time.Hour), Status: store.CampaignActive,
		Tracks: []store.Track{{ID: "a", Title: "A"}}, PlanHash: "h", CreatedAt: time.Now(),
	}
	if _, _, err := db.SaveCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	rec := &reconcile.Reconciler{Store: db, Temporal: tc, Log: slog.Default(), Settle: 300 * time.Millisecond}
	return &fixture{t: t, ctx: ctx, db: db, tc: tc, ops: &taskops.Ops{Store: db, Temporal: tc}, rec: rec}
}

func (f *fixture) create(id string) {
	deadline := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second)
	spec := task.Spec{
		Campaign: "rc", ID: id, Title: "task " + id, Track: "a", CampaignOwner: "boss", Owner: "li",
		Supervisor: "zhao", Approvers: []string{"zhao"}, Deadline: deadline,
		Plan: task.Plan{EffectiveDeadline: deadline},
	}
	if _, err := f.ops.Create(f.ctx, spec); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) act(id, update string, req any) {
	f.t.Helper()
	h, err := f.tc.UpdateWorkflow(f.ctx, client.UpdateWorkflowOptions{
		WorkflowID: workflows.TaskWorkflowID("rc", id), UpdateName: update, Args: []any{req},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(f.ctx, nil)
	}
	if err != nil {
		f.t.Fatal(err)
	}
}

// phantom writes what an abandoned attempt after the task's last committed
// write would have: the same history length, a later clock, the next version,
// the task closed and one event more.
func (f *fixture) phantom(id string) {
	f.t.Helper()
	st, err := f.db.StoredTask(f.ctx, "rc", id)
	if err != nil {
		f.t.Fatal(err)
	}
	fence, err := task.ParseFence(st.Fence)
	if err != nil {
		f.t.Fatal(err)
	}
	fence.At++
	fence.Version++
	v := st.View
	v.Status, v.Light, v.Seq, v.Version = task.StatusClosed, task.LightDone, v.Seq+1, fence.Version
	ev := task.Event{Seq: v.Seq, At: time.Now(), Actor: "zhao", Type: task.EventClosed}
	if err := f.db.ProjectTask(f.ctx, task.ProjectionWrite{Task: v, Events: []task.Event{ev}, Fence: fence.String()}); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) run(repair bool) reconcile.Result {
	f.t.Helper()
	res, err := f.rec.Run(f.ctx, reconcile.Options{Repair: repair})
	if err != nil {
		f.t.Fatal(err)
	}
	return res
}

func kinds(res reconcile.Result) map[string]bool {
	out := map[string]bool{}
	for _, d := range res.Differences {
		out[d.Kind] = true
	}
	return out
}

// Reconciliation finds nothing on a clean projection, finds a write no
// committed workflow task made (its view, its extra event, the rollup it
// moved), and repairs it, on a running task (through the workflow) and on a
// finished one (directly).
func TestReconcileFindsAndRepairsPhantoms(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, kind)
			f.create("T1")
			f.create("T2")
			f.act("T1", task.Progress.Name, task.ProgressRequest{Actor: task.Actor{ID: "li"}, Note: "half", Percent: 50})
			if res := f.run(false); len(res.Differences) != 0 || res.Tasks != 2 {
				t.Fatalf("clean projection: %+v", res)
			}

			f.phantom("T1")
			found := f.run(false)
			if k := kinds(found); !k[reconcile.KindAhead] || !k[reconcile.KindExtra] {
				t.Fatalf("phantom not found: %+v", found.Differences)
			}
			if found.Repaired != 0 {
				t.Fatalf("repaired without --repair: %+v", found)
			}
			repaired := f.run(true)
			if len(repaired.Differences) == 0 || repaired.Repaired != len(repaired.Differences) {
				t.Fatalf("repair: %+v", repaired.Differences)
			}
			if res := f.run(false); len(res.Differences) != 0 {
				t.Fatalf("after repair: %+v", res.Differences)
			}
			if v, _ := f.db.GetTask(f.ctx, "rc", "T1"); v.Status != task.StatusOpen || v.Percent != 50 {
				t.Fatalf("repaired view: %+v", v)
			}

			// A finished task can no longer write: its committed end is
			// written for it.
			f.act("T2", task.Submit.Name, task.SubmitRequest{Actor: task.Actor{ID: "li"}, Note: "done"})
			f.act("T2", task.Approve.Name, task.ApproveRequest{Actor: task.Actor{ID: "zhao"}})
			f.phantom("T2")
			if res := f.run(true); res.Repaired == 0 || res.Repaired != len(res.Differences) {
				t.Fatalf("repair of a finished task: %+v", res.Differences)
			}
			if res := f.run(false); len(res.Differences) != 0 {
				t.Fatalf("after repairing the finished task: %+v", res.Differences)
			}
			events, err := f.db.TaskEvents(f.ctx, "rc", "T2")
			if err != nil || len(events) == 0 || events[len(events)-1].Actor != "zhao" {
				t.Fatalf("events of T2: %+v, %v", events, err)
			}
		})
	}
}
