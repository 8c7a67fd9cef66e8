package planning

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

func parseDemoPlan(t *testing.T) *plan.Plan {
	t.Helper()
	data, err := os.ReadFile("../../domain/plan/testdata/xmlc-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(data, plan.YAML, plan.ParseOptions{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Every spec carries its schedule as instants: milestones in order, the last
// one on the last working day by the effective deadline, which is never after
// the task's own; flagged tasks get the flagged policy.
func TestSpecsFromPlan(t *testing.T) {
	p := parseDemoPlan(t)
	res, err := plan.Schedule(p)
	if err != nil {
		t.Fatal(err)
	}
	specs, err := Specs(p, res)
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) != 30 {
		t.Fatalf("%d specs", len(specs))
	}
	for _, s := range specs {
		tp := s.Plan
		if tp.EffectiveDeadline.After(s.Deadline) {
			t.Errorf("%s: effective deadline %v after its own %v", s.ID, tp.EffectiveDeadline, s.Deadline)
		}
		last := tp.Milestones[len(tp.Milestones)-1].Due
		if last.After(tp.EffectiveDeadline) || tp.EffectiveDeadline.Sub(last) > 3*24*time.Hour {
			t.Errorf("%s: the last milestone %v is not the last working day by %v", s.ID, last, tp.EffectiveDeadline)
		}
		if !slices.IsSortedFunc(tp.Milestones, func(a, b task.Milestone) int { return a.Due.Compare(b.Due) }) {
			t.Errorf("%s: milestones out of order", s.ID)
		}
		if s.Flagged && tp.Policy.ReviewTimeout != 24*time.Hour {
			t.Errorf("%s: flagged task without the flagged policy: %+v", s.ID, tp.Policy)
		}
		if len(s.Approvers) == 0 {
			t.Errorf("%s: no approver", s.ID)
		}
	}
}

// fakeStore serves a stored campaign and its projected tasks.
type fakeStore struct {
	campaign store.Campaign
	tasks    []task.View
}

func (f *fakeStore) GetCampaign(context.Context, string) (store.Campaign, error) {
	return f.campaign, nil
}
func (f *fakeStore) CampaignPlan(context.Context, string) (json.RawMessage, error) {
	return f.campaign.Plan, nil
}
func (f *fakeStore) CampaignTasks(context.Context, string) ([]task.View, error) {
	return f.tasks, nil
}

type signal struct {
	workflowID string
	plan       task.Plan
}

type fakeSignaler struct{ sent []signal }

func (f *fakeSignaler) SignalWorkflow(_ context.Context, id, _, _ string, arg any) error {
	f.sent = append(f.sent, signal{id, arg.(task.RescheduleSignal).Plan})
	return nil
}

// storedCampaign imports the example plan into fakes, as the import does.
func storedCampaign(t *testing.T) (*Planner, *fakeStore, *fakeSignaler) {
	p := parseDemoPlan(t)
	doc, err := p.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	res, _ := plan.Schedule(p)
	specs, err := Specs(p, res)
	if err != nil {
		t.Fatal(err)
	}
	fs := &fakeStore{campaign: store.Campaign{ID: p.ID, Timezone: p.Timezone, Start: p.Start.Time, PlanHash: p.Hash(), Plan: doc}}
	for _, s := range specs {
		st, _ := task.NewTaskState(s, p.Start.Time)
		fs.tasks = append(fs.tasks, st.View(p.Start.Time))
	}
	sig := &fakeSignaler{}
	return New(fs, sig), fs, sig
}

// A task added with a dependency tightens that dependency's deadline, and the
// dependency is told; one without dependencies leaves the rest alone.
func TestNewTaskReplansItsDependencies(t *testing.T) {
	pl, fs, sig := storedCampaign(t)
	ctx := context.Background()
	t02 := fs.tasks[slices.IndexFunc(fs.tasks, func(v task.View) bool { return v.ID == "T02" })]
	body := []byte(`{"id":"T31","track":"qingche","title":"follow-up","owner":"li","supervisor":"zhao","deadline":"2024-07-31","depends_on":["T02"]}`)
	spec, deps, err := pl.NewTask(ctx, "xmlc-2024", body, plan.JSON, func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	if err := pl.SignalDependencies(ctx, deps); err != nil {
		t.Fatal(err)
	}
	if len(sig.sent) != 1 || sig.sent[0].workflowID != workflows.TaskWorkflowID("xmlc-2024", "T02") {
		t.Fatalf("signals: %+v", sig.sent)
	}
	newT02 := sig.sent[0].plan.EffectiveDeadline
	if !newT02.Before(t02.Deadline) || !newT02.Before(spec.Plan.LatestStart) {
		t.Fatalf("T02 must now end (%v) before T31 starts (%v), earlier than its own %v", newT02, spec.Plan.LatestStart, t02.Deadline)
	}

	sig.sent = nil
	lone := []byte(`{"id":"T32","track":"qingche","title":"alone","owner":"li","supervisor":"zhao","deadline":"2024-09-30"}`)
	if _, deps, err = pl.NewTask(ctx, "xmlc-2024", lone, plan.JSON, func(string) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if err := pl.SignalDependencies(ctx, deps); err != nil || len(sig.sent) != 0 {
		t.Fatalf("a task without dependencies re-planned others: %v %+v", err, sig.sent)
	}
}

// An extension re-plans the task and relaxes the tasks it depends on.
func TestReplanAfterExtension(t *testing.T) {
	pl, _, sig := storedCampaign(t)
	ctx := context.Background()
	// T03 depends on T02 in the example plan; give T03 a month more.
	newDeadline := time.Date(2024, 11, 29, 15, 59, 59, 0, time.UTC)
	tp, err := pl.Replan(ctx, task.RescheduleRequest{Campaign: "xmlc-2024", Task: "T03", Deadline: newDeadline})
	if err != nil {
		t.Fatal(err)
	}
	if !tp.EffectiveDeadline.Equal(newDeadline) {
		t.Fatalf("T03's new plan ends %v, want %v", tp.EffectiveDeadline, newDeadline)
	}
	for _, s := range sig.sent {
		if s.workflowID == workflows.TaskWorkflowID("xmlc-2024", "T03") {
			t.Fatal("the extended task itself must not be signalled")
		}
	}
}

// Planning an extension changes nothing: it answers the task's new plan and
// those of the tasks it depends on, for the workflow to signal once the
// approval commits.
func TestPlanExtensionSignalsNothing(t *testing.T) {
	pl, _, sig := storedCampaign(t)
	// T03 depends on T02: an earlier deadline for T03 pulls T02's in.
	newDeadline := time.Date(2024, 9, 13, 15, 59, 59, 0, time.UTC)
	ep, err := pl.PlanExtension(context.Background(), task.RescheduleRequest{Campaign: "xmlc-2024", Task: "T03", Deadline: newDeadline})
	if err != nil {
		t.Fatal(err)
	}
	if !ep.Plan.EffectiveDeadline.Equal(newDeadline) || len(sig.sent) != 0 {
		t.Fatalf("plan ends %v (want %v), signals sent %+v", ep.Plan.EffectiveDeadline, newDeadline, sig.sent)
	}
	if len(ep.Dependents) != 1 || ep.Dependents[0].Task != "T02" || !ep.Dependents[0].Plan.EffectiveDeadline.Before(newDeadline) {
		t.Fatalf("dependents: %+v", ep.Dependents)
	}
}
