package dashboard

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// burndown is the chart of tasks still open over time: the plan (a task
// leaves the plan line on its deadline) against the actual (a task leaves
// when it is closed), as SVG polylines, laid out for one chartSize.
type burndown struct {
	chartSize
	Left, Right, Top, Base float64 // the plot area
	Total                  int
	Plan, Actual           string // polyline points
	TodayX                 float64
	TodayAnchor            string // keeps the today label inside the chart
	XTicks, YTicks         []tick
	XLabelDY               float64 // how far below the axis the dates are written
	// PlannedByNow and ClosedByNow say in words what the lines show today.
	PlannedByNow, ClosedByNow int
}

// chartSize is a layout of a chart: its box in SVG user units, the size of
// its text in the same units, and Fit, the class by which style.css shows it
// on a wide screen or a phone. Each layout is scaled to the width it is shown
// at, so it is made for that width: the phone's text ends up at least 11 px
// on a 375 px screen, and its dates are fewer, not smaller.
type chartSize struct {
	Width, Height, Font float64
	Fit                 string
}

var (
	wideChart  = chartSize{Width: 760, Height: 320, Font: 11, Fit: "wide"}
	phoneChart = chartSize{Width: 360, Height: 260, Font: 12, Fit: "phone"}
)

// chartWidth is the wide layout's width: the ranking and the Gantt keep to it.
const chartWidth = 760

// dateLabelWidth is the widest date a time axis writes ("2006-01"), and
// todayLabelWidth the wider of "今天" and "Today", in font sizes.
const (
	dateLabelWidth  = 4.4
	todayLabelWidth = 3.2
)

// buildBurndown draws total tasks from start to end: deadlines are the
// tasks' (cancelled ones left out), closed when each closed task was closed.
func buildBurndown(size chartSize, start, end, now time.Time, total int, deadlines, closed []time.Time, loc *time.Location) burndown {
	f := size.Font
	b := burndown{chartSize: size, Top: f + 6, Base: size.Height - 1.3*f - 8, XLabelDY: f + 6, Total: total}
	y := func(remaining int) float64 {
		if total == 0 {
			return b.Base
		}
		return round1(b.Base - (b.Base-b.Top)*float64(remaining)/float64(total))
	}
	b.YTicks = thin(countTicks(total, y), f+4)
	b.Left = round1(max(widestLabel(b.YTicks, f)+12, 2*f))
	b.Right = round1(size.Width - dateLabelWidth*f/2 - 4)
	deadlines = slices.SortedFunc(slices.Values(deadlines), time.Time.Compare)
	closed = slices.SortedFunc(slices.Values(closed), time.Time.Compare)
	var lastDeadline, lastClosed time.Time
	if len(deadlines) > 0 {
		lastDeadline = deadlines[len(deadlines)-1]
	}
	if len(closed) > 0 {
		lastClosed = closed[len(closed)-1]
	}
	from := earliest(start, firstOf(deadlines), firstOf(closed), now)
	to := latest(end, lastDeadline, lastClosed, now)
	xs := timeScale{from: from, to: to, x0: b.Left, x1: b.Right}
	b.Plan = steps(xs, y, from, to, total, deadlines)
	b.Actual = steps(xs, y, from, now, total, closed)
	b.TodayX = xs.X(now)
	b.TodayAnchor = anchorWithin(b.TodayX, todayLabelWidth*f, 0, size.Width)
	ticks := xs.ticks(loc)
	b.XTicks = thin(ticks, widestLabel(ticks, f)+f)
	for _, d := range deadlines {
		if !d.After(now) {
			b.PlannedByNow++
		}
	}
	for _, c := range closed {
		if !c.After(now) {
			b.ClosedByNow++
		}
	}
	return b
}

// steps is the staircase of total minus the events (sorted) up to until:
// flat between events, one step down at each. Events that fall on the same
// tenth of a pixel make one step, so 10,000 tasks draw no more points than
// the chart is wide.
func steps(xs timeScale, y func(int) float64, from, until time.Time, total int, events []time.Time) string {
	var pts strings.Builder
	point := func(x float64, remaining int) {
		fmt.Fprintf(&pts, "%g,%g ", x, y(remaining))
	}
	remaining := total
	point(xs.X(from), remaining)
	for i := 0; i < len(events) && !events[i].After(until); {
		x := xs.X(events[i])
		point(x, remaining)
		for ; i < len(events) && !events[i].After(until) && xs.X(events[i]) == x; i++ {
			remaining = max(remaining-1, 0)
		}
		point(x, remaining)
	}
	point(xs.X(until), remaining)
	return strings.TrimSpace(pts.String())
}

func firstOf(ts []time.Time) time.Time {
	if len(ts) == 0 {
		return time.Time{}
	}
	return ts[0]
}
