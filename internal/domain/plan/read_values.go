package plan

import (
	"math"
	"strconv"
	"strings"

	"github.com/closeout/closeout/internal/i18n"
)

// Readers for the plan's own value types. Each reports its problems and
// returns ok=false for an absent or bad value.

// text reads a string that must not be blank.
func (r *reader) text(o object, key string, req need) (string, bool) {
	s, ok := r.str(o, key, req)
	if ok && strings.TrimSpace(s) == "" {
		r.fail(o.fields[key], at(o.path, key), "must not be empty")
		return "", false
	}
	return s, ok
}

// personRef reads the id of a person who must exist.
func (r *reader) personRef(o object, key string, req need) (string, bool) {
	id, ok := r.str(o, key, req)
	if !ok {
		return "", false
	}
	return id, r.checkPerson(o.fields[key], at(o.path, key), id)
}

func (r *reader) checkPerson(n *node, path, id string) bool {
	if _, ok := unitOf(id); ok {
		r.fail(n, path, "%q is a unit, and this takes a person: units may only own, approve or assist a task", id)
		return false
	}
	if err := checkPersonID(id); err != nil {
		r.failErr(n, path, err)
		return false
	}
	if !r.knownPerson(id) {
		r.fail(n, path, "unknown person %q: list them under people: or create them first", id)
		return false
	}
	return true
}

// moment reads a date or timestamp, which the campaign calendar must have
// data for (so a deadline in a year the cn calendar does not cover is
// caught here, not when a timer fires).
func (r *reader) moment(o object, key string, req need, edge dayEdge) (Moment, bool) {
	s, ok := r.str(o, key, req)
	if !ok {
		return Moment{}, false
	}
	path, n := at(o.path, key), o.fields[key]
	m, err := parseMoment(s, r.loc, edge)
	if err != nil {
		r.failErr(n, path, err)
		return Moment{}, false
	}
	return m, r.inCalendar(n, path, m)
}

func (r *reader) inCalendar(n *node, path string, m Moment) bool {
	if r.cal == nil {
		return true // the calendar's own error has been reported
	}
	if _, err := r.cal.IsWorkday(m.Date); err != nil {
		r.failErr(n, path, err)
		return false
	}
	return true
}

// number reads a finite number, such as an indicator's target.
func (r *reader) number(o object, key string, req need) (float64, bool) {
	n, ok := r.get(o, key, req)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(n.text, 64)
	if n.kind != kindNumber || err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		r.expected(n, at(o.path, key), i18n.T("a number"))
		return 0, false
	}
	return v, true
}

// duration reads a Duration; anchored says whether it is measured from a
// deadline and so may count working days.
func (r *reader) duration(path string, n *node, anchored bool) (Duration, bool) {
	s, ok := r.stringValue(path, n)
	if !ok {
		return Duration{}, false
	}
	d, err := ParseDuration(s)
	if err != nil {
		r.failErr(n, path, err)
		return Duration{}, false
	}
	if d.InWorkdays() && !anchored {
		r.fail(n, path, "working days (wd) are not allowed here, as this span is not counted from a date: use d or h")
		return Duration{}, false
	}
	return d, true
}

// maxPhaseWorkdays bounds a phase at about four years of working days.
const maxPhaseWorkdays = 1000

// phases reads a list of phases; present is false when the key is absent
// (so the default applies), and an explicit [] gives no phases.
func (r *reader) phases(o object, key string) (phases []Phase, present bool) {
	items, ok := r.list(o, key, optional)
	if !ok {
		return nil, !o.absent(key)
	}
	phases = []Phase{}
	names := map[string]bool{}
	for i, item := range items {
		path := index(at(o.path, key), i)
		po, ok := r.listObject(path, item, []string{"name", "workdays"})
		if !ok {
			continue
		}
		name, okName := r.text(po, "name", required)
		workdays, okDays := r.integer(po, "workdays", required)
		if okName && names[name] {
			r.fail(po.fields["name"], at(path, "name"), "phase %q is listed twice", name)
			okName = false
		}
		if okDays && (workdays < 1 || workdays > maxPhaseWorkdays) {
			r.fail(po.fields["workdays"], at(path, "workdays"), "must be from 1 to %d working days", maxPhaseWorkdays)
			okDays = false
		}
		if okName && okDays {
			names[name] = true
			phases = append(phases, Phase{Name: name, Workdays: workdays})
		}
	}
	return phases, true
}

// listObject reads a list item that must be an object (null included: a
// list item cannot be absent).
func (r *reader) listObject(path string, n *node, known []string) (object, bool) {
	if n.kind == kindNull {
		r.expected(n, path, i18n.T("an object"))
		return object{}, false
	}
	return r.object(path, n, known)
}
