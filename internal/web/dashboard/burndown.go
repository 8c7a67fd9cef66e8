package dashboard

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// burndown is the chart of tasks still open over time: the plan (a task
// leaves the plan line on its deadline) against the actual (a task leaves
// when it is closed), as SVG polylines.
type burndown struct {
	Width, Height          float64
	Left, Right, Top, Base float64 // the plot area
	Total                  int
	Plan, Actual           string // polyline points
	TodayX                 float64
	XTicks, YTicks         []tick
	// PlannedByNow and ClosedByNow say in words what the lines show today.
	PlannedByNow, ClosedByNow int
}

const (
	chartWidth  = 760
	chartHeight = 320
)

// buildBurndown draws total tasks from start to end: deadlines are the
// tasks' (cancelled ones left out), closed when each closed task was closed.
func buildBurndown(start, end, now time.Time, total int, deadlines, closed []time.Time, loc *time.Location) burndown {
	b := burndown{Width: chartWidth, Height: chartHeight, Left: 48, Right: chartWidth - 16, Top: 16, Base: chartHeight - 36, Total: total}
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
	y := func(remaining int) float64 {
		if total == 0 {
			return b.Base
		}
		return round1(b.Base - (b.Base-b.Top)*float64(remaining)/float64(total))
	}
	b.Plan = steps(xs, y, from, to, total, deadlines)
	b.Actual = steps(xs, y, from, now, total, closed)
	b.TodayX = xs.X(now)
	b.XTicks = xs.ticks(loc)
	b.YTicks = countTicks(total, y)
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
