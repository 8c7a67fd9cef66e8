package reverse

import (
	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/i18n"
)

// maxSpanDays bounds how far from the campaign start the index reaches, in
// either direction, so a deadline in the year 9999 costs an error rather
// than millions of calendar look-ups.
const maxSpanDays = 100 * 366

// workdayIndex answers working-day questions in O(1) over a range of days
// that it asks the calendar about once each. It assigns every working day a
// rank: consecutive integers in date order. Rank arithmetic replaces
// day-by-day walking: n working days before rank r is rank r-n.
//
// The index grows lazily: forwards to the latest deadline asked about, and
// backwards, doubling, as far as phases reach. Ranks never change when it
// grows, so callers may keep them.
type workdayIndex struct {
	cal   calendar.Calendar
	start calendar.Date // campaign start: the anchor of the span limit
	lo    calendar.Date // first day covered
	// count[i] is the number of working days in [lo, lo+i); it has one more
	// entry than there are covered days.
	count []int32
	// workdays holds the working days covered, in order; workdays[i] has
	// rank base+i.
	workdays []calendar.Date
	base     int
	// floor is set once the calendar refused a day before lo (or the span
	// limit was hit): ranks below base then have no date.
	floor error
}

func newWorkdayIndex(cal calendar.Calendar, start calendar.Date) (*workdayIndex, error) {
	ok, err := cal.IsWorkday(start)
	if err != nil {
		return nil, i18n.Errorf("campaign start %s: %w", start, err)
	}
	x := &workdayIndex{cal: cal, start: start, lo: start, count: []int32{0, 0}}
	if ok {
		x.count[1] = 1
		x.workdays = []calendar.Date{start}
	}
	return x, nil
}

// days returns the number of days covered.
func (x *workdayIndex) days() int { return len(x.count) - 1 }

// hi returns the last day covered.
func (x *workdayIndex) hi() calendar.Date { return x.lo.AddDays(x.days() - 1) }

// rankOnOrBefore returns the rank of the last working day on or before d.
// That day may lie before the covered range, even before the calendar's
// data: ranks there are still well defined, only their dates are not.
func (x *workdayIndex) rankOnOrBefore(d calendar.Date) (int, error) {
	if err := x.cover(d); err != nil {
		return 0, err
	}
	return x.base + int(x.count[d.DaysSince(x.lo)+1]) - 1, nil
}

// isWorkday reports whether d, a covered day, is a working day.
func (x *workdayIndex) isWorkday(d calendar.Date) bool {
	off := d.DaysSince(x.lo)
	return x.count[off+1] > x.count[off]
}

// firstRankFrom returns the rank of the first working day on or after d,
// for d within the covered range.
func (x *workdayIndex) firstRankFrom(d calendar.Date) int {
	return x.base + int(x.count[d.DaysSince(x.lo)])
}

// dateOf returns the working day of a rank, extending the index backwards
// as needed; ok is false when that day is before the calendar's data.
func (x *workdayIndex) dateOf(rank int) (d calendar.Date, ok bool) {
	for rank < x.base && x.floor == nil {
		x.extendBackward(x.days())
	}
	i := rank - x.base
	if i < 0 || i >= len(x.workdays) {
		return calendar.Date{}, false
	}
	return x.workdays[i], true
}

// cover extends the index to include d.
func (x *workdayIndex) cover(d calendar.Date) error {
	if d.Before(x.lo) {
		if x.start.DaysSince(d) > maxSpanDays {
			return i18n.Errorf("%s is more than %d days before the campaign start %s", d, maxSpanDays, x.start)
		}
		for d.Before(x.lo) && x.floor == nil {
			x.extendBackward(max(x.days(), x.lo.DaysSince(d)))
		}
		if d.Before(x.lo) {
			return x.floor
		}
		return nil
	}
	if hi := x.hi(); d.After(hi) {
		if d.DaysSince(x.start) > maxSpanDays {
			return i18n.Errorf("%s is more than %d days after the campaign start %s", d, maxSpanDays, x.start)
		}
		return x.extendForward(d)
	}
	return nil
}

// extendForward appends the days after hi up to d. Appending leaves ranks
// as they are.
func (x *workdayIndex) extendForward(d calendar.Date) error {
	last := x.count[len(x.count)-1]
	for day := x.hi().AddDays(1); !day.After(d); day = day.AddDays(1) {
		ok, err := x.cal.IsWorkday(day)
		if err != nil {
			return err
		}
		if ok {
			last++
			x.workdays = append(x.workdays, day)
		}
		x.count = append(x.count, last)
	}
	return nil
}

// extendBackward prepends up to n days before lo, stopping at the first day
// the calendar refuses (which sets floor). Prepending rebuilds the arrays;
// growing by doubling keeps the total cost linear.
func (x *workdayIndex) extendBackward(n int) {
	n = max(n, 64)
	if room := maxSpanDays - x.start.DaysSince(x.lo); n > room {
		n = room
	}
	if n <= 0 {
		x.floor = i18n.Errorf("more than %d days before the campaign start %s", maxSpanDays, x.start)
		return
	}
	work := make([]bool, 0, n) // work[k] is lo-1-k
	for k := 0; k < n; k++ {
		ok, err := x.cal.IsWorkday(x.lo.AddDays(-1 - k))
		if err != nil {
			x.floor = err
			break
		}
		work = append(work, ok)
	}
	added := len(work)
	if added == 0 {
		return
	}
	count := make([]int32, 0, added+len(x.count))
	workdays := make([]calendar.Date, 0, added+len(x.workdays))
	lo := x.lo.AddDays(-added)
	var c int32
	for i := 0; i < added; i++ {
		count = append(count, c)
		if work[added-1-i] {
			workdays = append(workdays, lo.AddDays(i))
			c++
		}
	}
	for _, old := range x.count {
		count = append(count, old+c)
	}
	x.lo = lo
	x.count = count
	x.workdays = append(workdays, x.workdays...)
	x.base -= int(c)
}
