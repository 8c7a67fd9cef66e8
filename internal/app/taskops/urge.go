package taskops

import (
	"context"
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/task"
)

// WorkCalendars gives a campaign's working calendar and its timezone
// (*planning.Planner does), to time an urge's window in working hours.
type WorkCalendars interface {
	WorkCalendar(ctx context.Context, campaign string) (calendar.Calendar, *time.Location, error)
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
