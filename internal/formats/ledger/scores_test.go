package ledger

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/scoring"
	"github.com/closeout/closeout/internal/formats/report"
)

// The scores workbook is the CSV's table under a title: points are number
// cells, and a unit name a spreadsheet would take for a formula stays text.
func TestExportScores(t *testing.T) {
	s := report.Scores{Campaign: "c1", Title: "攻坚行动", Timezone: "Asia/Shanghai",
		GeneratedAt: time.Date(2027, 3, 19, 4, 0, 0, 0, time.UTC),
		Units: []scoring.UnitScore{
			{Unit: "haikou", Name: "=海口市", Class: "市县", Score: -0.5, Rank: 1, Items: []scoring.Item{
				{What: "closed on time", WhatZh: "按时办结", Points: 1, Task: "A"},
				{What: "returned 1 times", WhatZh: "退回重办 1 次", Points: -1.5, Task: "A"},
			}},
			{Unit: "edu", Name: "教育厅", Class: "省直部门", Rank: 1, Items: []scoring.Item{}},
		}}
	data, err := ExportScores(s)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(ScoresSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][0] != "攻坚行动 · 考评得分  截至 2027-03-19 12:00" || rows[1][0] != "类别 Class" {
		t.Fatalf("rows = %q", rows)
	}
	if got := rows[3]; got[3] != "=海口市" || got[4] != "-0.5" || got[8] != "-1.5" || got[6] != "退回重办 1 次" {
		t.Errorf("haikou's second item row = %q", got)
	}
	if got := rows[4]; got[2] != "edu" || len(got) > 5 && got[5] != "" {
		t.Errorf("edu's row = %q", got)
	}
	quoted := quotePrefixedStyles(t, data)
	style, _ := f.GetCellStyle(ScoresSheet, "D3")
	if !quoted[style] {
		t.Error("the formula-like unit name is not quote-prefixed text")
	}
	if kind, _ := f.GetCellType(ScoresSheet, "I4"); kind == excelize.CellTypeSharedString || kind == excelize.CellTypeInlineString {
		t.Error("points are written as text")
	}
}

// A plan's scoring rules and its units' classes go into the live ledger
// (on its hidden sheet) and come back when it is imported again.
func TestExportKeepsScoringAndClasses(t *testing.T) {
	live, want := exportFixture(t)
	rules := scoring.DefaultRules()
	rules.ClosedOnTime, rules.OverdueCap = 3, 0
	for _, p := range []*plan.Plan{live.Plan, want} {
		p.Scoring = &rules
		p.Units[0].Class = "市县"
	}
	data, err := Export(live)
	if err != nil {
		t.Fatal(err)
	}
	got := readPlan(t, data, staff)
	if got.Scoring == nil || *got.Scoring != rules || got.Units[0].Class != "市县" {
		t.Fatalf("read back: scoring %+v, units %+v", got.Scoring, got.Units)
	}
	if got.Hash() != want.Hash() {
		t.Error("the plan read back has another hash")
	}
}
