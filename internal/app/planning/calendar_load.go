package planning

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/platform/store"
)

// YearError is a loaded year that does not pass calendar.Year.Check.
type YearError struct {
	Errors []calendar.FieldError
}

func (e *YearError) Error() string {
	return fmt.Sprintf("the calendar year is not valid: %s: %s (and %d more)", e.Errors[0].Field, e.Errors[0].Message, len(e.Errors)-1)
}

// CalendarLoad is what loading a year did: the year as stored, whether this
// load changed it, and the tasks it re-planned.
type CalendarLoad struct {
	Year        store.CalendarYear `json:"year"`
	Changed     bool               `json:"changed"`
	Rescheduled []Rescheduled      `json:"rescheduled"`
	// Failures are campaigns or tasks left on their old schedule; loading
	// the same year again retries them.
	Failures []ReplanFailure `json:"failures,omitempty"`
}

// yearWriter stores loaded calendar years.
type yearWriter interface {
	PutCalendarYear(ctx context.Context, y store.CalendarYear) (store.CalendarYear, bool, error)
}

// LoadCalendarYear stores an official arrangement for a year of calendar cn
// (by whom, when) and then re-plans every open task on cn it moves
// (ReplanCalendar). The year is committed before any task is signalled, so
// a signal never carries a schedule the store does not have; a crash between
// the two is healed by loading the same year again, which stores nothing
// new and signals only the tasks not yet moved.
func (p *Planner) LoadCalendarYear(ctx context.Context, y calendar.Year, by string, now time.Time) (CalendarLoad, error) {
	if errs := y.Check(); len(errs) > 0 {
		return CalendarLoad{}, &YearError{Errors: errs}
	}
	w, ok := p.store.(yearWriter)
	if !ok {
		return CalendarLoad{}, errors.New("the planner's store cannot keep calendar years")
	}
	p.loads.Lock()
	defer p.loads.Unlock()
	stored, changed, err := w.PutCalendarYear(ctx, store.CalendarYear{Calendar: CalendarName, Year: y, LoadedBy: by, LoadedAt: now})
	if err != nil {
		return CalendarLoad{}, err
	}
	reason := fmt.Sprintf("calendar %s %d: official arrangement loaded (%s)", CalendarName, stored.Year.Year, stored.Source)
	moved, failures, err := p.ReplanCalendar(ctx, CalendarName, reason)
	if err != nil {
		return CalendarLoad{}, err
	}
	if moved == nil {
		moved = []Rescheduled{}
	}
	return CalendarLoad{Year: stored, Changed: changed, Rescheduled: moved, Failures: failures}, nil
}
