package reverse

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/closeout/closeout/internal/domain/calendar"
)

// checkInvariants verifies what SPEC section 2 promises of any result, by
// brute force over the calendar (independently of the rank index):
//   - every phase covers exactly its working days, starting and ending on
//     working days;
//   - phases are in order, each ending on the working day before the next
//     starts, the last on the last working day on or before the effective
//     deadline;
//   - the effective deadline is the own deadline, or the working day before
//     a dependent's latest start, and never after either;
//   - every dependency finishes before its dependent starts;
//   - slack counts the working days from the start to the latest start;
//   - the critical tasks are exactly those with the least slack.
func checkInvariants(t *testing.T, cal calendar.Calendar, res Result, tasks []Task) {
	t.Helper()
	byID := map[string]TaskSchedule{}
	for _, ts := range res.Tasks {
		byID[ts.ID] = ts
	}
	cycleOf := map[string]int{} // task -> its cycle problem + 1
	unplaced := map[string]bool{}
	for k, p := range res.Problems {
		for _, id := range p.Tasks {
			switch p.Kind {
			case ProblemCycle:
				cycleOf[id] = k + 1
			case ProblemCalendar:
				unplaced[id] = true
			}
		}
	}
	least, found := 0, false
	for _, ts := range res.Tasks {
		if !unplaced[ts.ID] && (!found || ts.SlackWorkdays < least) {
			least, found = ts.SlackWorkdays, true
		}
	}
	for _, ts := range res.Tasks {
		if want := found && !unplaced[ts.ID] && ts.SlackWorkdays == least; ts.Critical != want {
			t.Errorf("%s: critical %v, want %v", ts.ID, ts.Critical, want)
		}
	}
	for _, task := range tasks {
		ts := byID[task.ID]
		if ts.LatestStart.IsZero() || ts.EffectiveDeadline.IsZero() {
			if !ts.Infeasible || ts.SlackWorkdays >= 0 && !unplaced[ts.ID] {
				t.Errorf("%s: no dates but feasible", task.ID)
			}
			continue // dates before the calendar's data, or unplaced
		}
		if ts.EffectiveDeadline.After(task.Deadline) {
			t.Errorf("%s: effective deadline %v after own %v", task.ID, ts.EffectiveDeadline, task.Deadline)
		}
		next := mustPrev(t, cal, ts.EffectiveDeadline)
		for k := len(ts.Phases) - 1; k >= 0; k-- {
			p := ts.Phases[k]
			if p.Due != next {
				t.Errorf("%s: phase %d due %v, want %v", task.ID, k, p.Due, next)
			}
			if n := mustCount(t, cal, p.Start, p.Due.AddDays(1)); n != task.Phases[k].Workdays || !mustWork(t, cal, p.Start) {
				t.Errorf("%s: phase %d %v..%v covers %d working days, want %d", task.ID, k, p.Start, p.Due, n, task.Phases[k].Workdays)
			}
			if k > 0 {
				next = mustPrev(t, cal, p.Start.AddDays(-1))
			}
		}
		wantStart := ts.EffectiveDeadline
		if len(ts.Phases) > 0 {
			wantStart = ts.Phases[0].Start
		} else {
			wantStart = mustPrev(t, cal, wantStart)
		}
		if ts.LatestStart != wantStart {
			t.Errorf("%s: latest start %v, want %v", task.ID, ts.LatestStart, wantStart)
		}
		slack := mustCount(t, cal, res.Start, ts.LatestStart) - mustCount(t, cal, ts.LatestStart, res.Start)
		if ts.SlackWorkdays != slack || ts.Infeasible != (slack < 0 || cycleOf[task.ID] > 0) {
			t.Errorf("%s: slack %d infeasible %v, want %d", task.ID, ts.SlackWorkdays, ts.Infeasible, slack)
		}
		// The effective deadline is tight: its own, or set by a dependent.
		tight := ts.EffectiveDeadline == task.Deadline
		for _, other := range tasks {
			for _, dep := range other.DependsOn {
				if dep != task.ID || (cycleOf[dep] > 0 && cycleOf[dep] == cycleOf[other.ID]) {
					continue
				}
				o := byID[other.ID]
				if o.LatestStart.IsZero() {
					continue
				}
				before, err := calendar.PrevWorkday(cal, o.LatestStart.AddDays(-1))
				if err != nil {
					continue // before the calendar's data
				}
				if ts.EffectiveDeadline.After(before) {
					t.Errorf("%s must finish before %s starts on %v, but its effective deadline is %v", task.ID, other.ID, o.LatestStart, ts.EffectiveDeadline)
				}
				tight = tight || ts.EffectiveDeadline == before
			}
		}
		if !tight {
			t.Errorf("%s: effective deadline %v is neither its own nor set by a dependent", task.ID, ts.EffectiveDeadline)
		}
	}
}

func mustPrev(t *testing.T, cal calendar.Calendar, d calendar.Date) calendar.Date {
	t.Helper()
	p, err := calendar.PrevWorkday(cal, d)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustCount(t *testing.T, cal calendar.Calendar, from, to calendar.Date) int {
	t.Helper()
	n, err := calendar.WorkdaysBetween(cal, from, to)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mustWork(t *testing.T, cal calendar.Calendar, d calendar.Date) bool {
	t.Helper()
	ok, err := cal.IsWorkday(d)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// randomPlan makes n tasks with deadlines within the cn data and random
// dependencies: only on earlier tasks (a DAG) unless cyclic is set.
func randomPlan(r *rand.Rand, n int, cyclic bool) (calendar.Date, []Task) {
	start := calendar.Date{Year: 2024, Month: 3, Day: 1}.AddDays(r.IntN(120))
	tasks := make([]Task, n)
	for i := range tasks {
		t := Task{ID: fmt.Sprintf("T%03d", i), Deadline: start.AddDays(r.IntN(500) - 20)}
		for range r.IntN(4) {
			t.Phases = append(t.Phases, Phase{Name: "p", Workdays: 1 + r.IntN(15)})
		}
		for range r.IntN(3) {
			switch {
			case cyclic:
				t.DependsOn = append(t.DependsOn, fmt.Sprintf("T%03d", r.IntN(n)))
			case i > 0:
				t.DependsOn = append(t.DependsOn, fmt.Sprintf("T%03d", r.IntN(i)))
			}
		}
		tasks[i] = t
	}
	return start, tasks
}

func TestRandomPlans(t *testing.T) {
	cn := lookup(t, "cn")
	inline, err := calendar.NewInline("weekdays", []calendar.Date{{Year: 2024, Month: 6, Day: 10}}, []calendar.Date{{Year: 2024, Month: 6, Day: 15}})
	if err != nil {
		t.Fatal(err)
	}
	cals := []calendar.Calendar{cn, lookup(t, "weekdays"), lookup(t, "none"), inline}
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 300 {
		cal := cals[iter%len(cals)]
		start, tasks := randomPlan(r, 1+r.IntN(30), iter%5 == 4)
		res, err := Run(Input{Start: start, Calendar: cal, Tasks: tasks})
		if err != nil {
			t.Fatalf("plan %d: %v", iter, err)
		}
		checkInvariants(t, cal, res, tasks)
		checkCycles(t, res, tasks)
		if t.Failed() {
			t.Fatalf("plan %d on %s failed: %+v", iter, cal.Name(), tasks)
		}
	}
}

// checkCycles verifies that every reported cycle is one: each task in the
// chain depends on the next, and the chain returns to its start.
func checkCycles(t *testing.T, res Result, tasks []Task) {
	t.Helper()
	deps := map[string]map[string]bool{}
	for _, task := range tasks {
		deps[task.ID] = map[string]bool{}
		for _, d := range task.DependsOn {
			deps[task.ID][d] = true
		}
	}
	for _, p := range res.Problems {
		if p.Kind != ProblemCycle {
			continue
		}
		c := p.Chain
		if len(c) < 2 || c[0] != c[len(c)-1] {
			t.Errorf("cycle %v does not return to its start", c)
			continue
		}
		for k := 0; k+1 < len(c); k++ {
			if !deps[c[k]][c[k+1]] {
				t.Errorf("cycle %v: %s does not depend on %s", c, c[k], c[k+1])
			}
		}
	}
}
