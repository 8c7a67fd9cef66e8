package planning

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// calendarPlan is a campaign on cn planned today (2026-12), reaching into
// 2027, which no shipped notice covers. T4's plan deadline is earlier; the
// test extends it to T1's.
const calendarPlan = `
id: cal
title: calendar
owner: boss
timezone: Asia/Shanghai
calendar: cn
start: 2026-12-01
tracks:
  - id: a
    tasks:
      - {id: T1, title: national day, owner: li, supervisor: zhao, deadline: 2027-10-15, phases: [{name: 方案, workdays: 3}, {name: 实施, workdays: 5}]}
      - {id: T2, title: spring, owner: li, supervisor: zhao, deadline: 2027-02-26, phases: [{name: p, workdays: 3}]}
      - {id: T3, title: this year, owner: li, supervisor: zhao, deadline: 2026-12-18, phases: [{name: p, workdays: 3}]}
      - {id: T4, title: extended, owner: li, supervisor: zhao, deadline: 2027-09-17, phases: [{name: 方案, workdays: 3}, {name: 实施, workdays: 5}]}
`

// workflowSignaler plays the task workflows: it applies each reschedule to
// the task's state and writes the projection as the workflow would.
type workflowSignaler struct {
	db     *store.DB
	now    time.Time
	mu     sync.Mutex
	states map[string]*task.State
	writes int64
	got    []task.RescheduleSignal
}

func (w *workflowSignaler) SignalWorkflow(ctx context.Context, id, _, _ string, arg any) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	sig := arg.(task.RescheduleSignal)
	w.got = append(w.got, sig)
	s := w.states[id]
	e := s.Replan(sig, w.now)
	w.writes++
	fence := task.Fence{History: w.writes, Version: s.Version}.String()
	return w.db.ProjectTask(ctx, task.ProjectionWrite{Task: s.View(w.now), Events: e.Events, Fence: fence})
}

func TestCalendarLoadReplansMovedTasks(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	p, err := plan.Parse([]byte(calendarPlan), plan.YAML, plan.ParseOptions{PersonExists: func(string) bool { return true }})
	if err != nil {
		t.Fatal(err)
	}
	res, err := plan.Schedule(p)
	if err != nil {
		t.Fatal(err)
	}
	specs, err := Specs(p, res)
	if err != nil {
		t.Fatal(err)
	}
	sig := &workflowSignaler{db: db, now: p.Start.Time, states: map[string]*task.State{}}
	var views []task.View
	for _, s := range specs {
		if s.ID == "T4" { // approved extension: T1's deadline, and the plan it gave
			s.Deadline, s.Plan = specs[0].Deadline, specs[0].Plan
		}
		st, _ := task.NewTaskState(s, p.Start.Time)
		sig.states[workflows.TaskWorkflowID(p.ID, s.ID)] = st
		views = append(views, st.View(p.Start.Time))
	}
	for _, v := range views {
		if want := v.ID != "T3"; v.Provisional != want {
			t.Fatalf("%s provisional %v at import", v.ID, v.Provisional)
		}
	}
	if err := db.SeedTasks(ctx, views); err != nil {
		t.Fatal(err)
	}
	doc, _ := p.Canonical()
	cal, _ := p.Calendar.MarshalJSON()
	if _, _, err := db.SaveCampaign(ctx, store.Campaign{ID: p.ID, Title: p.Title, Owner: p.Owner, Timezone: p.Timezone,
		Calendar: cal, Start: p.Start.Time, Deadline: p.Start.Time, Status: store.CampaignActive,
		PlanHash: p.Hash(), Plan: doc, CreatedAt: p.Start.Time}); err != nil {
		t.Fatal(err)
	}
	pl := New(db, sig)
	before, _, err := pl.CampaignPlan(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}

	// The notice: 国庆 10-01..07 with Sunday 09-26 and Saturday 10-09
	// worked. T1's 方案 moves back to 09-30, 10-08 and 10-09; T2's days stay
	// but are no longer provisional; T3 is in 2026 and stays as it is.
	notice := calendar.Year{Year: 2027, Source: "国办发明电〔2026〕9号",
		Holidays: dates(t, "2027-01-01", "2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"),
		Workdays: dates(t, "2027-09-26", "2027-10-09")}
	load, err := pl.LoadCalendarYear(ctx, notice, "admin", p.Start.Time)
	if err != nil {
		t.Fatal(err)
	}
	if !load.Changed || len(load.Failures) > 0 || ids(load.Rescheduled) != "T1,T2,T4" {
		t.Fatalf("load: %+v", load)
	}
	for _, s := range sig.got {
		if s.Reason != "calendar cn 2027: official arrangement loaded (国办发明电〔2026〕9号)" {
			t.Fatalf("reason %q", s.Reason)
		}
	}
	after, _, _ := pl.CampaignPlan(ctx, p.ID)
	if after == before {
		t.Fatal("the cached plan survived the calendar change")
	}
	t1, _ := db.GetTask(ctx, p.ID, "T1")
	t4, _ := db.GetTask(ctx, p.ID, "T4")
	shanghai := p.Location()
	if got := t1.Milestones[0].Start.In(shanghai).Format(time.DateOnly); got != "2027-09-30" || t1.Provisional || t1.Milestones[0].Provisional {
		t.Fatalf("T1 after the notice: start %s, %+v", got, t1)
	}
	if !t4.Deadline.Equal(t1.Deadline) || !t4.Milestones[0].Start.Equal(t1.Milestones[0].Start) {
		t.Fatalf("T4 lost its extension: %v, want %v", t4.Deadline, t1.Deadline)
	}
	events, _ := db.TaskEvents(ctx, p.ID, "T1")
	if last := events[len(events)-1]; last.Type != task.EventRescheduled || !strings.Contains(last.Data["reason"].(string), "2027") {
		t.Fatalf("T1's last event %+v", last)
	}
	if events, _ := db.TaskEvents(ctx, p.ID, "T3"); len(events) != 0 { // seeded views carry no log
		t.Fatalf("T3 has events %+v", events)
	}

	// Loading the same notice again stores nothing and moves nobody.
	sig.got = nil
	again, err := pl.LoadCalendarYear(ctx, notice, "someone else", p.Start.Time.Add(time.Hour))
	if err != nil || again.Changed || len(again.Rescheduled) != 0 || len(sig.got) != 0 || again.Year.LoadedBy != "admin" {
		t.Fatalf("load again: %+v %v, %d signals", again, err, len(sig.got))
	}

	// A bad year is refused before anything is stored.
	if _, err := pl.LoadCalendarYear(ctx, calendar.Year{Year: 2028, Source: "x", Holidays: dates(t, "2027-10-01")}, "admin", p.Start.Time); err == nil {
		t.Fatal("a year with a date of another year was loaded")
	} else if ye, ok := err.(*YearError); !ok || ye.Errors[0].Field != "holidays[0]" {
		t.Fatalf("error %v", err)
	}
}

func dates(t *testing.T, ds ...string) []calendar.Date {
	t.Helper()
	out := make([]calendar.Date, len(ds))
	for i, s := range ds {
		d, err := calendar.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = d
	}
	return out
}

func ids(rs []Rescheduled) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Task)
	}
	return strings.Join(out, ",")
}
