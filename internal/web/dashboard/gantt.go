package dashboard

import (
	"time"

	"github.com/closeout/closeout/internal/domain/task"
)

// gantt is the chart of tasks' reverse-scheduled phases: one row per task,
// one bar per milestone from its start to its due day, and today's line.
type gantt struct {
	Width, Height float64
	LabelWidth    float64
	Top, Base     float64
	Rows          []ganttRow
	TodayX        float64
	XTicks        []tick
	RowHeight     float64
	BarHeight     float64
	LabelBaseline float64 // offset of a row's label below its top
	TodayLabelY   float64
	TickLabelY    float64
}

type ganttRow struct {
	Y     float64
	Label string // the id and the title, cut to fit beside the bars
	Task  task.View
	Bars  []ganttBar
}

// ganttBar is one phase. A milestone without a start (a task with no
// phases) is drawn as a narrow mark on its due day.
type ganttBar struct {
	X, Y, W   float64
	Milestone task.MilestoneView
}

const (
	ganttLabelWidth = 220
	ganttRowHeight  = 26
	ganttBarHeight  = 14
	ganttTop        = 28
	ganttMarkWidth  = 4
	ganttLabelRunes = 14
)

// buildGantt lays out tasks (in the order given) between the earliest phase
// start and the latest due day, today included.
func buildGantt(tasks []task.View, now time.Time, loc *time.Location) gantt {
	g := gantt{
		Width: chartWidth + ganttLabelWidth - 48, LabelWidth: ganttLabelWidth, Top: ganttTop,
		RowHeight: ganttRowHeight, BarHeight: ganttBarHeight, LabelBaseline: 17,
	}
	g.Base = g.Top + float64(len(tasks))*ganttRowHeight
	g.Height = g.Base + 24
	g.TickLabelY = g.Base + 16
	g.TodayLabelY = g.Top - 8
	from, to := now, now
	for _, t := range tasks {
		for _, m := range t.Milestones {
			from = earliest(from, m.Start, m.Due)
			to = latest(to, m.Due)
		}
	}
	// A day of margin each side, so a bar on the first or last day shows.
	xs := timeScale{from: from.Add(-24 * time.Hour), to: to.Add(24 * time.Hour), x0: g.LabelWidth, x1: g.Width - 16}
	for i, t := range tasks {
		row := ganttRow{Y: g.Top + float64(i)*ganttRowHeight, Task: t, Label: cut(t.ID+" "+t.Title, ganttLabelRunes)}
		for _, m := range t.Milestones {
			bar := ganttBar{Milestone: m, Y: row.Y + (ganttRowHeight-ganttBarHeight)/2}
			end := xs.X(m.Due)
			if m.Start.IsZero() {
				bar.X, bar.W = end-ganttMarkWidth/2, ganttMarkWidth
			} else {
				bar.X = xs.X(m.Start)
				bar.W = max(round1(end-bar.X), ganttMarkWidth)
			}
			row.Bars = append(row.Bars, bar)
		}
		g.Rows = append(g.Rows, row)
	}
	g.TodayX = xs.X(now)
	g.XTicks = xs.ticks(loc)
	return g
}

// cut shortens s to n runes, marking the cut.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
