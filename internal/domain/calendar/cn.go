package calendar

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// LastProvisionalYear is the last year cn schedules on: a plan reaching past
// it is more likely a typo than a plan.
const LastProvisionalYear = 2100

// YearKind says where a year of calendar cn comes from.
type YearKind string

const (
	// YearShipped is a State Council notice shipped with this release (data/cn.json).
	YearShipped YearKind = "shipped"
	// YearLoaded is a notice an admin loaded since (it overrides a shipped year).
	YearLoaded YearKind = "loaded"
	// YearProvisional is a year with no notice yet, computed by StatutoryHolidays.
	YearProvisional YearKind = "provisional"
)

// CN is calendar cn as plans get it: the shipped notices, overlaid by the
// years admins loaded, and provisional for every later year up to
// LastProvisionalYear. It refuses dates before the shipped data.
//
// The loaded years are handed in (the store keeps them); CN itself does no
// I/O. It computes a provisional year the first time it is asked about one
// and keeps it, so one CN is cheap to share between goroutines.
type CN struct {
	shipped *Published
	loaded  map[int]officialYear

	mu          sync.Mutex
	provisional map[int]provisionalYear
}

// NewCN builds calendar cn over loaded, which must pass Year.Check, one entry
// a year.
func NewCN(loaded []Year) (*CN, error) {
	shipped, err := China()
	if err != nil {
		return nil, err
	}
	c := &CN{shipped: shipped, loaded: map[int]officialYear{}, provisional: map[int]provisionalYear{}}
	for _, y := range loaded {
		if errs := y.Check(); len(errs) > 0 {
			return nil, fmt.Errorf("calendar cn: loaded year %d: %s: %s", y.Year, errs[0].Field, errs[0].Message)
		}
		if _, dup := c.loaded[y.Year]; dup {
			return nil, fmt.Errorf("calendar cn: year %d loaded twice", y.Year)
		}
		c.loaded[y.Year] = newOfficialYear(y)
	}
	return c, nil
}

// Name returns "cn".
func (c *CN) Name() string { return c.shipped.Name() }

// Range is the first and last dates cn schedules on.
func (c *CN) Range() (first, last Date) {
	first, _ = c.shipped.Range()
	return first, Date{Year: LastProvisionalYear, Month: time.December, Day: 31}
}

// Kind returns where a year's days come from, or "" for a year cn does not
// cover.
func (c *CN) Kind(year int) YearKind {
	first, last := c.shipped.Range()
	_, loaded := c.loaded[year]
	switch {
	case year < first.Year || year > LastProvisionalYear:
		return ""
	case loaded:
		return YearLoaded
	case year <= last.Year:
		return YearShipped
	}
	return YearProvisional
}

// IsWorkday answers from the loaded notice of d's year, else the shipped one,
// else the provisional rules; it refuses a date outside Range.
func (c *CN) IsWorkday(d Date) (bool, error) {
	switch c.Kind(d.Year) {
	case YearLoaded:
		return c.loaded[d.Year].isWorkday(d), nil
	case YearShipped:
		return c.shipped.IsWorkday(d)
	case YearProvisional:
		return c.provisionalYear(d.Year).isWorkday(d), nil
	}
	first, last := c.Range()
	return false, &OutOfRangeError{Calendar: c.Name(), Date: d, First: first, Last: last}
}

// Provisional reports whether d is in a year no notice covers yet
// (Tentative).
func (c *CN) Provisional(d Date) bool { return c.Kind(d.Year) == YearProvisional }

func (c *CN) provisionalYear(year int) provisionalYear {
	c.mu.Lock()
	defer c.mu.Unlock()
	y, ok := c.provisional[year]
	if !ok {
		y = newProvisionalYear(year)
		c.provisional[year] = y
	}
	return y
}

// YearInfo describes one year of cn: where it comes from and its exceptions
// to the Monday-Friday week.
type YearInfo struct {
	Year        int      `json:"year"`
	Kind        YearKind `json:"kind"`
	Provisional bool     `json:"provisional"`
	// Source is the notice (shipped or loaded) or, for a provisional year,
	// the statutory rules applied.
	Source string  `json:"source"`
	Notice *Notice `json:"notice,omitempty"` // a shipped year's notice in full
	// Holidays are the days off on weekdays and weekends alike; Workdays the
	// weekend days worked (never any in a provisional year).
	Holidays []Date `json:"holidays"`
	Workdays []Date `json:"workdays"`
}

// Year describes one year; ok is false for a year cn does not cover.
func (c *CN) Year(year int) (info YearInfo, ok bool) {
	kind := c.Kind(year)
	info = YearInfo{Year: year, Kind: kind, Provisional: kind == YearProvisional, Holidays: []Date{}, Workdays: []Date{}}
	switch kind {
	case YearLoaded:
		o := c.loaded[year]
		info.Source = o.source
		info.Holidays, info.Workdays = sortedDates(o.holidays), sortedDates(o.workdays)
	case YearShipped:
		for _, n := range c.shipped.notices {
			if n.Year == year {
				notice := n
				info.Notice = &notice
				info.Source = n.Title + "(" + n.Document + ")"
			}
		}
		info.Holidays, info.Workdays = c.shipped.yearDays(year)
	case YearProvisional:
		info.Source = StatutoryRevision
		info.Holidays = sortedDates(c.provisionalYear(year).holidays)
	default:
		return info, false
	}
	return info, true
}

// yearDays lists a shipped year's days off and weekend days worked.
func (p *Published) yearDays(year int) (holidays, workdays []Date) {
	holidays, workdays = []Date{}, []Date{}
	for d := range p.holidays {
		if d.Year == year {
			holidays = append(holidays, d)
		}
	}
	for d := range p.workdays {
		if d.Year == year {
			workdays = append(workdays, d)
		}
	}
	slices.SortFunc(holidays, Date.Compare)
	slices.SortFunc(workdays, Date.Compare)
	return holidays, workdays
}

// sortedDates lists a set of dates in order.
func sortedDates[V any](set map[Date]V) []Date {
	out := make([]Date, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	slices.SortFunc(out, Date.Compare)
	return out
}
