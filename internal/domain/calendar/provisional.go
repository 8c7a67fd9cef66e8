package calendar

// Tentative is implemented by calendars some of whose days are computed from
// rules rather than taken from a published arrangement, so that a schedule
// can say which of its dates may still move.
type Tentative interface {
	// Provisional reports whether d's status is a computed guess.
	Provisional(d Date) bool
}

// IsProvisional reports whether cal computed d rather than published it. A
// calendar that does not implement Tentative is taken at its word.
func IsProvisional(cal Calendar, d Date) bool {
	t, ok := cal.(Tentative)
	return ok && !d.IsZero() && t.Provisional(d)
}

// provisionalYear is a year no notice covers yet: Monday to Friday, with the
// statutory holidays of the current revision off and no make-up working days
// (the yearly notice decides those, and it is not out).
type provisionalYear struct {
	holidays map[Date]string // day off -> holiday name(s)
}

func newProvisionalYear(year int) provisionalYear {
	y := provisionalYear{holidays: map[Date]string{}}
	for _, h := range StatutoryHolidays(year) {
		for _, d := range h.Days {
			if name, ok := y.holidays[d]; ok {
				y.holidays[d] = name + "、" + h.Name // 国庆节、中秋节, as the notices write it
			} else {
				y.holidays[d] = h.Name
			}
		}
	}
	return y
}

func (y provisionalYear) isWorkday(d Date) bool {
	if _, off := y.holidays[d]; off {
		return false
	}
	return isWeekday(d)
}
