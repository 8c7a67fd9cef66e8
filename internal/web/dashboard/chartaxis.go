package dashboard

import (
	"math"
	"strconv"
	"time"
)

// The charts are drawn on the server as inline SVG: numbers computed here,
// shapes written by the templates. No script, no library, no request.

// tick is one labelled mark on an axis.
type tick struct {
	Pos   float64
	Label string
}

// timeScale maps instants in [from, to] onto [x0, x1].
type timeScale struct {
	from, to time.Time
	x0, x1   float64
}

func (s timeScale) X(t time.Time) float64 {
	span := s.to.Sub(s.from)
	if span <= 0 {
		return s.x0
	}
	if t.Before(s.from) {
		t = s.from
	}
	if t.After(s.to) {
		t = s.to
	}
	return round1(s.x0 + (s.x1-s.x0)*float64(t.Sub(s.from))/float64(span))
}

// ticks marks the scale's span in the campaign's timezone: each Monday when
// it is under ten weeks, else the first of each month.
func (s timeScale) ticks(loc *time.Location) []tick {
	from, to := s.from.In(loc), s.to.In(loc)
	day := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc)
	var out []tick
	if to.Sub(from) < 70*24*time.Hour {
		for day.Weekday() != time.Monday {
			day = day.AddDate(0, 0, 1)
		}
		for ; !day.After(to); day = day.AddDate(0, 0, 7) {
			out = append(out, tick{Pos: s.X(day), Label: day.Format("01-02")})
		}
		return out
	}
	month := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, loc)
	if month.Before(from) {
		month = month.AddDate(0, 1, 0)
	}
	for ; !month.After(to); month = month.AddDate(0, 1, 0) {
		out = append(out, tick{Pos: s.X(month), Label: month.Format("2006-01")})
	}
	return out
}

// countTicks marks 0..top in about five even, whole steps.
func countTicks(top int, y func(int) float64) []tick {
	step := 1
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000} {
		step = s
		if top/s <= 5 {
			break
		}
	}
	var out []tick
	for v := 0; v <= top; v += step {
		out = append(out, tick{Pos: y(v), Label: strconv.Itoa(v)})
	}
	return out
}

// round1 keeps SVG coordinates short (one decimal is finer than a pixel).
func round1(v float64) float64 {
	if v < 0 {
		return -float64(int(-v*10+0.5)) / 10
	}
	return float64(int(v*10+0.5)) / 10
}

func earliest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if !t.IsZero() && (out.IsZero() || t.Before(out)) {
			out = t
		}
	}
	return out
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

// labelWidth estimates how wide text is at font size font (user units):
// a CJK character is about a font size wide, a digit or Latin letter about
// six tenths of it. The charts have no font metrics on the server; the
// estimate errs wide, so labels laid out by it do not touch.
func labelWidth(text string, font float64) float64 {
	w := 0.0
	for _, r := range text {
		if r > 0x2e80 {
			w += font
		} else {
			w += 0.62 * font
		}
	}
	return w
}

// thin keeps every k-th tick, the smallest k that leaves gap units between
// neighbours, so that labels of that width never overlap however long the
// span: a two-year campaign on a phone shows every third month, not 24
// labels on top of each other.
func thin(ticks []tick, gap float64) []tick {
	if len(ticks) < 2 {
		return ticks
	}
	step := 1
	for ; step < len(ticks); step++ {
		closest := -1.0
		for i := step; i < len(ticks); i += step {
			if d := math.Abs(ticks[i].Pos - ticks[i-step].Pos); closest < 0 || d < closest {
				closest = d
			}
		}
		if closest >= gap {
			break
		}
	}
	out := make([]tick, 0, len(ticks)/step+1)
	for i := 0; i < len(ticks); i += step {
		out = append(out, ticks[i])
	}
	return out
}

// widestLabel is the widest of the ticks' labels at font.
func widestLabel(ticks []tick, font float64) float64 {
	w := 0.0
	for _, t := range ticks {
		w = max(w, labelWidth(t.Label, font))
	}
	return w
}

// anchorWithin is the text-anchor that keeps a label of width w centred on
// x inside [left, right], or flush against the side it would cross.
func anchorWithin(x, w, left, right float64) string {
	switch {
	case x-w/2 < left:
		return "start"
	case x+w/2 > right:
		return "end"
	}
	return "middle"
}
