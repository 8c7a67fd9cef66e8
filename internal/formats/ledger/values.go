package ledger

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/closeout/closeout/internal/i18n"
)

// Cells are read raw (a date cell is its serial number, not the text Excel
// shows, which depends on the viewer's locale); these functions turn raw
// cell text into plan values, each failing with a message for the clerk.

// yes and no are the ways a ledger says 是 and 否.
var (
	yes = []string{"是", "yes", "y", "true", "1", "✓", "✔", "√", "挂牌"}
	no  = []string{"否", "no", "n", "false", "0", "✗", "✘", "×", "无"}
)

func parseBool(s string) (bool, error) {
	k := strings.ToLower(ident(s))
	for _, y := range yes {
		if k == y {
			return true, nil
		}
	}
	for _, n := range no {
		if k == n {
			return false, nil
		}
	}
	return false, i18n.Errorf("%q: write 是 or 否 (yes or no)", s)
}

// Excel's date serials: day 1 is 1900-01-01, and 2958465 is 9999-12-31.
const (
	minSerial = 1
	maxSerial = 2958465
)

// textDate matches the ways clerks write a date: 2024-06-30, 2024/6/30,
// 2024.6.30, 2024年6月30日 (after halfWidth).
var textDate = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)

// parseDate reads a date cell as a plan moment: "YYYY-MM-DD", or an RFC
// 3339 timestamp when the cell has a time of day too (in loc, the
// campaign's timezone) or was written as one.
func parseDate(raw string, date1904 bool, loc *time.Location) (string, error) {
	s := ident(raw)
	bad := i18n.Errorf("%q is not a date: write 2024-06-30, 2024/6/30, 2024年6月30日 or 2024.6.30, or make the cell a date", raw)
	if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return s, nil
	}
	if m := textDate.FindStringSubmatch(s); m != nil {
		return civilDate(m[1], m[2], m[3], bad)
	}
	if len(s) == 8 && strings.Trim(s, "0123456789") == "" { // 20240630
		return civilDate(s[:4], s[4:6], s[6:], bad)
	}
	serial, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(serial) || serial < minSerial || serial >= maxSerial+1 {
		return "", bad
	}
	t, err := excelize.ExcelDateToTime(serial, date1904)
	if err != nil {
		return "", bad
	}
	if serial == math.Trunc(serial) {
		return t.Format(time.DateOnly), nil
	}
	// A date with a time of day: that wall-clock time in the campaign's
	// timezone, to the second (serials carry float noise below it).
	t = t.Round(time.Second)
	local := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
	return local.Format(time.RFC3339), nil
}

func civilDate(y, m, d string, bad error) (string, error) {
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(m)
	day, _ := strconv.Atoi(d)
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Year() != year || int(t.Month()) != month || t.Day() != day { // 2024-02-30
		return "", bad
	}
	return t.Format(time.DateOnly), nil
}

// parseNumber reads a figure: half-width, thousands separators allowed.
func parseNumber(raw string) (float64, error) {
	s := strings.ReplaceAll(ident(raw), ",", "")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, i18n.Errorf("%q is not a number", raw)
	}
	return v, nil
}

// phaseItem is one phase written compactly: 制定方案:5, 组织实施 20,
// 验收销号3个工作日.
var phaseItem = regexp.MustCompile(`^(.*?)\s*[:：]?\s*([0-9０-９]+)\s*(个工作日|工作日|天|日|wd)?$`)

// noPhases are the ways to say a task has no phases at all (which an empty
// cell does not: it takes the campaign's default phases).
var noPhases = []string{"无", "none", "-", "[]"}

// parsePhases reads phases written compactly ("制定方案:5、组织实施:20"),
// or as a YAML or JSON list ("[{name: 制定方案, workdays: 5}]").
func parsePhases(raw string) (any, error) {
	s := trim(raw)
	for _, n := range noPhases {
		if strings.EqualFold(s, n) {
			return []any{}, nil
		}
	}
	if strings.HasPrefix(s, "[") || strings.HasPrefix(s, "-") {
		return parseStructured(s)
	}
	items := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、，,;；\n", r) })
	out := make([]any, 0, len(items))
	for _, item := range items {
		m := phaseItem.FindStringSubmatch(trim(item))
		if m == nil || trim(m[1]) == "" {
			return nil, i18n.Errorf("phase %q: write each phase as name:working days, such as 制定方案:5、组织实施:20", trim(item))
		}
		days, _ := strconv.Atoi(halfWidth(m[2]))
		out = append(out, map[string]any{"name": trim(m[1]), "workdays": days})
	}
	return out, nil
}

// parseStructured reads a cell holding YAML or JSON (JSON is YAML) as a
// plan value, for the fields a ledger has no columns for (escalation,
// people, units, an inline calendar, several indicators).
func parseStructured(raw string) (any, error) {
	var v any
	if err := yaml.Unmarshal([]byte(raw), &v); err != nil {
		return nil, i18n.Errorf("not valid YAML or JSON: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	// JSON can only carry string keys; YAML may have others (1: x).
	if _, err := json.Marshal(v); err != nil {
		return nil, i18n.Errorf("not valid YAML or JSON: keys must be text")
	}
	return v, nil
}

// structured reports whether a cell holds YAML or JSON rather than a
// plain value.
func structured(s string) bool {
	s = trim(s)
	return strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[") || strings.Contains(s, "\n")
}
