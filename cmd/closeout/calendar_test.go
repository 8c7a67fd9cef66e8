package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A notice file is YAML or JSON; bad dates are named by field and index.
func TestReadCalendarYear(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	yaml := write("n.yaml", "source: 国办发明电〔2026〕N号\nholidays: [2027-10-01, 2027-10-02]\nworkdays: [2027-09-26]\n")
	json := write("n.json", `{"source": "n", "holidays": ["2027-10-01"], "workdays": []}`)
	for _, path := range []string{yaml, json} {
		y, err := readCalendarYear("2027", path)
		if err != nil || y.Year != 2027 || len(y.Holidays) == 0 || y.Holidays[0].String() != "2027-10-01" || len(y.Check()) > 0 {
			t.Errorf("%s: %+v %v", path, y, err)
		}
	}
	bad := write("bad.yaml", "source: n\nholidays: [2027-10-01, 2027-10-32]\n")
	if _, err := readCalendarYear("2027", bad); err == nil || !strings.Contains(err.Error(), "holidays[1]") {
		t.Errorf("bad date: %v", err)
	}
	unknown := write("unknown.yaml", "source: n\nholiday: [2027-10-01]\n")
	if _, err := readCalendarYear("2027", unknown); err == nil {
		t.Error("a misspelt field was accepted")
	}
	if _, err := readCalendarYear("next", yaml); err == nil {
		t.Error("a year that is no number was accepted")
	}
}
