package taskops

import (
	"context"
	"slices"
	"testing"

	"github.com/closeout/closeout/store"
	"github.com/closeout/closeout/workflows"
)

type fakeUnits map[string][]string

func (f fakeUnits) UnitsOf(_ context.Context, person string) ([]string, error) { return f[person], nil }
func (f fakeUnits) GetUnit(context.Context, string) (store.Unit, error) {
	return store.Unit{}, store.ErrNotFound
}

// Every action request carries an actor Act can give units to, and the
// units are the store's, whatever the request said.
func TestActorUnitsComeFromTheStore(t *testing.T) {
	units := fakeUnits{"zhou": {"hn-a", "hn-b"}}
	for _, req := range []any{
		&workflows.ProgressRequest{}, &workflows.SubmitRequest{}, &workflows.ApproveRequest{}, &workflows.ReturnRequest{},
		&workflows.ExtendRequest{}, &workflows.ExtensionDecisionRequest{}, &workflows.ReassignRequest{}, &workflows.CancelRequest{},
	} {
		a := requestActor(req)
		if a == nil {
			t.Fatalf("%T: no actor found", req)
		}
		*a = workflows.Actor{ID: "zhou", Units: []string{"forged"}}
		if err := resolveUnits(context.Background(), units, a); err != nil {
			t.Fatal(err)
		}
		if got := requestActor(req).Units; !slices.Equal(got, []string{"hn-a", "hn-b"}) {
			t.Fatalf("%T: units %v", req, got)
		}
	}
	for _, req := range []any{nil, workflows.ApproveRequest{}, &workflows.InitRequest{}, new(int)} {
		if requestActor(req) != nil {
			t.Fatalf("%T: an actor where there is none", req)
		}
	}
	a, err := ActorOf(context.Background(), units, store.Person{ID: "li", Roles: []string{store.RoleAdmin}})
	if err != nil || a.ID != "li" || !a.Admin || a.Units != nil {
		t.Fatalf("actor of li: %+v %v", a, err)
	}
}
