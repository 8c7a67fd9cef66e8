package demo

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/plan"
)

// Whatever day the demo is loaded on, its plan imports on the cn calendar
// (holidays and all) and its schedule gives the lights the demo promises:
// T19 and T20 past their deadlines (red, so the overdue ladder fires), T18
// and T25 with their first phase already over (a missed milestone: yellow),
// every other open task with all its phases ahead (green), and every closed
// task's deadline ahead, so that closing it now is closing it on time.
func TestDemoPlanGivesItsLightsOnEveryDay(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	red, yellow := []string{"T19", "T20"}, []string{"T18", "T25"}
	first := time.Date(2026, 1, 1, 10, 0, 0, 0, loc)
	for d := range 2 * 366 {
		now := first.AddDate(0, 0, d)
		today := calendar.DateOf(now)
		data, err := Plan(now)
		if err != nil {
			t.Fatal(err)
		}
		_, res, err := plan.Check(data, plan.JSON, plan.ParseOptions{Now: now})
		if err != nil {
			t.Fatalf("on %s the demo plan does not import: %v", today, err)
		}
		state := map[string]string{}
		for _, dt := range tasks {
			state[dt.id] = dt.state
		}
		for _, ts := range res.Tasks {
			// T01's units' tasks close with it.
			id, _, _ := strings.Cut(ts.ID, ".")
			deadline := ts.EffectiveDeadline
			if deadline.IsZero() {
				deadline = ts.Deadline
			}
			firstDue := ts.Phases[0].Due
			switch {
			case state[id] == stateClosed && deadline.Before(today):
				t.Errorf("on %s closed %s is due %s: it would close late", today, ts.ID, deadline)
			case slices.Contains(red, id) && !deadline.Before(today):
				t.Errorf("on %s %s is due %s: not overdue", today, ts.ID, deadline)
			case slices.Contains(yellow, id) && (deadline.Before(today.AddDays(2)) || !firstDue.Before(today)):
				t.Errorf("on %s %s is due %s, its first phase %s: not yellow for a missed milestone alone", today, ts.ID, deadline, firstDue)
			case state[id] != stateClosed && !slices.Contains(red, id) && !slices.Contains(yellow, id) &&
				(firstDue.Before(today) || deadline.Before(today.AddDays(2))):
				t.Errorf("on %s %s is due %s, its first phase %s: not green", today, ts.ID, deadline, firstDue)
			}
		}
	}
}
