package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/i18n"
)

// Year is one year of an official arrangement loaded by an admin (a State
// Council notice that came out after this release): the days off and the
// weekend days made working days. Every other day of the year follows the
// Monday-Friday week.
type Year struct {
	Year   int    `json:"year"`
	Source string `json:"source"` // the notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知(国办发明电〔2026〕N号)
	// Holidays are the days off; a notice lists whole periods (10月1日至7日),
	// weekend days included, which is harmless.
	Holidays []Date `json:"holidays"`
	// Workdays are the weekend days worked (调休上班).
	Workdays []Date `json:"workdays"`
}

// Year bounds: cn's data starts in 2024, and a year past the provisional
// range is more likely a typo than a notice.
const (
	firstLoadableYear = 2024
	maxSourceLen      = 500
)

// FieldError is a problem with one field of a Year, named like the JSON
// (holidays[2]).
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	// Zh is Message in Chinese (i18n.T); empty reads as Message.
	Zh string `json:"message_zh,omitempty"`
}

// Text is the message in both languages.
func (e FieldError) Text() i18n.Text { return i18n.Both(e.Message, e.Zh) }

// Check returns every problem with the year, each naming its field: the year
// must be one cn can cover, the source must say where the days come from,
// every date must be in the year, a working day must be a weekend day (a
// weekday is one already), and no date may be both.
func (y Year) Check() []FieldError {
	var errs yearProblems
	if y.Year < firstLoadableYear || y.Year > LastProvisionalYear {
		errs.addf("year", "must be %d to %d", firstLoadableYear, LastProvisionalYear)
	}
	switch source := strings.TrimSpace(y.Source); {
	case source == "":
		errs.addf("source", "name the notice the days come from (title and document number)")
	case len(source) > maxSourceLen:
		errs.addf("source", "at most %d bytes", maxSourceLen)
	}
	if len(y.Holidays) == 0 {
		errs.addf("holidays", "a notice gives at least one day off")
	}
	holiday := map[Date]bool{}
	for i, d := range y.Holidays {
		if d.Year != y.Year {
			errs.addf(fmt.Sprintf("holidays[%d]", i), "%s is not in %d", d, y.Year)
		}
		holiday[d] = true
	}
	for i, d := range y.Workdays {
		field := fmt.Sprintf("workdays[%d]", i)
		switch {
		case d.Year != y.Year:
			errs.addf(field, "%s is not in %d", d, y.Year)
		case isWeekday(d):
			errs.addf(field, "%s is a %s, a working day already; list only the weekend days made working days", d, weekdayText(d.Weekday()))
		case holiday[d]:
			errs.addf(field, "%s is also listed among the holidays", d)
		}
	}
	return errs
}

// yearProblems collects a year's problems, each worded in both languages.
type yearProblems []FieldError

func (e *yearProblems) addf(field, format string, args ...any) {
	t := i18n.T(format, args...)
	*e = append(*e, FieldError{Field: field, Message: t.En, Zh: t.Zh})
}

// Normalized is the year with its dates sorted and each listed once, so that
// two loads of one notice compare equal however they were written.
func (y Year) Normalized() Year {
	norm := func(ds []Date) []Date {
		out := slices.Clone(ds)
		slices.SortFunc(out, Date.Compare)
		return slices.Compact(out)
	}
	y.Source = strings.TrimSpace(y.Source)
	y.Holidays, y.Workdays = norm(y.Holidays), norm(y.Workdays)
	if y.Workdays == nil {
		y.Workdays = []Date{}
	}
	return y
}

// Equal reports whether two years give the same days from the same source.
func (y Year) Equal(o Year) bool {
	a, b := y.Normalized(), o.Normalized()
	return a.Year == b.Year && a.Source == b.Source && slices.Equal(a.Holidays, b.Holidays) && slices.Equal(a.Workdays, b.Workdays)
}

// officialYear is a loaded Year as IsWorkday asks it.
type officialYear struct {
	source   string
	holidays map[Date]bool
	workdays map[Date]bool
}

func newOfficialYear(y Year) officialYear {
	o := officialYear{source: y.Source, holidays: map[Date]bool{}, workdays: map[Date]bool{}}
	for _, d := range y.Holidays {
		o.holidays[d] = true
	}
	for _, d := range y.Workdays {
		o.workdays[d] = true
	}
	return o
}

func (o officialYear) isWorkday(d Date) bool {
	switch {
	case o.holidays[d]:
		return false
	case o.workdays[d]:
		return true
	}
	return isWeekday(d)
}

// weekdayZh names the days of the week in Chinese.
var weekdayZh = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

func weekdayText(w time.Weekday) i18n.Text { return i18n.Both(w.String(), weekdayZh[w]) }
