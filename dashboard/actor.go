package dashboard

import (
	"context"

	"github.com/closeout/closeout/store"
	"github.com/closeout/closeout/taskops"
	"github.com/closeout/closeout/workflows"
)

// actorFor is the signed-in person as the task rules see them: with the
// units they are a member of, when the store can say (*store.DB can), so a
// unit's members are offered the unit's forms and lists. taskops resolves
// the actor of every action the same way, whatever the pages offered.
//
// Substitutes (SPEC section 14): the people this person stands in for
// belong here too (Actor.For), once the store can list them; the pages
// then offer their forms through Actor.Holds without further change.
func (d *Dashboard) actorFor(ctx context.Context, p store.Person) (workflows.Actor, error) {
	units, _ := d.store.(taskops.Units)
	return taskops.ActorOf(ctx, units, p)
}
