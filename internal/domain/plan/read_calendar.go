package plan

import (
	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/i18n"
)

// readCalendar reads a calendar name or an inline calendar; the default is
// "weekdays" (Monday to Friday).
func (r *reader) readCalendar(o object) (CalendarSpec, calendar.Calendar) {
	n, ok := r.get(o, "calendar", optional)
	if !ok {
		cal, _ := calendar.Lookup("weekdays")
		return CalendarSpec{Name: "weekdays"}, cal
	}
	switch n.kind {
	case kindString:
		cal, err := r.opts.Calendars.Lookup(n.text)
		if err != nil {
			r.fail(n, "calendar", "%v, or an inline calendar {base, holidays, workdays}", err)
			return CalendarSpec{}, nil
		}
		return CalendarSpec{Name: n.text}, cal
	case kindMap:
		return r.readInlineCalendar(n)
	}
	r.expected(n, "calendar", i18n.T("a calendar name (cn, weekdays, none) or an inline calendar object"))
	return CalendarSpec{}, nil
}

func (r *reader) readInlineCalendar(n *node) (CalendarSpec, calendar.Calendar) {
	co, _ := r.object("calendar", n, []string{"base", "holidays", "workdays"})
	base, okBase := r.str(co, "base", required)
	holidays, okHolidays := r.dates(co, "holidays")
	workdays, okWorkdays := r.dates(co, "workdays")
	if !okBase || !okHolidays || !okWorkdays {
		return CalendarSpec{}, nil
	}
	cal, err := calendar.NewInline(base, holidays, workdays)
	if err != nil {
		r.failErr(n, "calendar", err)
		return CalendarSpec{}, nil
	}
	return CalendarSpec{Inline: &InlineCalendar{Base: base, Holidays: holidays, Workdays: workdays}}, cal
}

// dates reads an optional list of YYYY-MM-DD dates; ok is false if any is
// bad.
func (r *reader) dates(o object, key string) (dates []calendar.Date, ok bool) {
	before := len(r.errs)
	items, _ := r.strings(o, key, optional)
	for _, item := range items {
		d, err := calendar.ParseDate(item.value)
		if err != nil {
			r.failErr(item.node, item.path, err)
			continue
		}
		dates = append(dates, d)
	}
	return dates, len(r.errs) == before
}
