package quiethours

import (
	"testing"
	"time"
)

func TestWindowUntil(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	night, err := Parse("22:00-08:00")
	if err != nil {
		t.Fatal(err)
	}
	lunch, err := Parse("12:00-13:30")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, hm string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", d+" "+hm, sh)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		w      Window
		t      time.Time
		inside bool
		until  time.Time
	}{
		{night, at("2027-03-01", "23:00"), true, at("2027-03-02", "08:00")},
		{night, at("2027-03-02", "07:59"), true, at("2027-03-02", "08:00")},
		{night, at("2027-03-02", "08:00"), false, time.Time{}},
		{night, at("2027-03-01", "21:59"), false, time.Time{}},
		{night, at("2027-03-01", "22:00"), true, at("2027-03-02", "08:00")},
		{lunch, at("2027-03-01", "12:10"), true, at("2027-03-01", "13:30")},
		{lunch, at("2027-03-01", "13:30"), false, time.Time{}},
		{Window{}, at("2027-03-01", "23:00"), false, time.Time{}},
	}
	for _, c := range cases {
		until, inside := c.w.Until(c.t, sh)
		if inside != c.inside || !until.Equal(c.until) {
			t.Errorf("%s at %s: got (%s, %v), want (%s, %v)", c.w, c.t, until, inside, c.until, c.inside)
		}
	}
}

func TestParseRefusesNonsense(t *testing.T) {
	for _, s := range []string{"22-08", "22:00", "25:00-08:00", "22:00-22:00", "22:0-08:00", "x"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
	if w, err := Parse(" "); err != nil || !w.IsZero() {
		t.Errorf("blank: %v %v", w, err)
	}
	if c, err := ParseClock("09:00"); err != nil || c != 540 || c.String() != "09:00" {
		t.Errorf("ParseClock(09:00) = %v %v", c, err)
	}
}
