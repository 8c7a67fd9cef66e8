package calendar

import (
	"errors"
	"testing"
	"time"
)

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustLookup(t *testing.T, name string) Calendar {
	t.Helper()
	cal, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

func TestBuiltins(t *testing.T) {
	weekdays, none := mustLookup(t, "weekdays"), mustLookup(t, "none")
	for d := mustDate(t, "2024-09-30"); d.Before(mustDate(t, "2024-10-14")); d = d.AddDays(1) {
		wantWeekday := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		if got, _ := weekdays.IsWorkday(d); got != wantWeekday {
			t.Errorf("weekdays.IsWorkday(%v) = %v", d, got)
		}
		if got, _ := none.IsWorkday(d); !got {
			t.Errorf("none.IsWorkday(%v) = false", d)
		}
	}
	if _, err := Lookup("moon"); err == nil {
		t.Error("Lookup(moon) succeeded")
	}
}

func TestInline(t *testing.T) {
	cal, err := NewInline("weekdays",
		[]Date{mustDate(t, "2024-12-25")},
		[]Date{mustDate(t, "2024-12-28")})
	if err != nil {
		t.Fatal(err)
	}
	for day, want := range map[string]bool{
		"2024-12-24": true,  // Tuesday
		"2024-12-25": false, // listed holiday
		"2024-12-28": true,  // Saturday made a working day
		"2024-12-29": false, // Sunday
	} {
		if got, err := cal.IsWorkday(mustDate(t, day)); err != nil || got != want {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v", day, got, err, want)
		}
	}
	if _, err := NewInline("none", nil, []Date{mustDate(t, "2024-12-28")}); err == nil {
		t.Error("base none with workdays accepted")
	}
	if _, err := NewInline("weekdays", []Date{mustDate(t, "2024-12-28")}, []Date{mustDate(t, "2024-12-28")}); err == nil {
		t.Error("a date both holiday and workday accepted")
	}
	if _, err := NewInline("lunar", nil, nil); err == nil {
		t.Error("unknown base accepted")
	}
}

func TestHelpers(t *testing.T) {
	cn := mustLookup(t, "cn")
	tests := []struct {
		name string
		got  func() (Date, error)
		want string
	}{
		// 2024-10-01..07 is 国庆; 2024-09-29 (Sunday) is worked.
		{"PrevWorkday in a holiday", func() (Date, error) { return PrevWorkday(cn, mustDate(t, "2024-10-05")) }, "2024-09-30"},
		{"PrevWorkday on a working day", func() (Date, error) { return PrevWorkday(cn, mustDate(t, "2024-09-30")) }, "2024-09-30"},
		{"PrevWorkday on a make-up Sunday", func() (Date, error) { return PrevWorkday(cn, mustDate(t, "2024-09-29")) }, "2024-09-29"},
		{"NextWorkday in a holiday", func() (Date, error) { return NextWorkday(cn, mustDate(t, "2024-10-03")) }, "2024-10-08"},
		{"AddWorkdays forward over a holiday", func() (Date, error) { return AddWorkdays(cn, mustDate(t, "2024-09-30"), 1) }, "2024-10-08"},
		{"AddWorkdays back over a holiday", func() (Date, error) { return AddWorkdays(cn, mustDate(t, "2024-10-08"), -2) }, "2024-09-29"},
		{"AddWorkdays from a Saturday", func() (Date, error) { return AddWorkdays(cn, mustDate(t, "2024-11-16"), -3) }, "2024-11-13"},
		{"AddWorkdays zero", func() (Date, error) { return AddWorkdays(cn, mustDate(t, "2024-11-16"), 0) }, "2024-11-16"},
	}
	for _, tt := range tests {
		got, err := tt.got()
		if err != nil || got.String() != tt.want {
			t.Errorf("%s = %v, %v; want %s", tt.name, got, err, tt.want)
		}
	}
	// September 2024 under cn: 21 weekdays, minus 中秋 16-17, plus 14 and 29.
	if n, err := WorkdaysBetween(cn, mustDate(t, "2024-09-01"), mustDate(t, "2024-10-01")); err != nil || n != 21 {
		t.Errorf("WorkdaysBetween(September 2024) = %d, %v; want 21", n, err)
	}
	if n, err := WorkdaysBetween(cn, mustDate(t, "2024-10-01"), mustDate(t, "2024-09-01")); err != nil || n != 0 {
		t.Errorf("WorkdaysBetween(reversed) = %d, %v; want 0", n, err)
	}
}

func TestHelpersStopOnCalendarsWithoutWorkdays(t *testing.T) {
	var all []Date
	start := mustDate(t, "2024-01-01")
	for i := 0; i < 2*maxScanDays; i++ {
		all = append(all, start.AddDays(i))
	}
	cal, err := NewInline("none", all, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PrevWorkday(cal, start.AddDays(maxScanDays+10)); err == nil {
		t.Error("PrevWorkday found a working day in a calendar without one")
	}
	if _, err := AddWorkdays(cal, start, 1); err == nil {
		t.Error("AddWorkdays found a working day in a calendar without one")
	}
}

func TestOutOfRange(t *testing.T) {
	cn := mustLookup(t, "cn")
	for _, day := range []string{"2023-12-31", "2027-01-01", "1999-06-01"} {
		_, err := cn.IsWorkday(mustDate(t, day))
		var oor *OutOfRangeError
		if !errors.As(err, &oor) || !errors.Is(err, ErrOutOfRange) {
			t.Fatalf("IsWorkday(%s) error = %v, want an *OutOfRangeError", day, err)
		}
		if oor.Date.String() != day || oor.First.String() != "2024-01-01" || oor.Last.String() != "2026-12-31" {
			t.Errorf("error %+v does not name the date and the range", oor)
		}
	}
	// The helpers pass the error on instead of guessing past the edge.
	if _, err := PrevWorkday(cn, mustDate(t, "2024-01-01")); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("PrevWorkday(2024-01-01) error = %v, want out of range", err)
	}
	if _, err := AddWorkdays(cn, mustDate(t, "2026-12-31"), 1); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("AddWorkdays past the end error = %v, want out of range", err)
	}
	if _, err := WorkdaysBetween(cn, mustDate(t, "2026-12-30"), mustDate(t, "2027-01-02")); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("WorkdaysBetween past the end error = %v, want out of range", err)
	}
}
