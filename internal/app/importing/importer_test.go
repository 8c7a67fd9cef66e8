package importing

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// openGate admits every plan, as an admin importing into an empty store.
type openGate struct{ specs int }

func (openGate) Plan(context.Context, *plan.Plan) (store.UnitsAsChecked, error) {
	return store.UnitsAsChecked{}, nil
}
func (g *openGate) Specs(_ *plan.Plan, specs []task.Spec) error { g.specs = len(specs); return nil }

func known(string) bool { return true }

func request(t *testing.T, file string, gate Gate) Request {
	t.Helper()
	data, err := os.ReadFile("../../domain/plan/testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return Request{
		Doc:     Document{Data: data, Format: plan.YAML},
		Options: plan.ParseOptions{Now: time.Now(), PersonExists: known, UnitExists: known},
		Actor:   "admin",
		Gate:    gate,
	}
}

// The specs an import hands over must be the very specs the import
// workflow's activities would make from the stored plan (the canonical
// JSON, read back at the campaign's start): the task workflows start from
// them either way.
func TestPlannedSpecsAreThoseOfTheStoredPlan(t *testing.T) {
	for _, file := range []string{"xmlc-2024.yaml", "units.yaml"} {
		im := &Importer{}
		gate := &openGate{}
		pl, err := im.Plan(context.Background(), request(t, file, gate))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if gate.specs != len(pl.Specs) || len(pl.Specs) == 0 {
			t.Fatalf("%s: the gate saw %d specs of %d", file, gate.specs, len(pl.Specs))
		}
		doc, err := pl.Plan.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		stored, err := plan.Parse(doc, plan.JSON, plan.ParseOptions{Now: pl.Plan.Start.Time.UTC(), PersonExists: known, UnitExists: known})
		if err != nil {
			t.Fatalf("%s: stored plan: %v", file, err)
		}
		res, err := plan.Schedule(stored)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Schedule(stored, res)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(again)
		got, _ := json.Marshal(pl.Specs)
		if string(got) != string(want) {
			t.Errorf("%s: the planned specs differ from the stored plan's", file)
		}
	}
}

// A plan that cannot be met is refused as Invalid, with the wording that
// points at allow_infeasible; nothing reaches the gate.
func TestPlanRefusesAnInvalidPlan(t *testing.T) {
	req := request(t, "xmlc-2024.yaml", &openGate{})
	req.Doc = Document{Data: []byte(`{"id": "x"}`), Format: plan.JSON}
	_, err := (&Importer{}).Plan(context.Background(), req)
	r, ok := errors.AsType[*Refusal](err)
	if !ok || r.Reason != Invalid || r.Detail != "the plan is not valid" {
		t.Fatalf("got %v, want an Invalid refusal", err)
	}
	if _, ok := errors.AsType[*plan.ValidationError](err); !ok {
		t.Fatalf("the refusal does not carry the plan's field errors: %v", err)
	}
}

// Persist stores a campaign once: the same plan again is the stored
// campaign, not created; another plan under its id is a Conflict.
func TestPersistOnce(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	im := &Importer{Store: db}
	pl, err := im.Plan(ctx, request(t, "units.yaml", &openGate{}))
	if err != nil {
		t.Fatal(err)
	}
	cp, created, err := im.Persist(ctx, pl)
	if err != nil || !created || cp.Status != store.CampaignImporting || cp.PlanHash != pl.Plan.Hash() {
		t.Fatalf("first import: %+v, created %v, %v", cp, created, err)
	}
	if _, created, err := im.Persist(ctx, pl); err != nil || created {
		t.Fatalf("same plan again: created %v, %v", created, err)
	}
	other := pl
	other.Plan = &plan.Plan{}
	*other.Plan = *pl.Plan
	other.Plan.Title = "another title"
	_, _, err = im.Persist(ctx, other)
	if r, ok := errors.AsType[*Refusal](err); !ok || r.Reason != Conflict {
		t.Fatalf("another plan under the id: %v, want a Conflict", err)
	}
}

// Progress answers a campaign past importing as done without asking its
// workflow, and a campaign never stored as store.ErrNotFound.
func TestProgressOfAStoredCampaign(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	im := &Importer{Store: db}
	if _, err := im.Progress(ctx, "nowhere"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a campaign never stored: %v, want ErrNotFound", err)
	}
	pl, err := im.Plan(ctx, request(t, "units.yaml", &openGate{}))
	if err != nil {
		t.Fatal(err)
	}
	cp, _, err := im.Persist(ctx, pl)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetCampaignStatus(ctx, cp.ID, store.CampaignActive); err != nil {
		t.Fatal(err)
	}
	if p, err := im.Progress(ctx, cp.ID); err != nil || !p.Done {
		t.Fatalf("an active campaign's import: %+v %v, want done", p, err)
	}
}
