package dashboard

import (
	"time"

	"github.com/closeout/closeout/internal/domain/task"
)

// gantt is the chart of tasks' reverse-scheduled phases: one row per task,
// one bar per milestone from its start to its due day, and today's line.
// It is two SVGs drawn at their own size, never scaled: the names, which
// style.css keeps in view (sticky), and the bars beside them, which scroll
// sideways in their box on a narrow screen. A long campaign draws wider
// rather than squeezing its dates together.
type gantt struct {
	Width, Height float64 // the bars' SVG
	NamesWidth    float64 // the names' SVG, the same height
	Left, Right   float64 // the plot within the bars' SVG
	Top, Base     float64
	Rows          []ganttRow
	TodayX        float64
	TodayAnchor   string
	XTicks        []tick
	RowHeight     float64
	BarHeight     float64
	LabelBaseline float64 // offset of a row's label below its top
	TodayLabelY   float64
	TickLabelY    float64
}

type ganttRow struct {
	Y     float64
	Mid   float64 // the row's middle, where the light's dot is
	Label string  // the id and the title, cut to fit the names' column
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
	ganttNamesWidth = 164
	ganttNameX      = 18 // after the light's dot
	ganttNameFont   = 12 // .gantt-names text in style.css
	ganttAxisFont   = 11 // .chart text in style.css
	ganttRowHeight  = 26
	ganttBarHeight  = 14
	ganttTop        = 28
	ganttMarkWidth  = 4
	// The plot is at least ganttMinPlot wide and gives each day
	// ganttDayWidth, so months stay apart however long the campaign.
	ganttMinPlot  = 700
	ganttDayWidth = 2.2
)

// buildGantt lays out tasks (in the order given) between the earliest phase
// start and the latest due day, today included.
func buildGantt(tasks []task.View, now time.Time, loc *time.Location) gantt {
	g := gantt{
		NamesWidth: ganttNamesWidth, Top: ganttTop,
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
	from, to = from.Add(-24*time.Hour), to.Add(24*time.Hour)
	// Half a date of margin each side, so the first and last dates are whole.
	g.Left = round1(dateLabelWidth*ganttAxisFont/2 + 2)
	g.Right = round1(g.Left + max(ganttMinPlot, to.Sub(from).Hours()/24*ganttDayWidth))
	g.Width = round1(g.Right + g.Left)
	xs := timeScale{from: from, to: to, x0: g.Left, x1: g.Right}
	for i, t := range tasks {
		y := g.Top + float64(i)*ganttRowHeight
		row := ganttRow{Y: y, Mid: y + ganttRowHeight/2, Task: t,
			Label: cutToWidth(t.ID+" "+t.Title, ganttNamesWidth-ganttNameX-4, ganttNameFont)}
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
	g.TodayAnchor = anchorWithin(g.TodayX, todayLabelWidth*ganttAxisFont, 0, g.Width)
	ticks := xs.ticks(loc)
	g.XTicks = thin(ticks, widestLabel(ticks, ganttAxisFont)+ganttAxisFont)
	return g
}

// cutToWidth shortens s to what fits in width at font (labelWidth's
// estimate), marking the cut; the whole text is in the label's title.
func cutToWidth(s string, width, font float64) string {
	if labelWidth(s, font) <= width {
		return s
	}
	r := []rune(s)
	room := width - labelWidth("…", font)
	for len(r) > 0 && labelWidth(string(r), font) > room {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
