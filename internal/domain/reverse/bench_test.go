package reverse

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/test/benchreport"
)

// bigPlan makes n tasks over the cn calendar: deadlines spread from July
// 2024 to December 2026, the three phases of the seed campaign with some
// variation, and each task depending on up to three tasks listed before it,
// between lookback and 1.5 × lookback places back (a DAG, as a real plan
// orders prerequisites before the work that needs them).
func bigPlan(b testing.TB, n, lookback int) Input {
	r := rand.New(rand.NewPCG(2024, 5))
	start := calendar.Date{Year: 2024, Month: 5, Day: 6}
	tasks := make([]Task, n)
	for i := range tasks {
		t := Task{
			ID:       fmt.Sprintf("T%05d", i),
			Track:    fmt.Sprintf("track-%d", i%7),
			Deadline: start.AddDays(60 + i*850/n + r.IntN(30)),
			Phases: []Phase{
				{Name: "制定方案", Workdays: 3 + r.IntN(5)},
				{Name: "组织实施", Workdays: 10 + r.IntN(20)},
				{Name: "验收销号", Workdays: 2 + r.IntN(3)},
			},
		}
		for range r.IntN(4) {
			if j := i - lookback - r.IntN(lookback/2+1); j >= 0 {
				t.DependsOn = append(t.DependsOn, tasks[j].ID)
			}
		}
		tasks[i] = t
	}
	cal, err := calendar.Lookup("cn")
	if err != nil {
		b.Fatal(err)
	}
	return Input{Start: start, Calendar: cal, Tasks: tasks}
}

// BenchmarkSchedule10k: prerequisites due about two to three months
// earlier, so the plan is feasible. Target: well under a second.
func BenchmarkSchedule10k(b *testing.B) {
	benchmarkSchedule(b, bigPlan(b, 10_000, 10_000/12))
	per := float64(b.Elapsed().Microseconds()) / 1000 / float64(b.N)
	benchreport.Record(benchreport.Row{
		Order: 70, Target: "scheduling 10,000 tasks", Value: per, Limit: 1000, Unit: " ms",
		Measure: "`reverse.Run` on the cn calendar, a random dependency DAG, three phases each",
		Result:  fmt.Sprintf("%.1f ms per plan", per),
	})
}

// TestMain writes what the benchmarks recorded to bench/results.
func TestMain(m *testing.M) {
	os.Exit(benchreport.Finish(m.Run()))
}

// BenchmarkSchedule10kTight: prerequisites due days earlier, so long chains
// make most tasks infeasible and every one of them is explained.
func BenchmarkSchedule10kTight(b *testing.B) { benchmarkSchedule(b, bigPlan(b, 10_000, 1)) }

func benchmarkSchedule(b *testing.B, in Input) {
	var res Result
	for b.Loop() {
		var err error
		if res, err = Run(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Problems)), "problems")
}

func TestBigPlansAreConsistent(t *testing.T) {
	for _, lookback := range []int{1, 200} {
		in := bigPlan(t, 2_000, lookback)
		res, err := Run(in)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, in.Calendar, res, in.Tasks)
	}
}
