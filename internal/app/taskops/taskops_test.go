package taskops

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/platform/store"
)

type fakeUnits map[string][]string

func (f fakeUnits) UnitsOf(_ context.Context, person string) ([]string, error) { return f[person], nil }
func (f fakeUnits) GetUnit(context.Context, string) (store.Unit, error) {
	return store.Unit{}, store.ErrNotFound
}

// Every action of the table carries an actor Act can give units to, and
// the units are the store's, whatever the request said.
func TestActorUnitsComeFromTheStore(t *testing.T) {
	units := fakeUnits{"zhou": {"hn-a", "hn-b"}}
	for _, k := range task.Kinds {
		req := k.NewRequest()
		*req.Acting() = task.Actor{ID: "zhou", Units: []string{"forged"}}
		if err := resolveUnits(context.Background(), units, req.Acting()); err != nil {
			t.Fatal(err)
		}
		if got := req.Acting().Units; !slices.Equal(got, []string{"hn-a", "hn-b"}) {
			t.Fatalf("%s: units %v", k.Name, got)
		}
	}
	a, err := ActorOf(context.Background(), units, store.Person{ID: "li", Roles: []string{store.RoleAdmin}})
	if err != nil || a.ID != "li" || !a.Admin || a.Units != nil {
		t.Fatalf("actor of li: %+v %v", a, err)
	}
}

// standins maps a substitute to the people they stand in for.
type standins map[string][]string

func (s standins) StandsInFor(_ context.Context, substitute string, _ time.Time) ([]string, error) {
	return s[substitute], nil
}

// The actor stands in for the people the store says, each with their own
// units; one level only, whatever the request claimed, and Admin stays the
// actor's own.
func TestActorStandsInForOneLevel(t *testing.T) {
	units := fakeUnits{"zhao": {"hn-a"}, "wang": {"hn-w"}}
	subs := standins{"wang": {"zhao"}, "zhao": {"li"}}
	a := task.Actor{ID: "wang", For: []task.Standin{{ID: "forged"}}}
	if err := resolveActor(context.Background(), units, subs, time.Now(), &a); err != nil {
		t.Fatal(err)
	}
	want := task.Actor{ID: "wang", Units: []string{"hn-w"}, For: []task.Standin{{ID: "zhao", Units: []string{"hn-a"}}}}
	if diff := cmp.Diff(want, a); diff != "" {
		t.Fatalf("actor (-want +got):\n%s", diff)
	}
	if !a.Holds("unit:hn-a") || a.OnBehalfOf("zhao") != "zhao" || a.Holds("li") {
		t.Fatalf("wang holds what zhao holds, not what zhao stands in for: %+v", a)
	}
	admin := task.Actor{ID: "li"}
	if err := resolveActor(context.Background(), units, standins{"li": {"root"}}, time.Now(), &admin); err != nil || admin.Admin {
		t.Fatalf("standing in for someone made li an admin: %+v %v", admin, err)
	}
	// ActorOf finds the standins when its Units can tell them.
	got, err := ActorOf(context.Background(), both{units, subs}, store.Person{ID: "wang"})
	if err != nil || len(got.For) != 1 || got.For[0].ID != "zhao" {
		t.Fatalf("ActorOf: %+v %v", got, err)
	}
}

type both struct {
	fakeUnits
	standins
}
