package plan

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want Duration
		text string // String(), when it differs from in
	}{
		{in: "90s", want: Duration{Clock: 90 * time.Second}, text: "1m30s"},
		{in: "2h", want: Duration{Clock: 2 * time.Hour}},
		{in: "1h30m", want: Duration{Clock: 90 * time.Minute}},
		{in: "1.5s", want: Duration{Clock: 1500 * time.Millisecond}},
		{in: "0s", want: Duration{}},
		{in: "7d", want: Duration{Days: 7}},
		{in: "1d12h", want: Duration{Days: 1, Clock: 12 * time.Hour}},
		{in: "2d30m", want: Duration{Days: 2, Clock: 30 * time.Minute}},
		{in: "3wd", want: Duration{Workdays: 3}},
		{in: "0wd", want: Duration{}, text: "0s"},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			continue
		}
		text := tt.text
		if text == "" {
			text = tt.in
		}
		if got.String() != text {
			t.Errorf("%+v.String() = %q, want %q", got, got.String(), text)
		}
		if again, err := ParseDuration(got.String()); err != nil || again != got {
			t.Errorf("round trip of %q gave %+v, %v", tt.in, again, err)
		}
	}
	for _, bad := range []string{"", "d", "wd", "h", "1.5d", "-1h", "-1d", "3 wd", "1wd2h", "3dd", "1d-2h", "5", "99999d", "9999wd", "100000h", "7D"} {
		if d, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) = %+v, want an error", bad, d)
		}
	}
	if got := (Duration{Days: 1, Clock: time.Hour}).Fixed(); got != 25*time.Hour {
		t.Errorf("Fixed = %v", got)
	}
}

func TestParseMoment(t *testing.T) {
	sh := shanghai(t)
	tests := []struct {
		in       string
		edge     dayEdge
		want     time.Time
		date     string
		dateOnly bool
	}{
		{in: "2024-06-30", edge: endOfDay, want: time.Date(2024, 6, 30, 23, 59, 59, 0, sh), date: "2024-06-30", dateOnly: true},
		{in: "2024-06-30", edge: startOfDay, want: time.Date(2024, 6, 30, 0, 0, 0, 0, sh), date: "2024-06-30", dateOnly: true},
		// 20:00 UTC is already the next day in Shanghai.
		{in: "2024-06-30T20:00:00Z", edge: endOfDay, want: time.Date(2024, 7, 1, 4, 0, 0, 0, sh), date: "2024-07-01"},
		{in: "2024-06-30T18:00:00.5+08:00", edge: endOfDay, want: time.Date(2024, 6, 30, 18, 0, 0, 5e8, sh), date: "2024-06-30"},
	}
	for _, tt := range tests {
		m, err := parseMoment(tt.in, sh, tt.edge)
		if err != nil || !m.Time.Equal(tt.want) || m.Date.String() != tt.date || m.DateOnly != tt.dateOnly || m.Time.Location() != sh {
			t.Errorf("parseMoment(%q) = %+v, %v", tt.in, m, err)
		}
	}
	for _, bad := range []string{"2024-06-31", "2024-6-30", "2024-06-30T10:00:00", "2024-06-30 10:00:00+08:00", "10000-01-01T00:00:00Z", "0001-01-01T00:00:00+08:00", "yesterday"} {
		if m, err := parseMoment(bad, time.UTC, endOfDay); err == nil {
			t.Errorf("parseMoment(%q) = %+v, want an error", bad, m)
		}
	}
}

func TestTimezones(t *testing.T) {
	utc := mustParse(t, strings.Replace(smallYAML, "timezone: Asia/Shanghai\n", "", 1), YAML)
	if utc.Timezone != "UTC" || utc.Location() != time.UTC {
		t.Errorf("default timezone = %q", utc.Timezone)
	}
	for _, tz := range []string{`""`, "Local", "Mars/Olympus", "../etc/passwd"} {
		errs := parseErrors(t, strings.Replace(smallYAML, "timezone: Asia/Shanghai", "timezone: "+tz, 1), YAML)
		if len(errs) != 1 || errs[0].Field != "timezone" {
			t.Errorf("timezone %s: errors\n%s", tz, describeErrors(errs))
		}
	}
}

func TestCheckCron(t *testing.T) {
	for _, good := range []string{"0 9 * * MON", "*/15 9-17 * * 1-5", "0 0 1,15 * ?", "30 8 * JAN-MAR sun", "0 9 * * 1-5/2", "5 4 * * 0"} {
		if err := CheckCron(good); err != nil {
			t.Errorf("CheckCron(%q) = %v", good, err)
		}
	}
	for _, bad := range []string{"", "0 9 * *", "0 9 * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 7",
		"*/0 * * * *", "5-1 * * * *", "@daily", "a b c d e", "? * * * *", "1-2-3 * * * *", "-1 * * * *", "+5 * * * *"} {
		if err := CheckCron(bad); err == nil {
			t.Errorf("CheckCron(%q) accepted", bad)
		}
	}
}

func TestFormats(t *testing.T) {
	for ct, want := range map[string]Format{
		"application/json": JSON, "application/json; charset=utf-8": JSON, "application/merge-patch+json": JSON,
		"application/yaml": YAML, "application/x-yaml": YAML, "text/yaml": YAML, "text/x-yaml; charset=utf-8": YAML,
	} {
		if got, err := FormatFromContentType(ct); err != nil || got != want {
			t.Errorf("FormatFromContentType(%q) = %v, %v", ct, got, err)
		}
	}
	for _, ct := range []string{"", "text/plain", "application/xml", ";;"} {
		if _, err := FormatFromContentType(ct); err == nil {
			t.Errorf("FormatFromContentType(%q) accepted", ct)
		}
	}
	for path, want := range map[string]Format{"plan.json": JSON, "a/b/plan.YAML": YAML, "plan.yml": YAML} {
		if got, err := FormatFromPath(path); err != nil || got != want {
			t.Errorf("FormatFromPath(%q) = %v, %v", path, got, err)
		}
	}
	if _, err := FormatFromPath("plan.txt"); err == nil {
		t.Error("FormatFromPath(plan.txt) accepted")
	}
}
