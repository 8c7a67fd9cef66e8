package taskops

import (
	"context"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
)

// projected is a projection of a few tasks, by id.
type projected map[string]task.View

func (p projected) GetTask(_ context.Context, _, id string) (task.View, error) {
	if v, ok := p[id]; ok {
		return v, nil
	}
	return task.View{}, store.ErrNotFound
}

func (projected) GetPerson(context.Context, string) (store.Person, error) {
	return store.Person{}, store.ErrNotFound
}

// weekdaysIn is calendar weekdays in Shanghai for every campaign.
type weekdaysIn struct{}

func (weekdaysIn) WorkCalendar(context.Context, string) (calendar.Calendar, *time.Location, error) {
	cal, err := calendar.NewInline("weekdays", nil, nil)
	return cal, time.FixedZone("CST", 8*3600), err
}

// An urge carries what the store and the calendar say, whatever its body
// said: the parent's owner of a dispatched child (none for another task),
// and the campaign's working days from the day before now.
func TestUrgeIsResolved(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC) // a Saturday
	o := &Ops{Store: projected{"P": {ID: "P", Owner: "li"}, "P.a": {ID: "P.a", Parent: "P"}, "Q": {ID: "Q"}},
		Calendars: weekdaysIn{}, Now: func() time.Time { return now }}
	ctx := context.Background()
	r := &task.UrgeRequest{ParentOwner: "forged", Workdays: task.WorkingDays{now}}
	if err := o.resolveUrge(ctx, task.View{Campaign: "c", ID: "P.a"}, r); err != nil {
		t.Fatal(err)
	}
	if r.ParentOwner != "li" {
		t.Errorf("the child's parent owner: %q, want li", r.ParentOwner)
	}
	// From Friday (the day before now), then Monday: the weekend is off.
	if len(r.Workdays) < 2 || r.Workdays[0].Day() != 4 || r.Workdays[1].Day() != 7 || r.Workdays[1].Weekday() != time.Monday {
		t.Errorf("working days %v, want Friday 4 then Monday 7 December", r.Workdays)
	}
	r = &task.UrgeRequest{ParentOwner: "forged"}
	if err := o.resolveUrge(ctx, task.View{Campaign: "c", ID: "Q"}, r); err != nil || r.ParentOwner != "" {
		t.Errorf("a task without a parent: %q %v", r.ParentOwner, err)
	}
	// Without calendars the window is plain time: no days are sent.
	o.Calendars = nil
	r = &task.UrgeRequest{Workdays: task.WorkingDays{now}}
	if err := o.resolveUrge(ctx, task.View{Campaign: "c", ID: "Q"}, r); err != nil || r.Workdays != nil {
		t.Errorf("without calendars: %v %v", r.Workdays, err)
	}
}
