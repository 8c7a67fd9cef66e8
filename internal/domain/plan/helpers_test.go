package plan

import (
	"os"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zoneinfo

	"github.com/closeout/closeout/internal/domain/calendar"
)

// importTime is the fixed "now" of the tests.
var importTime = time.Date(2024, 5, 1, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

func testOptions() ParseOptions {
	return ParseOptions{Now: importTime, PersonExists: func(id string) bool { return id == "admin" }}
}

func mustParse(t testing.TB, data string, format Format) *Plan {
	t.Helper()
	p, err := Parse([]byte(data), format, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func readExample(t testing.TB) []byte {
	t.Helper()
	data, err := readTestdata("xmlc-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readTestdata(name string) ([]byte, error) { return os.ReadFile("testdata/" + name) }

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func day(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
