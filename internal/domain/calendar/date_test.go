package calendar

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{in: "2024-05-01", want: Date{2024, time.May, 1}},
		{in: "2024-02-29", want: Date{2024, time.February, 29}},
		{in: "2023-02-29", wantErr: true},
		{in: "2024-13-01", wantErr: true},
		{in: "2024-00-10", wantErr: true},
		{in: "2024-04-31", wantErr: true},
		{in: "0000-01-01", wantErr: true},
		{in: "2024-5-1", wantErr: true},
		{in: "2024/05/01", wantErr: true},
		{in: "+024-05-01", wantErr: true},
		{in: "2024-05-01T00:00:00Z", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

// TestDayArithmeticMatchesTime checks the integer day arithmetic against the
// time package over four centuries, including every leap-year rule.
func TestDayArithmeticMatchesTime(t *testing.T) {
	epoch := Date{1970, time.January, 1}
	for tm := time.Date(1800, 1, 1, 12, 0, 0, 0, time.UTC); tm.Year() < 2201; tm = tm.AddDate(0, 0, 1) {
		d := DateOf(tm)
		n := int(tm.Sub(time.Date(1970, 1, 1, 12, 0, 0, 0, time.UTC)).Hours() / 24)
		if got := d.DaysSince(epoch); got != n {
			t.Fatalf("%v.DaysSince(epoch) = %d, want %d", d, got, n)
		}
		if got := epoch.AddDays(n); got != d {
			t.Fatalf("epoch.AddDays(%d) = %v, want %v", n, got, d)
		}
		if got := d.Weekday(); got != tm.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", d, got, tm.Weekday())
		}
	}
}

func TestCompare(t *testing.T) {
	a, b := Date{2024, time.December, 31}, Date{2025, time.January, 1}
	if !a.Before(b) || a.After(b) || b.Before(a) || !b.After(a) || a.Compare(a) != 0 || a.Compare(b) != -1 || b.Compare(a) != 1 {
		t.Errorf("comparisons of %v and %v are wrong", a, b)
	}
	if got := a.AddDays(1); got != b {
		t.Errorf("AddDays across a year = %v", got)
	}
}

func TestInstants(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	d := Date{2024, time.May, 1}
	if got, want := d.In(shanghai), time.Date(2024, 5, 1, 0, 0, 0, 0, shanghai); !got.Equal(want) {
		t.Errorf("In = %v, want %v", got, want)
	}
	if got, want := d.EndIn(shanghai), time.Date(2024, 5, 1, 23, 59, 59, 0, shanghai); !got.Equal(want) {
		t.Errorf("EndIn = %v, want %v", got, want)
	}
	if got := DateOf(time.Date(2024, 4, 30, 20, 0, 0, 0, time.UTC).In(shanghai)); got != d {
		t.Errorf("DateOf in Shanghai = %v, want %v", got, d)
	}
	// A DST day in New York is 23 hours long; EndIn still ends at 23:59:59.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	dst := Date{2024, time.March, 10}
	if got, want := dst.EndIn(ny), time.Date(2024, 3, 10, 23, 59, 59, 0, ny); !got.Equal(want) {
		t.Errorf("EndIn on a DST day = %v, want %v", got, want)
	}
}

func TestJSON(t *testing.T) {
	type wrapper struct {
		D Date `json:"d"`
	}
	b, err := json.Marshal(wrapper{Date{2024, time.May, 1}})
	if err != nil || string(b) != `{"d":"2024-05-01"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var w wrapper
	if err := json.Unmarshal([]byte(`{"d":"2026-12-31"}`), &w); err != nil || w.D != (Date{2026, time.December, 31}) {
		t.Fatalf("Unmarshal = %v, %v", w.D, err)
	}
	if err := json.Unmarshal([]byte(`{"d":"2026-12-32"}`), &w); err == nil {
		t.Fatal("Unmarshal accepted 2026-12-32")
	}
}
