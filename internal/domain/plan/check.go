package plan

import (
	"errors"
	"regexp"
	"slices"
	"strconv"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/reverse"
	"github.com/closeout/closeout/internal/i18n"
)

// Check reads, validates and schedules a plan, and reports every problem in
// one *ValidationError: what Parse finds (a bad date, an unknown person)
// together with what the schedule finds (a task that cannot be met, a
// dependency cycle), so that whoever wrote the plan fixes it in one pass
// instead of learning of the schedule's objections only once the rest is
// clean. Tasks the parser could not read well enough to place (no id, a
// duplicate id, a bad deadline or bad phases) are left out of the schedule;
// so is everything when the campaign's own start, timezone or calendar is
// wrong. Schedule problems count as errors unless the plan allows
// infeasible tasks. The plan is nil only when the document is not a plan at
// all, or lists more tasks or units than opts allow (TooLarge); the result
// covers the tasks that could be scheduled.
func Check(data []byte, format Format, opts ParseOptions) (*Plan, reverse.Result, error) {
	root, err := tree(data, format)
	if err != nil {
		return nil, reverse.Result{}, err
	}
	if err := checkSize(root, opts.MaxTasks); err != nil {
		return nil, reverse.Result{}, err
	}
	r := newReader(opts)
	p := r.readPlan(root)
	if p == nil {
		return nil, reverse.Result{}, r.err()
	}
	p.unitExists = opts.UnitExists
	var parseErrs []FieldError
	if err := r.err(); err != nil {
		parseErrs = err.(*ValidationError).Errors
	}
	in, ok := schedulable(p, parseErrs)
	if !ok {
		return p, reverse.Result{}, validation(parseErrs)
	}
	res, err := reverse.Run(in)
	if err != nil {
		// Run refuses only input it cannot place at all; the parser checked
		// ids and phases, so what is left is a start the calendar has no
		// data for.
		field := ""
		if errors.Is(err, calendar.ErrOutOfRange) {
			field = "start"
		}
		return p, reverse.Result{}, validation(append(parseErrs, fieldError(field, i18n.TextOf(err))))
	}
	if p.AllowInfeasible {
		return p, res, validation(parseErrs)
	}
	se, _ := ScheduleError(p, res).(*ValidationError)
	if se == nil {
		return p, res, validation(parseErrs)
	}
	if len(parseErrs) == 0 {
		se.Unmet = true
		se.Errors = merge(nil, se.Errors)
		return p, res, se
	}
	return p, res, validation(merge(parseErrs, unreported(se.Errors, parseErrs)))
}

// validation wraps field errors, or is nil when there are none.
func validation(errs []FieldError) error {
	if len(errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: errs}
}

// taskField finds the task a field path belongs to and the field within it:
// "tracks[1].tasks[4].deadline" gives 1, 4, "deadline".
var taskField = regexp.MustCompile(`^tracks\[(\d+)\]\.tasks\[(\d+)\](?:\.([a-z_]+))?`)

// campaignFields are the campaign's fields without which nothing can be
// scheduled: every task's dates are read in its timezone and counted on its
// calendar from its start.
var campaignFields = map[string]bool{"start": true, "timezone": true, "calendar": true}

// scheduleFields are a task's fields the schedule reads.
var scheduleFields = map[string]bool{"id": true, "deadline": true, "phases": true, "dispatch": true}

// schedulable is the scheduler's input for the tasks that read well enough
// to place, or false when the campaign itself cannot be scheduled.
func schedulable(p *Plan, errs []FieldError) (reverse.Input, bool) {
	if p.calendar == nil || p.Start.IsZero() {
		return reverse.Input{}, false
	}
	unsound := map[[2]int]bool{}
	for _, fe := range errs {
		if campaignFields[fe.Field] || campaignFields[rootOf(fe.Field)] {
			return reverse.Input{}, false
		}
		if m := taskField.FindStringSubmatch(fe.Field); m != nil && (m[3] == "" || scheduleFields[m[3]]) {
			i, _ := strconv.Atoi(m[1])
			j, _ := strconv.Atoi(m[2])
			unsound[[2]int{i, j}] = true
		}
	}
	var tasks []Task
	placed := map[string]bool{}
	for i, tr := range p.Tracks {
		for j, t := range tr.Tasks {
			if unsound[[2]int{i, j}] || t.ID == "" || placed[t.ID] || t.Deadline.IsZero() {
				continue
			}
			placed[t.ID] = true
			tasks = append(tasks, t)
			for _, c := range t.Children {
				if c.ID != "" && !placed[c.ID] && !c.Deadline.IsZero() {
					placed[c.ID] = true
					tasks = append(tasks, c)
				}
			}
		}
	}
	// A dependency on a task left out (or unknown: the parser said so) is
	// dropped rather than refused, so the rest still gets checked. The
	// tasks are copies; the plan keeps its dependencies as written.
	for k := range tasks {
		var deps []string
		for _, d := range tasks[k].DependsOn {
			if placed[d] {
				deps = append(deps, d)
			}
		}
		tasks[k].DependsOn = deps
	}
	return ScheduleInput(p, tasks), true
}

// rootOf is the first element of a field path ("calendar" of
// "calendar.holidays[0]").
func rootOf(field string) string {
	for i, c := range field {
		if c == '.' || c == '[' {
			return field[:i]
		}
	}
	return field
}

// unreported drops schedule errors at a field the parser already
// complained of: a deadline that is both malformed and late needs saying
// once.
func unreported(sched, parsed []FieldError) []FieldError {
	seen := map[string]bool{}
	for _, fe := range parsed {
		seen[fe.Field] = true
	}
	var out []FieldError
	for _, fe := range sched {
		if fe.Field == "" || !seen[fe.Field] {
			out = append(out, fe)
		}
	}
	return out
}

// merge puts schedule errors among the parse errors in task order, each
// after the parse errors of its own and earlier tasks, so the answer reads
// down the plan.
func merge(parsed, sched []FieldError) []FieldError {
	sched = slices.Clone(sched)
	slices.SortStableFunc(sched, func(a, b FieldError) int { return compareTasks(taskKey(a.Field), taskKey(b.Field)) })
	out := make([]FieldError, 0, len(parsed)+len(sched))
	for _, fe := range parsed {
		for len(sched) > 0 && compareTasks(taskKey(sched[0].Field), taskKey(fe.Field)) < 0 && isTaskField(fe.Field) {
			out, sched = append(out, sched[0]), sched[1:]
		}
		out = append(out, fe)
	}
	return append(out, sched...)
}

// taskKey is the track and task index of a field path, or -1, -1 for a
// field of the campaign.
func taskKey(field string) [2]int {
	m := taskField.FindStringSubmatch(field)
	if m == nil {
		return [2]int{-1, -1}
	}
	i, _ := strconv.Atoi(m[1])
	j, _ := strconv.Atoi(m[2])
	return [2]int{i, j}
}

func isTaskField(field string) bool { return taskField.MatchString(field) }

func compareTasks(a, b [2]int) int {
	if a[0] != b[0] {
		return a[0] - b[0]
	}
	return a[1] - b[1]
}
