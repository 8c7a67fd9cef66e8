package calendar

import (
	"testing"
	"time"
)

// The expectations below are copied by hand from the State Council notices
// (国办发明电〔2023〕7号, 〔2024〕12号, 〔2025〕7号), one date per entry, and
// deliberately do not read data/cn.json.

var cnHolidays = []string{
	// 2024
	"2024-01-01",
	"2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16", "2024-02-17",
	"2024-04-04", "2024-04-05", "2024-04-06",
	"2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-05",
	"2024-06-10",
	"2024-09-15", "2024-09-16", "2024-09-17",
	"2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05", "2024-10-06", "2024-10-07",
	// 2025
	"2025-01-01",
	"2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04",
	"2025-04-04", "2025-04-05", "2025-04-06",
	"2025-05-01", "2025-05-02", "2025-05-03", "2025-05-04", "2025-05-05",
	"2025-05-31", "2025-06-01", "2025-06-02",
	"2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08",
	// 2026
	"2026-01-01", "2026-01-02", "2026-01-03",
	"2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23",
	"2026-04-04", "2026-04-05", "2026-04-06",
	"2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",
	"2026-06-19", "2026-06-20", "2026-06-21",
	"2026-09-25", "2026-09-26", "2026-09-27",
	"2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07",
}

var cnMakeUpWorkdays = []string{
	// 2024
	"2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12",
	// 2025
	"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
	// 2026
	"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
}

// Ordinary days next to the holidays, which must follow the plain week.
var cnOrdinary = map[string]bool{
	"2024-01-02": true,  // Tuesday after 元旦
	"2024-02-09": true,  // 除夕 2024 is a working day (workers are merely encouraged to rest)
	"2024-02-19": true,  // Monday after 春节
	"2024-02-24": false, // plain Saturday
	"2024-04-03": true,  // Wednesday before 清明
	"2024-05-06": true,  // Monday after 劳动节
	"2024-05-12": false, // Sunday after the make-up Saturday
	"2024-06-08": false, // Saturday before 端午
	"2024-06-11": true,  // Tuesday after 端午
	"2024-09-13": true,  // Friday before 中秋
	"2024-09-30": true,  // Monday between 中秋 and 国庆
	"2024-10-08": true,  // Tuesday after 国庆
	"2024-10-13": false, // Sunday after the make-up Saturday
	"2024-12-31": true,  // Tuesday, last day of 2024
	"2025-01-02": true,  // Thursday: 元旦 2025 is one day only
	"2025-01-27": true,  // Monday before 除夕
	"2025-02-05": true,  // Wednesday after 春节
	"2025-04-07": true,  // Monday after 清明
	"2025-04-26": false, // Saturday before the make-up Sunday
	"2025-05-06": true,  // Tuesday after 劳动节
	"2025-06-03": true,  // Tuesday after 端午
	"2025-09-27": false, // Saturday before the make-up Sunday
	"2025-10-09": true,  // Thursday after 国庆
	"2026-01-05": true,  // Monday after 元旦
	"2026-02-13": true,  // Friday before 春节
	"2026-02-24": true,  // Tuesday after 春节
	"2026-04-07": true,  // Tuesday after 清明
	"2026-05-06": true,  // Wednesday after 劳动节
	"2026-06-18": true,  // Thursday before 端午
	"2026-09-19": false, // Saturday before the make-up Sunday
	"2026-09-28": true,  // Monday after 中秋
	"2026-10-08": true,  // Thursday after 国庆
	"2026-12-31": true,  // Thursday, last covered day
}

func TestChinaCalendar(t *testing.T) {
	cn := mustLookup(t, "cn")
	check := func(day string, want bool) {
		t.Helper()
		got, err := cn.IsWorkday(mustDate(t, day))
		if err != nil || got != want {
			t.Errorf("cn.IsWorkday(%s) = %v, %v; want %v", day, got, err, want)
		}
	}
	for _, day := range cnHolidays {
		check(day, false)
	}
	for _, day := range cnMakeUpWorkdays {
		if wd := mustDate(t, day).Weekday(); wd != time.Saturday && wd != time.Sunday {
			t.Errorf("test table: make-up day %s is a %v", day, wd)
		}
		check(day, true)
	}
	for day, want := range cnOrdinary {
		check(day, want)
	}
}

// TestChinaCalendarHasNothingElse checks that every day not in the tables
// above follows the Monday-Friday week, so the data holds no stray entries.
func TestChinaCalendarHasNothingElse(t *testing.T) {
	cn := mustLookup(t, "cn")
	special := map[string]bool{}
	for _, d := range cnHolidays {
		special[d] = true
	}
	for _, d := range cnMakeUpWorkdays {
		special[d] = true
	}
	days := 0
	for d := mustDate(t, "2024-01-01"); !d.After(mustDate(t, "2026-12-31")); d = d.AddDays(1) {
		days++
		if special[d.String()] {
			continue
		}
		want := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		if got, err := cn.IsWorkday(d); err != nil || got != want {
			t.Errorf("cn.IsWorkday(%v) = %v, %v; want %v", d, got, err, want)
		}
	}
	if days != 366+365+365 {
		t.Errorf("covered %d days", days)
	}
}

func TestChinaNotices(t *testing.T) {
	cn, err := China()
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{2024: "国办发明电〔2023〕7号", 2025: "国办发明电〔2024〕12号", 2026: "国办发明电〔2025〕7号"}
	notices := cn.Notices()
	if len(notices) != len(want) {
		t.Fatalf("%d notices, want %d", len(notices), len(want))
	}
	for _, n := range notices {
		if want[n.Year] != n.Document || n.URL == "" || n.Title == "" || n.Published.IsZero() {
			t.Errorf("notice %+v is incomplete or wrong", n)
		}
	}
	if name, ok := cn.Holiday(mustDate(t, "2025-10-08")); !ok || name != "国庆节、中秋节" {
		t.Errorf("Holiday(2025-10-08) = %q, %v", name, ok)
	}
}

func TestParsePublishedRejectsBadData(t *testing.T) {
	for name, data := range map[string]string{
		"not json":             `{`,
		"no range":             `{"name":"x"}`,
		"weekday as make-up":   `{"name":"x","first":"2024-01-01","last":"2024-12-31","holidays":[{"name":"h","from":"2024-05-01","to":"2024-05-01","workdays":["2024-05-06"]}]}`,
		"holiday out of range": `{"name":"x","first":"2024-01-01","last":"2024-12-31","holidays":[{"name":"h","from":"2025-05-01","to":"2025-05-01"}]}`,
		"holiday twice":        `{"name":"x","first":"2024-01-01","last":"2024-12-31","holidays":[{"name":"h","from":"2024-05-01","to":"2024-05-02"},{"name":"i","from":"2024-05-02","to":"2024-05-02"}]}`,
	} {
		if _, err := parsePublished([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
