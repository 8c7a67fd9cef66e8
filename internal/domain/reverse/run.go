package reverse

import (
	"errors"
	"fmt"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/i18n"
)

// Run computes the reverse schedule of a campaign. It returns an error only
// for malformed input (no calendar, duplicate or unknown task ids, phases of
// fewer than one working day, a start the calendar has no data for); a
// late or cyclic plan is a Result with Problems.
func Run(in Input) (Result, error) {
	if err := checkInput(in); err != nil {
		return Result{}, err
	}
	g, err := buildGraph(in.Tasks)
	if err != nil {
		return Result{}, err
	}
	index, err := newWorkdayIndex(in.Calendar, in.Start)
	if err != nil {
		return Result{}, err
	}
	s := &scheduler{in: in, g: g, index: index}
	s.run()
	return s.result(), nil
}

func checkInput(in Input) error {
	if in.Calendar == nil {
		return errors.New("no calendar")
	}
	if in.Start.IsZero() {
		return errors.New("no campaign start")
	}
	for _, t := range in.Tasks {
		for _, p := range t.Phases {
			if p.Workdays < 1 || p.Workdays > maxSpanDays {
				return fmt.Errorf("task %s: phase %q lasts %d working days (want 1 to %d)", t.ID, p.Name, p.Workdays, maxSpanDays)
			}
		}
	}
	return nil
}

// scheduler holds the state of one Run. Per-task slices are indexed by
// input position.
type scheduler struct {
	in    Input
	g     *graph
	index *workdayIndex

	cycles  []cycle
	onCycle []int // index into cycles, or -1

	placed      []bool // the task has ranks (false: the calendar could not place it)
	endRank     []int  // rank of the day the last phase ends
	startRank   []int  // rank of the first day of the first phase (the latest start)
	limitedBy   []int  // the dependent that set the effective deadline, or -1
	chainRoot   []int  // end of the limitedBy chain
	chainLength []int
	calendarErr []error
}

func (s *scheduler) run() {
	n := len(s.in.Tasks)
	s.placed = make([]bool, n)
	s.startRank = make([]int, n)
	s.endRank = make([]int, n)
	s.limitedBy = make([]int, n)
	s.chainRoot = make([]int, n)
	s.chainLength = make([]int, n)
	s.calendarErr = make([]error, n)

	comp := s.g.components()
	s.cycles, s.onCycle = s.g.cycles(comp)
	// Dependencies within a cycle cannot be honoured; dropping them turns
	// the graph into a DAG so every task still gets dates (the cycle itself
	// is reported as a problem).
	kept := func(from, to int32) bool { return comp[from] != comp[to] || s.onCycle[from] < 0 }

	// Reverse topological order (Kahn): a task is placed once every task
	// waiting for it has been, because their latest starts bound its
	// effective deadline.
	waiting := make([]int, n)
	for i := range n {
		for _, j := range s.g.dependents[i] {
			if kept(j, int32(i)) {
				waiting[i]++
			}
		}
	}
	ready := make([]int32, 0, n)
	for i := range n {
		if waiting[i] == 0 {
			ready = append(ready, int32(i))
		}
	}
	for len(ready) > 0 {
		i := ready[0]
		ready = ready[1:]
		s.place(int(i), kept)
		for _, dep := range s.g.deps[i] {
			if kept(i, dep) {
				if waiting[dep]--; waiting[dep] == 0 {
					ready = append(ready, dep)
				}
			}
		}
	}
}

// place computes task i's ranks from its own deadline and its dependents'
// latest starts.
func (s *scheduler) place(i int, kept func(from, to int32) bool) {
	t := s.in.Tasks[i]
	end, limitedBy, err := s.effectiveEnd(i, kept)
	s.limitedBy[i] = limitedBy
	s.chainRoot[i], s.chainLength[i] = i, 1
	if limitedBy >= 0 {
		s.chainRoot[i], s.chainLength[i] = s.chainRoot[limitedBy], s.chainLength[limitedBy]+1
	}
	if err != nil {
		s.calendarErr[i] = err
		return
	}
	s.endRank[i] = end
	s.startRank[i] = end - totalWorkdays(t.Phases) + 1
	if len(t.Phases) == 0 {
		s.startRank[i] = end // no phases: the deadline day is the only day
	}
	s.placed[i] = true
}

// effectiveEnd returns the rank of the working day task i must finish on:
// the last working day on or before its own deadline, or the working day
// before the earliest latest start among the tasks waiting for it, if that
// is earlier (limitedBy names that task).
func (s *scheduler) effectiveEnd(i int, kept func(from, to int32) bool) (end, limitedBy int, err error) {
	t := s.in.Tasks[i]
	limitedBy = -1
	end, err = s.index.rankOnOrBefore(t.Deadline)
	if err != nil {
		return 0, -1, i18n.Errorf("deadline %s: %w", t.Deadline, err)
	}
	// A deadline on a day off falls on the same working day as a
	// dependent's limit can: the dependent still sets the (earlier) date.
	tieLimits := !s.index.isWorkday(t.Deadline)
	for _, j := range s.g.dependents[i] {
		if !kept(j, int32(i)) { // #nosec G115 -- a task index: buildGraph bounds them to MaxInt32
			continue
		}
		if !s.placed[j] {
			// Waiting on a task the calendar cannot place leaves this
			// task's deadline unknown too.
			return 0, int(j), i18n.Errorf("must finish before %s starts, which cannot be scheduled", s.in.Tasks[j].ID)
		}
		before := s.startRank[j] - 1
		if before < end || (before == end && tieLimits && limitedBy < 0) {
			end, limitedBy = before, int(j)
		}
	}
	return end, limitedBy, nil
}

// result turns ranks into dates and collects the problems.
func (s *scheduler) result() Result {
	res := Result{
		Start:    s.in.Start,
		Calendar: s.in.Calendar.Name(),
		Tasks:    make([]TaskSchedule, len(s.in.Tasks)),
		Critical: []string{},
		Problems: []Problem{},
	}
	startRank := s.index.firstRankFrom(s.in.Start)
	for _, c := range s.cycles {
		res.Problems = append(res.Problems, s.cycleProblem(c))
	}
	leastSlack, anyPlaced := 0, false
	for i, t := range s.in.Tasks {
		ts := &res.Tasks[i]
		*ts = TaskSchedule{ID: t.ID, Track: t.Track, Deadline: t.Deadline, Phases: make([]PhaseDates, 0, len(t.Phases))}
		if c := s.onCycle[i]; c >= 0 {
			ts.Infeasible = true
			ts.Cycle = s.ids(s.cycles[c].path)
		}
		if !s.placed[i] {
			ts.Infeasible = true
			ts.Chain = s.chain(i)
			res.Problems = append(res.Problems, s.calendarProblem(i, ts.Chain))
			continue
		}
		s.fillDates(i, ts)
		ts.SlackWorkdays = s.startRank[i] - startRank
		if ts.SlackWorkdays < 0 {
			ts.Infeasible = true
			ts.Chain = s.chain(i)
			res.Problems = append(res.Problems, s.infeasibleProblem(i, *ts))
		}
		if !anyPlaced || ts.SlackWorkdays < leastSlack {
			leastSlack, anyPlaced = ts.SlackWorkdays, true
		}
	}
	for i := range res.Tasks {
		if s.placed[i] && res.Tasks[i].SlackWorkdays == leastSlack {
			res.Tasks[i].Critical = true
			res.Critical = append(res.Critical, res.Tasks[i].ID)
		}
	}
	return res
}

// fillDates converts task i's ranks into its phase and deadline dates.
func (s *scheduler) fillDates(i int, ts *TaskSchedule) {
	t := s.in.Tasks[i]
	ts.EffectiveDeadline = t.Deadline
	if s.limitedBy[i] >= 0 {
		ts.EffectiveDeadline, _ = s.index.dateOf(s.endRank[i])
	}
	// Phases run back to back over working days, the last ending on
	// endRank, so the first starts on startRank.
	first := s.startRank[i]
	provisional := func(d calendar.Date) bool { return calendar.IsProvisional(s.in.Calendar, d) }
	for _, p := range t.Phases {
		start, _ := s.index.dateOf(first)
		due, _ := s.index.dateOf(first + p.Workdays - 1)
		ph := PhaseDates{Name: p.Name, Start: start, Due: due, Provisional: provisional(start) || provisional(due)}
		ts.Phases = append(ts.Phases, ph)
		ts.Provisional = ts.Provisional || ph.Provisional
		first += p.Workdays
	}
	ts.LatestStart, _ = s.index.dateOf(s.startRank[i])
	ts.Provisional = ts.Provisional || provisional(ts.LatestStart) || provisional(ts.EffectiveDeadline)
}

// ids maps input positions to task ids.
func (s *scheduler) ids(positions []int) []string {
	out := make([]string, len(positions))
	for k, i := range positions {
		out[k] = s.in.Tasks[i].ID
	}
	return out
}
