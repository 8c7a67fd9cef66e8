package dashboard

import (
	"context"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/store"
)

// actorFor is the signed-in person as the task rules see them: with the
// units they are a member of and the people they stand in for now (SPEC
// section 14, Actor.For), when the store can say (*store.DB can), so a
// unit's members and a substitute are offered the forms and lists of the
// unit and of the person stood in for (Actor.Holds). The windows are read at
// the dashboard's clock. taskops resolves the actor of every action the same
// way, whatever the pages offered.
func (d *Dashboard) actorFor(ctx context.Context, p store.Person) (task.Actor, error) {
	units, _ := d.store.(taskops.Units)
	return taskops.ActorAt(ctx, units, p, d.now())
}
