package report

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
)

var updateGolden = flag.Bool("update", false, "rewrite report/testdata/*.golden")

// hostileReport has typed text of every kind a spreadsheet runs (=, +, -,
// @, tab, carriage return first) or a Markdown renderer reads as HTML,
// a link, a table bar or a line break; and a negative number.
func hostileReport() Report {
	now := time.Date(2024, 10, 8, 2, 0, 0, 0, time.UTC)
	indicators := []Indicator{{ID: "+ind", Name: "@SUM(1+1)", Unit: "-人", Value: -3, Target: 10,
		Parts: []task.PartView{{ID: "=p", Name: "\tname", Value: -1.5}}, SentenceZH: "<b>三</b>", SentenceEN: "[x](javascript:alert(1))"}}
	line := TaskLine{TaskLine: store.TaskLine{ID: "T1", Title: "=HYPERLINK(\"https://evil.example\",\"点我\")\n# 标题 <script>alert(1)</script>",
		Owner: "li", Leader: "wang", Deadline: now.Add(-48 * time.Hour), EscalationLevel: 1}, Indicators: indicators}
	return Report{
		Campaign: "hostile", Title: "<img src=x onerror=alert(1)> 攻坚|行动", Timezone: "Asia/Shanghai", GeneratedAt: now,
		Tracks: []TrackTotals{{ID: "a", Title: "-2+3", Totals: Totals{Tasks: 1}}, {ID: "b", Title: "\r@cmd", Totals: Totals{Tasks: 1}}},
		Units: []UnitRank{{Rank: 1, ID: "u1", Name: "@unit", Tasks: 1, Overdue: 1, AvgDaysLate: -2.5,
			Indicators: []task.IndicatorView{{ID: "+ind", Value: -3, Parts: []task.PartView{{ID: "=p", Name: "x", Value: -1.5}}}}}},
		Flagged:    []TaskLine{line},
		Overdue:    []TaskLine{line},
		Indicators: []TaskLine{line},
	}
}

// Every CSV cell of typed text that a spreadsheet would run starts with ';
// numbers, negative ones too, stay numbers.
func TestCSVNeutralisesFormulas(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, hostileReport()); err != nil {
		t.Fatal(err)
	}
	golden(t, "hostile.csv.golden", buf.String())
	r := csv.NewReader(bytes.NewReader(buf.Bytes()))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var texts, numbers int
	for _, rec := range recs {
		for _, cell := range rec {
			if !FormulaLike(cell) {
				continue
			}
			if _, err := strconv.ParseFloat(cell, 64); err == nil {
				numbers++
				continue
			}
			texts++
			t.Errorf("cell %q would run in a spreadsheet (row %q)", cell, rec)
		}
	}
	if numbers == 0 {
		t.Error("the negative figures are missing, or were neutralised as text")
	}
	var ranking bytes.Buffer
	if err := WriteRankingCSV(&ranking, Ranking{Units: hostileReport().Units}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"'@unit", "'+ind", "'+ind.=p", "-2.5", "-3", "-1.5"} {
		if !strings.Contains(ranking.String(), want) {
			t.Errorf("ranking CSV has no %q:\n%s", want, ranking.String())
		}
	}
}

// Typed text in the Markdown report is no HTML, no link, breaks no line or
// table row.
func TestMarkdownEscapesTypedText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, hostileReport()); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	golden(t, "hostile.md.golden", md)
	for _, bad := range []string{"<script", "<img", "<b>", "\n# 标题"} {
		if strings.Contains(md, bad) {
			t.Errorf("%q reached the Markdown report", bad)
		}
	}
	if link := regexp.MustCompile(`[^\\]\]\(`).FindString(md); link != "" {
		t.Errorf("a typed link reached the Markdown report: %q", link)
	}
	// A task's row has as many cells as its table's heading.
	bars := func(line string) int { return strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") }
	lines := strings.Split(md, "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, "| T1") {
			continue
		}
		head := i
		for head > 0 && !strings.HasPrefix(lines[head], "|---") {
			head--
		}
		if head == 0 || bars(line) != bars(lines[head-1]) {
			t.Errorf("a task row does not fit its table: %q", line)
		}
	}
	var ranking bytes.Buffer
	if err := WriteRankingMarkdown(&ranking, Ranking{Title: "<i>r</i>", Units: hostileReport().Units}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ranking.String(), "<i>") {
		t.Errorf("HTML reached the ranking:\n%s", ranking.String())
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./report -run Escapes -update writes it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test ./report -update rewrites it):\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}
