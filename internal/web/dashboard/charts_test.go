package dashboard

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
)

// The plan line steps down on each deadline, the actual line on each close
// until today, both from the total.
func TestBurndown(t *testing.T) {
	start := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	at := func(d int) time.Time { return start.AddDate(0, 0, d) }
	b := buildBurndown(wideChart, start, at(100), at(50), 4,
		[]time.Time{at(80), at(20), at(40), at(100)}, []time.Time{at(30), at(10)}, time.UTC)

	x := func(d int) float64 { return timeScale{from: start, to: at(100), x0: b.Left, x1: b.Right}.X(at(d)) }
	y := func(n int) float64 { return round1(b.Base - (b.Base-b.Top)*float64(n)/4) }
	if b.PlannedByNow != 2 || b.ClosedByNow != 2 {
		t.Fatalf("by today: planned %d closed %d, want 2 and 2", b.PlannedByNow, b.ClosedByNow)
	}
	wantPlan := pts(x(0), y(4), x(20), y(4), x(20), y(3), x(40), y(3), x(40), y(2), x(80), y(2), x(80), y(1), x(100), y(1), x(100), y(0), x(100), y(0))
	if b.Plan != wantPlan {
		t.Errorf("plan\n got %s\nwant %s", b.Plan, wantPlan)
	}
	wantActual := pts(x(0), y(4), x(10), y(4), x(10), y(3), x(30), y(3), x(30), y(2), x(50), y(2))
	if b.Actual != wantActual {
		t.Errorf("actual\n got %s\nwant %s", b.Actual, wantActual)
	}
	if b.TodayX != x(50) {
		t.Errorf("today at %g, want %g", b.TodayX, x(50))
	}
	if len(b.XTicks) == 0 || b.YTicks[len(b.YTicks)-1].Label != "4" {
		t.Errorf("axes: %+v %+v", b.XTicks, b.YTicks)
	}
}

// Closings in the same tenth of a pixel make one step: 10,000 tasks draw no
// more points than the chart is wide.
func TestBurndownStaysSmall(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var deadlines, closed []time.Time
	for i := range 10000 {
		deadlines = append(deadlines, start.Add(time.Duration(i)*time.Hour))
		if i%2 == 0 {
			closed = append(closed, start.Add(time.Duration(i)*15*time.Minute))
		}
	}
	b := buildBurndown(wideChart, start, start.AddDate(1, 3, 0), start.AddDate(0, 6, 0), 10000, deadlines, closed, time.UTC)
	if n := strings.Count(b.Plan, " ") + strings.Count(b.Actual, " "); n > 4*chartWidth*10 {
		t.Fatalf("%d points for a %d-pixel chart", n, chartWidth)
	}
	if !strings.HasSuffix(b.Actual, ","+ftoa(b.Base-(b.Base-b.Top)*5000/10000)) {
		t.Fatalf("the actual line should end at 5,000 left: %s", b.Actual[len(b.Actual)-30:])
	}
}

func pts(v ...float64) string {
	var s []string
	for i := 0; i < len(v); i += 2 {
		s = append(s, ftoa(v[i])+","+ftoa(v[i+1]))
	}
	return strings.Join(s, " ")
}

func ftoa(v float64) string { return fmt.Sprintf("%g", round1(v)) }

// One row per task, one bar per phase from its start to its due day, today
// between them.
func TestGantt(t *testing.T) {
	tasks := fixtureTasks()
	g := buildGantt(tasks, testNow, shanghai)
	if len(g.Rows) != 3 || len(g.Rows[0].Bars) != 3 {
		t.Fatalf("rows %d, bars %d", len(g.Rows), len(g.Rows[0].Bars))
	}
	for i, row := range g.Rows {
		if row.Y != g.Top+float64(i)*g.RowHeight {
			t.Errorf("row %d at %g", i, row.Y)
		}
		for j, bar := range row.Bars {
			if bar.X < g.Left || bar.X+bar.W > g.Right || bar.W < ganttMarkWidth {
				t.Errorf("row %d bar %d out of the plot: %+v", i, j, bar)
			}
			if j > 0 && bar.X <= row.Bars[j-1].X {
				t.Errorf("row %d: phases out of order", i)
			}
		}
	}
	first, last := g.Rows[0].Bars[0], g.Rows[0].Bars[2]
	if !(first.X < g.TodayX && g.TodayX < last.X) {
		t.Errorf("today (%g) should fall between the first phase (%g) and the last (%g)", g.TodayX, first.X, last.X)
	}
	single := buildGantt([]task.View{{ID: "X", Milestones: []task.MilestoneView{{Name: "due", Due: testNow.AddDate(0, 1, 0)}}}}, testNow, time.UTC)
	if w := single.Rows[0].Bars[0].W; w != ganttMarkWidth {
		t.Errorf("a milestone without a start should be a mark, got width %g", w)
	}
	if got := cutToWidth("T01 清理借调乡镇(街道)、村(社区)工作人员", 75, 12); got != "T01 清理借…" {
		t.Errorf("cut: %q", got)
	}
	if got := cutToWidth("T01 清理借调", 200, 12); got != "T01 清理借调" {
		t.Errorf("a label that fits is cut: %q", got)
	}
}

// Whatever the span, each layout's dates stay apart and inside the chart,
// its counts fit left of the plot and the today label inside the box: a
// two-year campaign on a phone shows fewer months, not months on top of
// each other. The Gantt draws wider instead.
func TestChartLabelsFitTheirLayout(t *testing.T) {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, shanghai)
	apart := func(t *testing.T, what string, ticks []tick, font, width float64) {
		t.Helper()
		w := widestLabel(ticks, font)
		for i, tk := range ticks {
			if tk.Pos-w/2 < 0 || tk.Pos+w/2 > width {
				t.Errorf("%s: date %q at %g is cut at the edge of %g", what, tk.Label, tk.Pos, width)
			}
			if i > 0 && tk.Pos-ticks[i-1].Pos < w {
				t.Errorf("%s: dates %q and %q overlap", what, ticks[i-1].Label, tk.Label)
			}
		}
	}
	for _, days := range []int{20, 69, 180, 730} {
		end := start.AddDate(0, 0, days)
		for _, now := range []time.Time{start, end} {
			for _, size := range []chartSize{wideChart, phoneChart} {
				what := fmt.Sprintf("%s, %d days", size.Fit, days)
				b := buildBurndown(size, start, end, now, 10000, []time.Time{end}, nil, shanghai)
				apart(t, what, b.XTicks, size.Font, size.Width)
				if len(b.XTicks) < 2 {
					t.Errorf("%s: %d dates", what, len(b.XTicks))
				}
				if w := widestLabel(b.YTicks, size.Font); b.Left-6 < w {
					t.Errorf("%s: counts %g wide left of a plot at %g", what, w, b.Left)
				}
				if x, w := b.TodayX, todayLabelWidth*size.Font; b.TodayAnchor == "middle" && (x-w/2 < 0 || x+w/2 > size.Width) {
					t.Errorf("%s: today's label is cut", what)
				}
			}
			tasks := []task.View{{ID: "X", Milestones: []task.MilestoneView{{Name: "p", Start: start, Due: end}}}}
			g := buildGantt(tasks, now, shanghai)
			apart(t, fmt.Sprintf("gantt, %d days", days), g.XTicks, ganttAxisFont, g.Width)
		}
	}
}
