package ledger

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/scoring"
	"github.com/closeout/closeout/internal/formats/report"
)

// The bulletin's workbook carries its figures as numbers, a sheet per
// list, and typed text a spreadsheet would take for a formula as text.
func TestExportBulletin(t *testing.T) {
	closed := time.Date(2026, 3, 15, 3, 0, 0, 0, time.UTC)
	from, _ := calendar.ParseDate("2026-03-01")
	to, _ := calendar.ParseDate("2026-03-31")
	bl := report.Bulletin{Campaign: "c1", Title: "攻坚行动", From: from, To: to,
		Start: report.Totals{Tasks: 7, Closed: 1, ClosedPct: 14}, End: report.Totals{Tasks: 7, Closed: 3, ClosedPct: 43, Overdue: 3},
		EndZH: "目前7项任务已完成3项,占43%。", EndEN: "3 of 7.",
		Closed:  []report.BulletinTask{{ID: "A", Title: "=cmd|' /C calc'!A0", Owner: "li", Deadline: closed, ClosedAt: &closed}},
		Overdue: []report.BulletinTask{{ID: "B", Title: "b", Owner: "wang", Deadline: closed, EscalationLevel: 2}},
		Urges:   []report.BulletinUrge{{Task: "B", Title: "b", Owner: "wang", At: closed, By: "sup", Note: "@SUM(1)"}},
		Scores:  report.Scores{Units: []scoring.UnitScore{{Unit: "hk", Name: "海口市", Score: 1.5, Rank: 1}}},
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	data, err := ExportBulletin(bl, loc)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{BulletinSheet, BulletinClosedSheet, BulletinOverdueSheet, BulletinUrgesSheet, BulletinRankSheet}
	if got := f.GetSheetList(); len(got) != len(want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	rows, _ := f.GetRows(BulletinSheet)
	if rows[0][0] != "攻坚行动 · 情况通报 2026-03-01 至 2026-03-31" || rows[4][2] != "43" || rows[7][0] != "目前7项任务已完成3项,占43%。\n3 of 7." {
		t.Errorf("summary rows = %q", rows)
	}
	if kind, _ := f.GetCellType(BulletinSheet, "C5"); kind == excelize.CellTypeSharedString || kind == excelize.CellTypeInlineString {
		t.Error("figures are written as text")
	}
	rows, _ = f.GetRows(BulletinClosedSheet)
	if rows[2][1] != "=cmd|' /C calc'!A0" || rows[2][4] != "2026-03-15" {
		t.Errorf("closed rows = %q", rows)
	}
	quoted := quotePrefixedStyles(t, data)
	for sheet, cell := range map[string]string{BulletinClosedSheet: "B3", BulletinUrgesSheet: "F3"} {
		if style, _ := f.GetCellStyle(sheet, cell); !quoted[style] {
			t.Errorf("%s!%s, formula-like, is not quote-prefixed text", sheet, cell)
		}
	}
	if rows, _ := f.GetRows(BulletinOverdueSheet); rows[2][4] != "2" {
		t.Errorf("overdue rows = %q", rows)
	}
	if rows, _ := f.GetRows(BulletinRankSheet); rows[2][2] != "海口市" || rows[2][4] != "1.5" {
		t.Errorf("ranking rows = %q", rows)
	}
}
