package planning

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/platform/store"
)

// stubPlanner plans whatever spec it holds and records what it was asked.
type stubPlanner struct {
	spec     task.Spec
	planned  int
	signaled []*Dependencies
}

func (p *stubPlanner) NewTaskWith(_ context.Context, campaign string, _ []byte, _ plan.Format, known plan.ParseOptions) (task.Spec, *Dependencies, error) {
	p.planned++
	if known.PersonExists == nil || known.UnitExists == nil {
		return task.Spec{}, nil, errors.New("the planner was not told who exists")
	}
	s := p.spec
	s.Campaign = campaign
	return s, &Dependencies{campaign: campaign, task: s.ID}, nil
}

func (p *stubPlanner) SignalDependencies(_ context.Context, d *Dependencies) error {
	p.signaled = append(p.signaled, d)
	return nil
}

type stubCreator struct{ created []task.Spec }

func (c *stubCreator) Create(_ context.Context, spec task.Spec) (task.View, error) {
	c.created = append(c.created, spec)
	return task.View{Campaign: spec.Campaign, ID: spec.ID, Title: spec.Title}, nil
}

type noDirectory struct{}

func (noDirectory) GetPerson(context.Context, string) (store.Person, error) {
	return store.Person{}, store.ErrNotFound
}
func (noDirectory) GetUnit(context.Context, string) (store.Unit, error) {
	return store.Unit{}, store.ErrNotFound
}

// The campaign's owner, a manager and an admin add tasks; anyone else is
// refused before anything is planned. A task is created, then the tasks it
// depends on are told.
func TestAdderAuthorisesPlansCreatesSignals(t *testing.T) {
	camp := store.Campaign{ID: "c", Owner: "wang"}
	for _, tc := range []struct {
		who store.Person
		may bool
	}{
		{store.Person{ID: "wang", Roles: []string{store.RoleMember}}, true},
		{store.Person{ID: "boss", Roles: []string{store.RoleManager}}, true},
		{store.Person{ID: "root", Roles: []string{store.RoleAdmin}}, true},
		{store.Person{ID: "li", Roles: []string{store.RoleMember}}, false},
	} {
		p, c := &stubPlanner{spec: task.Spec{ID: "N1", Title: "新任务", Owner: "li"}}, &stubCreator{}
		a := &Adder{Planner: p, Tasks: c, Directory: noDirectory{}}
		view, err := a.Add(context.Background(), NewTask{Campaign: camp, By: tc.who, Body: []byte(`{}`), Format: plan.JSON})
		if !tc.may {
			if !errors.Is(err, ErrMayNotAdd) || p.planned != 0 || len(c.created) != 0 {
				t.Errorf("%s: err %v, planned %d, created %d; want refused before planning", tc.who.ID, err, p.planned, len(c.created))
			}
			continue
		}
		if err != nil || view.ID != "N1" || len(c.created) != 1 || c.created[0].Campaign != "c" || len(p.signaled) != 1 {
			t.Errorf("%s: %+v %v, created %v, signaled %d", tc.who.ID, view, err, c.created, len(p.signaled))
		}
	}
}

// A spec no workflow could carry is refused at its field, in both
// languages, and nothing is created.
func TestAdderRefusesSpecsNoWorkflowCarries(t *testing.T) {
	boss := store.Person{ID: "boss", Roles: []string{store.RoleManager}}
	for name, tc := range map[string]struct {
		spec  task.Spec
		field string
	}{
		"NUL in the title":     {task.Spec{ID: "N1", Title: "a\x00b"}, "title"},
		"NUL in an approver":   {task.Spec{ID: "N1", Title: "t", Approvers: []string{"zhao", "x\x00"}}, "approvers[1]"},
		"too large to be sent": {task.Spec{ID: "N1", Title: strings.Repeat("长", MaxSpecSize/3+1)}, ""},
	} {
		c := &stubCreator{}
		a := &Adder{Planner: &stubPlanner{spec: tc.spec}, Tasks: c, Directory: noDirectory{}}
		_, err := a.Add(context.Background(), NewTask{Campaign: store.Campaign{ID: "c"}, By: boss, Format: plan.JSON})
		var ve *plan.ValidationError
		if !errors.As(err, &ve) || len(ve.Errors) != 1 || ve.Errors[0].Field != tc.field {
			t.Errorf("%s: %v, want one problem at %q", name, err, tc.field)
			continue
		}
		if ve.Errors[0].Zh == "" || ve.Errors[0].Zh == ve.Errors[0].Message {
			t.Errorf("%s: no Chinese for %q", name, ve.Errors[0].Message)
		}
		if len(c.created) != 0 {
			t.Errorf("%s: created %v", name, c.created)
		}
	}
}
