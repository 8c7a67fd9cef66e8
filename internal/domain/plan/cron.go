package plan

import (
	"strconv"
	"strings"

	"github.com/closeout/closeout/internal/i18n"
)

// CheckCron validates a standard five-field cron expression: minute, hour,
// day of month, month, day of week. Each field is "*" or a comma list of
// values or ranges ("a-b"), each optionally stepped ("*/15", "1-5/2");
// months may be JAN-DEC and days of week SUN-SAT (0-6, Sunday 0); "?" may
// stand for "*" in the day fields. This is the syntax common to robfig/cron
// and Temporal schedules, so a digest that passes here runs there.
func CheckCron(expr string) error {
	fields := strings.Fields(expr)
	if len(fields) != 5 {
		return i18n.Errorf("cron %q: want 5 fields (minute hour day-of-month month day-of-week), got %d", expr, len(fields))
	}
	for i, spec := range cronFieldSpecs() {
		if err := spec.check(fields[i]); err != nil {
			return i18n.Errorf("cron %q: %s: %w", expr, spec.name, err)
		}
	}
	return nil
}

type cronField struct {
	name     string
	min, max int
	names    []string // names for min, min+1, ... (months, weekdays)
	question bool     // "?" allowed
}

func cronFieldSpecs() [5]cronField {
	return [5]cronField{
		{name: "minute", min: 0, max: 59},
		{name: "hour", min: 0, max: 23},
		{name: "day of month", min: 1, max: 31, question: true},
		{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
		{name: "day of week", min: 0, max: 6, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}, question: true},
	}
}

func (f cronField) check(field string) error {
	if field == "?" && f.question {
		return nil
	}
	for _, item := range strings.Split(field, ",") {
		rangePart, step, stepped := strings.Cut(item, "/")
		if stepped {
			n, err := wholeNumber(step)
			if err != nil || n < 1 {
				return i18n.Errorf("step %q is not a positive number", step)
			}
		}
		if rangePart == "*" {
			continue
		}
		lo, hi, isRange := strings.Cut(rangePart, "-")
		from, err := f.value(lo)
		if err != nil {
			return err
		}
		if !isRange {
			continue
		}
		to, err := f.value(hi)
		if err != nil {
			return err
		}
		if to < from {
			return i18n.Errorf("range %q runs backwards", rangePart)
		}
	}
	return nil
}

func (f cronField) value(s string) (int, error) {
	for i, name := range f.names {
		if strings.EqualFold(s, name) {
			return f.min + i, nil
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || strings.TrimLeft(s, "0123456789") != "" {
		return 0, i18n.Errorf("%q is not a value", s)
	}
	if n < f.min || n > f.max {
		return 0, i18n.Errorf("%d is outside %d-%d", n, f.min, f.max)
	}
	return n, nil
}
