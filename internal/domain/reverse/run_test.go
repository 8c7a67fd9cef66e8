package reverse

import (
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/google/go-cmp/cmp"
)

func date(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func lookup(t testing.TB, name string) calendar.Calendar {
	t.Helper()
	cal, err := calendar.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// want is a hand-computed expectation for one task; dates are strings for
// readability and "" stands for an unknown (zero) date.
type want struct {
	effective   string
	phases      [][2]string
	latestStart string
	slack       int
	critical    bool
	infeasible  bool
	chain       []string
	cycle       []string
}

func phases(spec ...any) []Phase {
	var out []Phase
	for k := 0; k < len(spec); k += 2 {
		out = append(out, Phase{Name: spec[k].(string), Workdays: spec[k+1].(int)})
	}
	return out
}

func TestRun(t *testing.T) {
	tests := []struct {
		name         string
		calendar     calendar.Calendar
		start        string
		tasks        []Task
		want         map[string]want
		critical     []string
		problemKinds []ProblemKind
	}{
		{
			// 2024 国庆 under cn: 10-01..07 off, Sunday 09-29 worked.
			name:     "holiday week and a make-up Sunday",
			calendar: lookup(t, "cn"),
			start:    "2024-09-23",
			tasks: []Task{
				{ID: "A", Deadline: date(t, "2024-10-10"), Phases: phases("plan", 2, "do", 3)},
				{ID: "B", Deadline: date(t, "2024-10-05")}, // due inside the holiday, no phases
			},
			want: map[string]want{
				"A": {effective: "2024-10-10", phases: [][2]string{{"2024-09-29", "2024-09-30"}, {"2024-10-08", "2024-10-10"}},
					latestStart: "2024-09-29", slack: 5, critical: true},
				"B": {effective: "2024-10-05", latestStart: "2024-09-30", slack: 6},
			},
			critical: []string{"A"},
		},
		{
			name:     "chain of three",
			calendar: lookup(t, "weekdays"),
			start:    "2024-06-03",
			tasks: []Task{
				{ID: "A", Deadline: date(t, "2024-07-31"), Phases: phases("a", 2)},
				{ID: "B", Deadline: date(t, "2024-06-30"), Phases: phases("b", 3), DependsOn: []string{"A"}},
				{ID: "C", Deadline: date(t, "2024-06-28"), Phases: phases("c", 5), DependsOn: []string{"B"}},
			},
			want: map[string]want{
				"A": {effective: "2024-06-18", phases: [][2]string{{"2024-06-17", "2024-06-18"}}, latestStart: "2024-06-17", slack: 10, critical: true},
				"B": {effective: "2024-06-21", phases: [][2]string{{"2024-06-19", "2024-06-21"}}, latestStart: "2024-06-19", slack: 12},
				"C": {effective: "2024-06-28", phases: [][2]string{{"2024-06-24", "2024-06-28"}}, latestStart: "2024-06-24", slack: 15},
			},
			critical: []string{"A"},
		},
		{
			name:     "diamond: the tighter branch wins",
			calendar: lookup(t, "weekdays"),
			start:    "2024-06-03",
			tasks: []Task{
				{ID: "A", Deadline: date(t, "2024-07-31"), Phases: phases("a", 1)},
				{ID: "B", Deadline: date(t, "2024-07-31"), Phases: phases("b", 2), DependsOn: []string{"A"}},
				{ID: "C", Deadline: date(t, "2024-06-14"), Phases: phases("c", 3), DependsOn: []string{"A"}},
				{ID: "D", Deadline: date(t, "2024-06-28"), Phases: phases("d", 5), DependsOn: []string{"B", "C"}},
			},
			want: map[string]want{
				"A": {effective: "2024-06-11", phases: [][2]string{{"2024-06-11", "2024-06-11"}}, latestStart: "2024-06-11", slack: 6, critical: true},
				"B": {effective: "2024-06-21", phases: [][2]string{{"2024-06-20", "2024-06-21"}}, latestStart: "2024-06-20", slack: 13},
				"C": {effective: "2024-06-14", phases: [][2]string{{"2024-06-12", "2024-06-14"}}, latestStart: "2024-06-12", slack: 7},
				"D": {effective: "2024-06-28", phases: [][2]string{{"2024-06-24", "2024-06-28"}}, latestStart: "2024-06-24", slack: 15},
			},
			critical: []string{"A"},
		},
		{
			name:     "cycle",
			calendar: lookup(t, "weekdays"),
			start:    "2024-06-03",
			tasks: []Task{
				{ID: "T01", Deadline: date(t, "2024-06-28"), DependsOn: []string{"T04"}},
				{ID: "T02", Deadline: date(t, "2024-06-28"), DependsOn: []string{"T01"}},
				{ID: "T04", Deadline: date(t, "2024-06-21"), DependsOn: []string{"T01"}},
			},
			want: map[string]want{
				// T02 waits for T01, so T01 must finish the day before T02's
				// only day; the T01 <-> T04 edges are dropped.
				"T01": {effective: "2024-06-27", latestStart: "2024-06-27", slack: 18, infeasible: true, cycle: []string{"T01", "T04", "T01"}},
				"T02": {effective: "2024-06-28", latestStart: "2024-06-28", slack: 19},
				"T04": {effective: "2024-06-21", latestStart: "2024-06-21", slack: 14, critical: true, infeasible: true, cycle: []string{"T01", "T04", "T01"}},
			},
			critical:     []string{"T04"},
			problemKinds: []ProblemKind{ProblemCycle},
		},
		{
			name:     "infeasible with the chain that forces it",
			calendar: lookup(t, "weekdays"),
			start:    "2024-06-03",
			tasks: []Task{
				{ID: "W", Deadline: date(t, "2024-07-01"), Phases: phases("w", 2)},
				{ID: "X", Deadline: date(t, "2024-06-07"), Phases: phases("x", 10), DependsOn: []string{"W"}},
				{ID: "Y", Deadline: date(t, "2024-06-28"), Phases: phases("y", 1)},
			},
			want: map[string]want{
				"W": {effective: "2024-05-24", phases: [][2]string{{"2024-05-23", "2024-05-24"}}, latestStart: "2024-05-23", slack: -7,
					critical: true, infeasible: true, chain: []string{"W", "X"}},
				"X": {effective: "2024-06-07", phases: [][2]string{{"2024-05-27", "2024-06-07"}}, latestStart: "2024-05-27", slack: -5,
					infeasible: true, chain: []string{"X"}},
				"Y": {effective: "2024-06-28", phases: [][2]string{{"2024-06-28", "2024-06-28"}}, latestStart: "2024-06-28", slack: 19},
			},
			critical:     []string{"W"},
			problemKinds: []ProblemKind{ProblemInfeasible, ProblemInfeasible},
		},
		{
			name:     "calendar none counts every day",
			calendar: lookup(t, "none"),
			start:    "2024-06-01",
			tasks:    []Task{{ID: "A", Deadline: date(t, "2024-06-10"), Phases: phases("p", 3, "q", 2)}},
			want: map[string]want{
				"A": {effective: "2024-06-10", phases: [][2]string{{"2024-06-06", "2024-06-08"}, {"2024-06-09", "2024-06-10"}},
					latestStart: "2024-06-06", slack: 5, critical: true},
			},
			critical: []string{"A"},
		},
		{
			name: "inline calendar with a holiday and a worked Saturday",
			calendar: func() calendar.Calendar {
				cal, err := calendar.NewInline("weekdays", []calendar.Date{date(t, "2024-12-25")}, []calendar.Date{date(t, "2024-12-28")})
				if err != nil {
					t.Fatal(err)
				}
				return cal
			}(),
			start: "2024-12-02",
			tasks: []Task{{ID: "A", Deadline: date(t, "2024-12-31"), Phases: phases("p", 2, "q", 4)}},
			want: map[string]want{
				"A": {effective: "2024-12-31", phases: [][2]string{{"2024-12-24", "2024-12-26"}, {"2024-12-27", "2024-12-31"}},
					latestStart: "2024-12-24", slack: 16, critical: true},
			},
			critical: []string{"A"},
		},
		{
			// 2024-01-01 is a holiday and the data starts there: the first
			// six working days of the phase have no known date.
			name:     "infeasible before the calendar's data",
			calendar: lookup(t, "cn"),
			start:    "2024-01-02",
			tasks:    []Task{{ID: "A", Deadline: date(t, "2024-01-05"), Phases: phases("p", 10)}},
			want: map[string]want{
				"A": {effective: "2024-01-05", phases: [][2]string{{"", "2024-01-05"}}, slack: -6, critical: true, infeasible: true, chain: []string{"A"}},
			},
			critical:     []string{"A"},
			problemKinds: []ProblemKind{ProblemInfeasible},
		},
		{
			name:     "deadline after the calendar's data",
			calendar: lookup(t, "cn"),
			start:    "2026-12-01",
			tasks: []Task{
				{ID: "early", Deadline: date(t, "2026-12-31"), Phases: phases("p", 1)},
				{ID: "late", Deadline: date(t, "2027-01-08"), DependsOn: []string{"early"}},
			},
			want: map[string]want{
				"early": {infeasible: true, chain: []string{"early", "late"}},
				"late":  {infeasible: true, chain: []string{"late"}},
			},
			critical:     []string{},
			problemKinds: []ProblemKind{ProblemCalendar, ProblemCalendar},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Run(Input{Start: date(t, tt.start), Calendar: tt.calendar, Tasks: tt.tasks})
			if err != nil {
				t.Fatal(err)
			}
			for _, ts := range res.Tasks {
				if diff := cmp.Diff(tt.want[ts.ID], toWant(ts), cmp.AllowUnexported(want{})); diff != "" {
					t.Errorf("task %s (-want +got):\n%s", ts.ID, diff)
				}
			}
			if diff := cmp.Diff(tt.critical, res.Critical); diff != "" {
				t.Errorf("critical (-want +got):\n%s", diff)
			}
			var kinds []ProblemKind
			for _, p := range res.Problems {
				kinds = append(kinds, p.Kind)
			}
			if diff := cmp.Diff(tt.problemKinds, kinds); diff != "" {
				t.Errorf("problems %+v (-want +got):\n%s", res.Problems, diff)
			}
			checkInvariants(t, tt.calendar, res, tt.tasks)
		})
	}
}

func toWant(ts TaskSchedule) want {
	w := want{
		effective: str(ts.EffectiveDeadline), latestStart: str(ts.LatestStart), slack: ts.SlackWorkdays,
		critical: ts.Critical, infeasible: ts.Infeasible, chain: ts.Chain, cycle: ts.Cycle,
	}
	for _, p := range ts.Phases {
		w.phases = append(w.phases, [2]string{str(p.Start), str(p.Due)})
	}
	return w
}

func str(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func TestProblemMessages(t *testing.T) {
	weekdays := lookup(t, "weekdays")
	res, err := Run(Input{Start: date(t, "2024-06-03"), Calendar: weekdays, Tasks: []Task{
		{ID: "T03", Deadline: date(t, "2024-07-31"), Phases: phases("p", 2)},
		{ID: "T07", Deadline: date(t, "2024-07-31"), Phases: phases("p", 3), DependsOn: []string{"T03"}},
		{ID: "T09", Deadline: date(t, "2024-06-07"), Phases: phases("p", 4), DependsOn: []string{"T07"}},
		{ID: "C1", Deadline: date(t, "2024-07-31"), DependsOn: []string{"C2"}},
		{ID: "C2", Deadline: date(t, "2024-07-31"), DependsOn: []string{"C1"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var messages []string
	for _, p := range res.Problems {
		messages = append(messages, p.Message)
	}
	want := []string{
		"dependency cycle: C1 -> C2 -> C1",
		"T03: latest start 2024-05-28 is 4 working days before the campaign start 2024-06-03: " +
			"T03 must finish before T07 starts (latest start 2024-05-30), which must finish before T09 starts (latest start 2024-06-04), which is due 2024-06-07",
		"T07: latest start 2024-05-30 is 2 working days before the campaign start 2024-06-03: " +
			"T07 must finish before T09 starts (latest start 2024-06-04), which is due 2024-06-07",
	}
	if diff := cmp.Diff(want, messages); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}

func TestLongChainsAreShortened(t *testing.T) {
	// 50 one-day tasks, each waiting for the one before it, the last due
	// on the start day: every one but the last is late, the first by 49
	// working days.
	var tasks []Task
	for i := range 50 {
		task := Task{ID: taskID(i), Deadline: date(t, "2024-12-31"), Phases: phases("p", 1)}
		if i > 0 {
			task.DependsOn = []string{tasks[i-1].ID}
		}
		tasks = append(tasks, task)
	}
	tasks[49].Deadline = date(t, "2024-06-03")
	res, err := Run(Input{Start: date(t, "2024-06-03"), Calendar: lookup(t, "weekdays"), Tasks: tasks})
	if err != nil {
		t.Fatal(err)
	}
	first := res.Tasks[0]
	if first.SlackWorkdays != -49 || len(first.Chain) != maxChain || first.Chain[maxChain-1] != taskID(49) || first.Chain[1] != taskID(1) {
		t.Errorf("first task: slack %d, chain %v", first.SlackWorkdays, first.Chain)
	}
	if msg := res.Problems[0].Message; !strings.Contains(msg, "(30 more)") || !strings.HasSuffix(msg, "which is due 2024-06-03") {
		t.Errorf("message %q", msg)
	}
}

func taskID(i int) string { return "T" + string(rune('A'+i/26)) + string(rune('A'+i%26)) }

func TestRunRejectsMalformedInput(t *testing.T) {
	weekdays := lookup(t, "weekdays")
	start := date(t, "2024-06-03")
	due := date(t, "2024-06-28")
	tests := map[string]Input{
		"no calendar":                {Start: start},
		"no start":                   {Calendar: weekdays},
		"duplicate id":               {Start: start, Calendar: weekdays, Tasks: []Task{{ID: "A", Deadline: due}, {ID: "A", Deadline: due}}},
		"empty id":                   {Start: start, Calendar: weekdays, Tasks: []Task{{Deadline: due}}},
		"unknown dependency":         {Start: start, Calendar: weekdays, Tasks: []Task{{ID: "A", Deadline: due, DependsOn: []string{"B"}}}},
		"empty phase":                {Start: start, Calendar: weekdays, Tasks: []Task{{ID: "A", Deadline: due, Phases: phases("p", 0)}}},
		"start outside the calendar": {Start: date(t, "2023-12-29"), Calendar: lookup(t, "cn")},
	}
	for name, in := range tests {
		if _, err := Run(in); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSelfDependencyIsACycle(t *testing.T) {
	res, err := Run(Input{Start: date(t, "2024-06-03"), Calendar: lookup(t, "weekdays"),
		Tasks: []Task{{ID: "A", Deadline: date(t, "2024-06-28"), DependsOn: []string{"A"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Message != "dependency cycle: A -> A" {
		t.Errorf("problems %+v", res.Problems)
	}
}

func TestFarDeadlinesAreBounded(t *testing.T) {
	res, err := Run(Input{Start: date(t, "2024-06-03"), Calendar: lookup(t, "none"),
		Tasks: []Task{{ID: "A", Deadline: date(t, "9999-12-31")}, {ID: "B", Deadline: date(t, "0001-01-01")}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 2 || res.Problems[0].Kind != ProblemCalendar || res.Problems[1].Kind != ProblemCalendar {
		t.Errorf("problems %+v", res.Problems)
	}
}
