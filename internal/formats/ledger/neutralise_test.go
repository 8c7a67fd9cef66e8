package ledger

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/formats/report"
)

// A live ledger of a plan whose typed text starts with =, @, + and -: every
// such text cell, on every sheet, is stored quote-prefixed in the text
// format (as Excel stores '=…); a negative figure stays a plain number; and
// the workbook imports again as the same plan.
func TestExportNeutralisesFormulas(t *testing.T) {
	p := parseFile(t, "units.yaml")
	p.Title = "+督办到单位"
	p.Tracks[0].Title = "@轻车"
	p.Tracks[0].Tasks[0].Title = `=HYPERLINK("https://evil.example","点我")`
	now := time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)
	deadline := time.Date(2024, 6, 14, 15, 59, 59, 0, time.UTC)
	r := report.Report{
		Campaign: p.ID, Title: p.Title, Timezone: p.Timezone, GeneratedAt: now, Totals: report.Totals{Tasks: 2},
		Tracks: []report.TrackTotals{{ID: p.Tracks[0].ID, Title: p.Tracks[0].Title, Totals: report.Totals{Tasks: 2}}},
		Units:  []report.UnitRank{{Rank: 1, ID: "hn-haikou", Name: "-海口市", Tasks: 1, AvgDaysLate: -2.5}},
	}
	var tasks []task.View
	for _, tk := range p.Tracks[0].Tasks {
		tasks = append(tasks, task.View{ID: tk.ID, Track: p.Tracks[0].ID, Title: tk.Title, Owner: tk.Owner,
			Status: task.StatusOpen, Light: task.LightGreen, Deadline: deadline})
	}
	last := map[string]task.Event{"T01": {Seq: 2, At: now, Actor: "li", Type: "progress", Data: map[string]any{"note": "@all 过半"}}}
	data, err := Export(Live{Report: r, Plan: p, Tasks: tasks, Last: last})
	if err != nil {
		t.Fatal(err)
	}
	quoted := quotePrefixedStyles(t, data)
	f := openBook(t, data)
	var texts []string
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if !report.FormulaLike(v) {
					continue
				}
				cell := cellName(c+1, r+1)
				kind, _ := f.GetCellType(sheet, cell)
				style, _ := f.GetCellStyle(sheet, cell)
				text := kind == excelize.CellTypeSharedString || kind == excelize.CellTypeInlineString
				if text != quoted[style] {
					t.Errorf("%s!%s %q (text: %v): quote-prefixed %v", sheet, cell, v, text, quoted[style])
				}
				if text {
					texts = append(texts, sheet+"!"+v)
				}
			}
		}
	}
	for _, want := range []string{SummarySheet + "!+督办到单位", SummarySheet + "!-海口市", "@轻车!" + p.Tracks[0].Tasks[0].Title,
		TasksSheet + "!" + p.Tracks[0].Tasks[0].Title, TasksSheet + "!@轻车", TasksSheet + "!-5wd", CampaignSheet + "!+督办到单位"} {
		if !contains(texts, want) {
			t.Errorf("%q is not among the quote-prefixed cells %q", want, texts)
		}
	}
	if v := value(t, f, SummarySheet, "I12"); v != "-2.5" {
		t.Errorf("the negative figure reads %q", v)
	}
	got := readPlan(t, data, staff)
	a, _ := p.Canonical()
	b, _ := got.Canonical()
	if diff := cmp.Diff(string(a), string(b)); diff != "" {
		t.Fatalf("the exported plan reads back differently (-want +got):\n%s", diff)
	}
}

// quotePrefixedStyles reads xl/styles.xml itself: which cell formats (by
// index, the s of a cell) have quotePrefix="1" and the text format.
func quotePrefixedStyles(t *testing.T, data []byte) map[int]bool {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var styles struct {
		Xfs []struct {
			NumFmt      int    `xml:"numFmtId,attr"`
			QuotePrefix string `xml:"quotePrefix,attr"`
		} `xml:"cellXfs>xf"`
	}
	for _, zf := range zr.File {
		if zf.Name != "xl/styles.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(rc)
		rc.Close()
		if err := xml.Unmarshal(raw, &styles); err != nil {
			t.Fatal(err)
		}
	}
	out := map[int]bool{}
	for i, xf := range styles.Xfs {
		out[i] = (xf.QuotePrefix == "1" || xf.QuotePrefix == "true") && xf.NumFmt == textFormat
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
