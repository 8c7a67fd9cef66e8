package taskops

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
)

// WorkCalendars gives a campaign's working calendar and its timezone
// (*planning.Planner does), to time an urge's window in working hours.
type WorkCalendars interface {
	WorkCalendar(ctx context.Context, campaign string) (calendar.Calendar, *time.Location, error)
}

// resolveUrge sets what an urge carries besides its note: the calendar's
// working days and, for a dispatched child, its parent's owner.
func (o *Ops) resolveUrge(ctx context.Context, t task.View, r *task.UrgeRequest) error {
	if err := o.resolveWorkdays(ctx, t.Campaign, r); err != nil {
		return err
	}
	return o.resolveParentOwner(ctx, t, r)
}

// resolveParentOwner sets the owner of the task t was dispatched from, as
// the projection has it now, whatever the request said. Callers may pass
// just t's campaign and id, so t is read first; an unknown task is left for
// the workflow to answer.
func (o *Ops) resolveParentOwner(ctx context.Context, t task.View, r *task.UrgeRequest) error {
	r.ParentOwner = ""
	stored, err := o.Store.GetTask(ctx, t.Campaign, t.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if stored.Parent == "" {
		return nil
	}
	parent, err := o.Store.GetTask(ctx, t.Campaign, stored.Parent)
	if errors.Is(err, store.ErrNotFound) {
		return nil // no parent to speak for the child
	}
	if err != nil {
		return err
	}
	r.ParentOwner = parent.Owner
	return nil
}

// resolveWorkdays sets an urge's working days from the campaign's
// calendar, whatever the request said: like the actor's units, they are
// the store's to say, and the workflow reads no calendar. Without
// WorkCalendars the urge carries none, and its window is plain elapsed
// time (task.UrgeRequest).
func (o *Ops) resolveWorkdays(ctx context.Context, campaign string, r *task.UrgeRequest) error {
	r.Workdays = nil
	if o.Calendars == nil {
		return nil
	}
	cal, loc, err := o.Calendars.WorkCalendar(ctx, campaign)
	if err != nil {
		return fmt.Errorf("the calendar of campaign %s: %w", campaign, err)
	}
	r.Workdays, err = task.UrgeDays(o.now(), loc, cal)
	return err
}
