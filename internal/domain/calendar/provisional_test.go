package calendar

import (
	"errors"
	"slices"
	"testing"
	"time"

	lunar "github.com/6tail/lunar-go/calendar"
)

func dates(t *testing.T, days ...string) []Date {
	t.Helper()
	out := make([]Date, len(days))
	for i, d := range days {
		out[i] = mustDate(t, d)
	}
	return out
}

func statutoryDays(year int) map[Date]string {
	out := map[Date]string{}
	for _, h := range StatutoryHolidays(year) {
		for _, d := range h.Days {
			out[d] = h.Name
		}
	}
	return out
}

// The rules must reproduce what the State Council actually gave: in 2025 and
// 2026, the first two years of the current revision, every computed
// statutory day is a day off in the shipped notices. The lunar holidays move
// by weeks from year to year, so a wrong conversion would land on a working
// day.
func TestStatutoryDaysAreOffInTheShippedNotices(t *testing.T) {
	cn := mustLookup(t, "cn")
	for _, year := range []int{2025, 2026} {
		days := statutoryDays(year)
		if len(days) != 13 {
			t.Errorf("%d: %d statutory days, want 13", year, len(days))
		}
		for d, name := range days {
			if work, err := cn.IsWorkday(d); err != nil || work {
				t.Errorf("%d: %s of %s is a working day in the notice (%v)", year, d, name, err)
			}
		}
	}
}

// The lunar dates by year, checked against published almanacs. 除夕 is the
// last day of the twelfth month: 腊月廿九 before the new years of 2025, 2026,
// 2027 and 2028, 腊月三十 before 2030's.
func TestStatutoryLunarDates(t *testing.T) {
	want := map[int]map[string][]string{
		2025: {"春节": {"2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"}, "清明节": {"2025-04-04"}, "端午节": {"2025-05-31"}, "中秋节": {"2025-10-06"}},
		2026: {"春节": {"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19"}, "清明节": {"2026-04-05"}, "端午节": {"2026-06-19"}, "中秋节": {"2026-09-25"}},
		2027: {"春节": {"2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"}, "清明节": {"2027-04-05"}, "端午节": {"2027-06-09"}, "中秋节": {"2027-09-15"}},
		2028: {"春节": {"2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28"}, "清明节": {"2028-04-04"}, "端午节": {"2028-05-28"}, "中秋节": {"2028-10-03"}},
		2030: {"春节": {"2030-02-02", "2030-02-03", "2030-02-04", "2030-02-05"}, "清明节": {"2030-04-05"}, "端午节": {"2030-06-05"}, "中秋节": {"2030-09-12"}},
	}
	for year, holidays := range want {
		got := map[string][]Date{}
		for _, h := range StatutoryHolidays(year) {
			got[h.Name] = h.Days
		}
		for name, days := range holidays {
			if !slices.Equal(got[name], dates(t, days...)) {
				t.Errorf("%d %s = %v, want %v", year, name, got[name], days)
			}
		}
		// 除夕 again, from the length of the twelfth month.
		m12 := lunar.NewLunarMonthFromYm(year-1, 12)
		eve := lunar.NewLunarFromYmd(year-1, 12, m12.GetDayCount()).GetSolar()
		if d := (Date{Year: eve.GetYear(), Month: time.Month(eve.GetMonth()), Day: eve.GetDay()}); got["春节"][0] != d {
			t.Errorf("%d: 除夕 %s, but the twelfth month ends %s", year, got["春节"][0], d)
		}
		if !slices.Equal(got["劳动节"], dates(t, itoa4(year)+"-05-01", itoa4(year)+"-05-02")) ||
			!slices.Equal(got["国庆节"], dates(t, itoa4(year)+"-10-01", itoa4(year)+"-10-02", itoa4(year)+"-10-03")) ||
			!slices.Equal(got["元旦"], dates(t, itoa4(year)+"-01-01")) {
			t.Errorf("%d: fixed holidays %v", year, got)
		}
	}
}

func itoa4(y int) string { return Date{Year: y, Month: 1, Day: 1}.String()[:4] }

func mustCN(t *testing.T, loaded ...Year) *CN {
	t.Helper()
	cn, err := NewCN(loaded)
	if err != nil {
		t.Fatal(err)
	}
	return cn
}

// A year after the shipped notices is the week with the statutory holidays
// off and no make-up days, and says so; the shipped years are as shipped.
func TestProvisionalYear(t *testing.T) {
	cn := mustCN(t)
	for day, want := range map[string]bool{
		"2027-01-01": false, // 元旦, a Friday
		"2027-02-04": true,  // Thursday before 除夕
		"2027-02-05": false, // 除夕, a Friday
		"2027-02-08": false, // 初三, a Monday
		"2027-02-09": true,  // 初四: no notice yet, so no longer break
		"2027-02-20": false, // a Saturday: no make-up days are guessed
		"2027-04-05": false, // 清明, a Monday
		"2027-05-03": true,  // Monday after 劳动节 (5月1日、2日 fall on a weekend)
		"2027-06-09": false, // 端午, a Wednesday
		"2027-09-15": false, // 中秋, a Wednesday
		"2027-10-01": false, // 国庆, Friday to Sunday
		"2027-10-04": true,
		"2100-12-31": true, // a Friday, the last day cn covers
	} {
		got, err := cn.IsWorkday(mustDate(t, day))
		if err != nil || got != want {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v", day, got, err, want)
		}
		if !IsProvisional(cn, mustDate(t, day)) {
			t.Errorf("%s is not marked provisional", day)
		}
	}
	for _, day := range []string{"2024-10-01", "2026-12-31"} {
		if IsProvisional(cn, mustDate(t, day)) {
			t.Errorf("shipped day %s marked provisional", day)
		}
	}
	// 2028: 中秋 is 10月3日, a day off twice over; 13 statutory days become 12.
	if info, _ := cn.Year(2028); len(info.Holidays) != 12 || !info.Provisional || info.Source != StatutoryRevision || len(info.Workdays) != 0 {
		t.Errorf("2028: %+v", info)
	}
	// The shipped years answer exactly as Lookup's calendar.
	shipped := mustLookup(t, "cn")
	for d := mustDate(t, "2024-01-01"); d.Year < 2027; d = d.AddDays(1) {
		a, _ := shipped.IsWorkday(d)
		if b, err := cn.IsWorkday(d); err != nil || a != b {
			t.Fatalf("%s: shipped %v, cn %v %v", d, a, b, err)
		}
	}
	for _, day := range []string{"2023-12-31", "2101-01-01"} {
		var oor *OutOfRangeError
		if _, err := cn.IsWorkday(mustDate(t, day)); !errors.As(err, &oor) || oor.Last.String() != "2100-12-31" {
			t.Errorf("IsWorkday(%s) error = %v", day, err)
		}
	}
}

// A loaded notice replaces the provisional year: its make-up Sunday is
// worked, its extra days off are off, and nothing of it is provisional.
func TestLoadedYear(t *testing.T) {
	notice := Year{Year: 2027, Source: "国办发明电〔2026〕9号",
		Holidays: dates(t, "2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"),
		Workdays: dates(t, "2027-09-26", "2027-10-09")}
	cn := mustCN(t, notice)
	for day, want := range map[string]bool{
		"2027-09-26": true,  // Sunday worked
		"2027-10-05": false, // Tuesday off
		"2027-10-09": true,  // Saturday worked
		"2027-02-05": true,  // the notice gives no 春节 here, so 除夕 is worked
	} {
		if got, err := cn.IsWorkday(mustDate(t, day)); err != nil || got != want {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v", day, got, err, want)
		}
	}
	if IsProvisional(cn, mustDate(t, "2027-05-01")) || !IsProvisional(cn, mustDate(t, "2028-05-01")) {
		t.Error("a loaded year is not provisional, the next one is")
	}
	info, ok := cn.Year(2027)
	if !ok || info.Kind != YearLoaded || info.Source != notice.Source || len(info.Holidays) != 7 || len(info.Workdays) != 2 {
		t.Errorf("Year(2027) = %+v", info)
	}
	if info, _ := cn.Year(2025); info.Kind != YearShipped || info.Notice == nil || info.Notice.Document != "国办发明电〔2024〕12号" {
		t.Errorf("Year(2025) = %+v", info)
	}
	// A loaded year may correct a shipped one.
	fix := mustCN(t, Year{Year: 2026, Source: "更正", Holidays: dates(t, "2026-12-31")})
	if work, _ := fix.IsWorkday(mustDate(t, "2026-10-01")); !work {
		t.Error("a loaded 2026 must replace the shipped one")
	}
	if _, err := NewCN([]Year{notice, notice}); err == nil {
		t.Error("a year loaded twice was accepted")
	}
}

func TestYearCheck(t *testing.T) {
	y := Year{Year: 2027, Source: " ",
		Holidays: dates(t, "2027-10-01", "2028-01-01"),
		Workdays: dates(t, "2027-10-01", "2027-10-04", "2026-12-26", "2027-09-26")}
	got := map[string]bool{}
	for _, e := range y.Check() {
		got[e.Field] = true
	}
	for _, f := range []string{"source", "holidays[1]", "workdays[0]", "workdays[1]", "workdays[2]"} {
		if !got[f] {
			t.Errorf("no error at %s: %v", f, y.Check())
		}
	}
	if got["workdays[3]"] || got["holidays[0]"] || len(got) != 5 {
		t.Errorf("errors: %v", y.Check())
	}
	if errs := (Year{Year: 2200, Source: "x", Holidays: dates(t, "2200-01-01")}).Check(); len(errs) != 1 || errs[0].Field != "year" {
		t.Errorf("year 2200: %v", errs)
	}
	a := Year{Year: 2027, Source: "n", Holidays: dates(t, "2027-10-02", "2027-10-01", "2027-10-01")}
	b := Year{Year: 2027, Source: "n ", Holidays: dates(t, "2027-10-01", "2027-10-02"), Workdays: []Date{}}
	if !a.Equal(b) || a.Equal(Year{Year: 2027, Source: "m", Holidays: b.Holidays}) {
		t.Error("Equal must ignore order, repeats and spaces, and only those")
	}
}

// Computing a provisional year is done once per CN, whatever asks.
func TestProvisionalYearIsComputedOnce(t *testing.T) {
	cn := mustCN(t)
	d := mustDate(t, "2031-03-03")
	for _, day := range []Date{d, d.AddDays(1)} {
		if _, err := cn.IsWorkday(day); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := cn.provisional[2031]; !ok || len(cn.provisional) != 1 {
		t.Fatalf("%d cached years", len(cn.provisional))
	}
}

func TestSet(t *testing.T) {
	var none *Set
	cal, err := none.Lookup("cn")
	if err != nil || !IsProvisional(cal, mustDate(t, "2027-03-31")) {
		t.Fatalf("nil set cn: %v %v", cal, err)
	}
	if _, err := cal.IsWorkday(mustDate(t, "2027-03-31")); err != nil {
		t.Fatalf("cn refuses 2027: %v", err)
	}
	s, err := NewSet([]Year{{Year: 2027, Source: "n", Holidays: dates(t, "2027-03-31")}})
	if err != nil {
		t.Fatal(err)
	}
	cal, _ = s.Lookup("cn")
	if work, _ := cal.IsWorkday(mustDate(t, "2027-03-31")); work || IsProvisional(cal, mustDate(t, "2027-03-31")) {
		t.Error("the loaded year must decide 2027")
	}
	if w, err := s.Lookup("weekdays"); err != nil || w.Name() != "weekdays" || IsProvisional(w, mustDate(t, "2027-03-31")) {
		t.Errorf("weekdays: %v %v", w, err)
	}
	if _, err := s.Lookup("moon"); err == nil {
		t.Error("unknown calendar accepted")
	}
}
