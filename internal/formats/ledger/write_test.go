package ledger

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/formats/report"
)

func openBook(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func value(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// frozen checks that a sheet's rows down to its header stay in view.
func frozen(t *testing.T, f *excelize.File, sheet string, rows int) {
	t.Helper()
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != rows {
		t.Fatalf("%s: the header row is not frozen: %+v %v", sheet, panes, err)
	}
}

// The template has both sheets with the Chinese headers, frozen, an
// example that imports, and validation of 是/否 and of dates.
func TestTemplate(t *testing.T) {
	data, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	f := openBook(t, data)
	for _, s := range []string{TasksSheet, CampaignSheet} {
		if !slices.Contains(f.GetSheetList(), s) {
			t.Fatalf("no sheet %s in %v", s, f.GetSheetList())
		}
	}
	rows, _ := f.GetRows(TasksSheet)
	var want []string
	for _, c := range standardColumns {
		want = append(want, c.zh)
	}
	if diff := cmp.Diff(want, rows[0]); diff != "" {
		t.Fatalf("headers (-want +got):\n%s", diff)
	}
	if len(rows) != 2 || rows[1][0] != "T01" {
		t.Fatalf("want one example row: %v", rows)
	}
	frozen(t, f, TasksSheet, 1)
	dvs, err := f.GetDataValidations(TasksSheet)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, dv := range dvs {
		kinds[dv.Type] = dv.Sqref
	}
	if kinds["list"] != "G2:G1000" || kinds["date"] != "H2:H1000" {
		t.Fatalf("validations: %v", kinds)
	}
	if dvs, _ := f.GetDataValidations(CampaignSheet); len(dvs) != 2 {
		t.Fatalf("the campaign's two dates are not validated: %d", len(dvs))
	}
	p := readPlan(t, data, staff)
	if tk := p.Tracks[0].Tasks[0]; tk.ID != "T01" || !tk.Flagged || tk.Deadline.String() != "2025-06-30" || tk.Indicators[0].Target != 565 {
		t.Fatalf("the example reads back as %+v", tk)
	}
}

// exportFixture is a live ledger's input: the units plan with one task
// extended, one dispatched child closed, one added after the import and
// one added and cancelled; and the plan with the added task, as the
// ledger should read back.
func exportFixture(t *testing.T) (Live, *plan.Plan) {
	t.Helper()
	p := parseFile(t, "units.yaml")
	now := time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)
	totals := report.Totals{Tasks: 3, Closed: 1, ClosedPct: 33, Open: 2, Green: 1, Red: 1, ClosedOnTime: 1, Overdue: 1}
	zh, en := report.Summary(totals)
	r := report.Report{
		Campaign: p.ID, Title: p.Title, Timezone: p.Timezone, GeneratedAt: now, Totals: totals,
		Tracks:    []report.TrackTotals{{ID: "qingche", Title: "轻车", Totals: totals}},
		Units:     []report.UnitRank{{Rank: 1, ID: "hn-haikou", Name: "海口市", Tasks: 2, Closed: 1, ClosedOnTime: 1, OnTimePct: 50}},
		SummaryZH: zh, SummaryEN: en,
	}
	deadline := time.Date(2024, 6, 14, 15, 59, 59, 0, time.UTC)
	tasks := []task.View{
		{ID: "T01", Track: "qingche", Title: "清理借调人员", Owner: "li", Supervisor: "zhao", Flagged: true, Status: task.StatusOpen, Light: task.LightRed, Deadline: deadline, Percent: 40,
			Indicators: []task.IndicatorView{{ID: "returned", Name: "返岗人数", Unit: "名", Target: 565, Value: 100}}},
		{ID: "T01.hn-haikou", Parent: "T01", Track: "qingche", Title: "清理借调人员", Owner: "unit:hn-haikou", Status: task.StatusClosed, Light: task.LightDone, Deadline: deadline, OwnDeadline: deadline, Percent: 60},
		{ID: "T02", Track: "qingche", Title: "清理标牌", Owner: "unit:zuzhibu", Status: task.StatusOpen, Light: task.LightGreen, Deadline: deadline},
	}
	// Added through the API after the import: listed in 任务 as well, unless
	// cancelled.
	shanghai := p.Location()
	added := task.View{ID: "T09", Track: "qingche", Title: "后加的任务", Owner: "li", Supervisor: "zhao", Approvers: []string{"zhao"},
		Status: task.StatusOpen, Light: task.LightGreen, OwnDeadline: time.Date(2024, 11, 29, 23, 59, 59, 0, shanghai),
		Deadline: time.Date(2024, 11, 29, 23, 59, 59, 0, shanghai), Phases: []task.Phase{{Name: "实施", Workdays: 3}},
		Indicators: []task.IndicatorView{{ID: "n", Name: "件数", Target: 7}}}
	cancelled := added
	cancelled.ID, cancelled.Status = "T10", task.StatusCancelled
	tasks = append(tasks, added, cancelled)
	last := map[string]task.Event{"T01": {Seq: 3, At: now, Actor: "li", Type: "progress", Data: map[string]any{"note": "过半"}}}
	live := Live{Report: r, Plan: p, Tasks: tasks, Last: last, Names: map[string]string{"li": "李明", "unit:hn-haikou": "海口市"}}

	want := parseFile(t, "units.yaml")
	withT09, err := plan.ParseTask([]byte(`{id: T09, track: qingche, title: 后加的任务, owner: li, supervisor: zhao, deadline: 2024-11-29,
		indicators: [{id: n, name: 件数, target: 7}]}`), plan.YAML, want, staff.options())
	if err != nil {
		t.Fatal(err)
	}
	if err := want.AddTask(*withT09); err != nil {
		t.Fatal(err)
	}
	return live, want
}

// The live ledger carries the report's figures and sentence, a sheet per
// track with lights as fills, and the plan, which reads back the same.
func TestExport(t *testing.T) {
	live, want := exportFixture(t)
	data, err := Export(live)
	if err != nil {
		t.Fatal(err)
	}
	zh := live.Report.SummaryZH
	f := openBook(t, data)
	if diff := cmp.Diff([]string{SummarySheet, "轻车", TasksSheet, CampaignSheet, MachineSheet}, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	if got := value(t, f, SummarySheet, "A"+strconv.Itoa(SummarySentenceRow)); got != zh {
		t.Fatalf("sentence %q, want %q", got, zh)
	}
	row := strconv.Itoa(SummaryTotalsRow)
	if value(t, f, SummarySheet, "D"+row) != "3" || value(t, f, SummarySheet, "E"+row) != "1" || value(t, f, SummarySheet, "F"+row) != "33" {
		t.Fatal("the totals row does not carry the report's figures")
	}
	if value(t, f, SummarySheet, "B12") != "hn-haikou" {
		t.Fatalf("ranking: %q", value(t, f, SummarySheet, "B12"))
	}
	frozen(t, f, "轻车", TrackHeaderRow)
	rows, _ := f.GetRows("轻车")
	tasks := rows[TrackHeaderRow:]
	ids := []string{tasks[0][0], tasks[1][0], tasks[2][0]}
	if diff := cmp.Diff([]string{"T01", "T01.hn-haikou", "T02"}, ids); diff != "" {
		t.Fatalf("track rows (-want +got):\n%s", diff)
	}
	col := func(c int) int { return c - 1 }
	if t01 := tasks[0]; t01[2] != "李明 (li)" || t01[col(TrackCurrentColumn)] != "2024-06-14" || t01[col(TrackProgressColumn)] != "40" ||
		!strings.Contains(t01[10], "返岗人数100名") || !strings.Contains(t01[11], "报告进展 (li): 过半") {
		t.Fatalf("T01's row: %q", t01)
	}
	for i, light := range []string{"red", "done", "green"} {
		cell := cellName(TrackLightColumn, TrackHeaderRow+1+i)
		style, _ := f.GetCellStyle("轻车", cell)
		s, err := f.GetStyle(style)
		if err != nil || len(s.Fill.Color) == 0 || s.Fill.Color[0] != LightFills[light] {
			t.Fatalf("%s: fill %+v, want %s", cell, s, LightFills[light])
		}
	}
	got := readPlan(t, data, staff)
	a, _ := want.Canonical()
	b, _ := got.Canonical()
	if diff := cmp.Diff(string(a), string(b)); diff != "" {
		t.Fatalf("the exported plan reads back differently (-want +got):\n%s", diff)
	}
}

// Track titles become sheet names Excel accepts.
func TestSheetNames(t *testing.T) {
	n := sheetNames{used: map[string]bool{SummarySheet: true, TasksSheet: true}}
	got := []string{n.next("任务", "a"), n.next("a/b:c", "b"), n.next("", "c"), n.next(strings.Repeat("长", 40), "d"), n.next(strings.Repeat("长", 40), "e")}
	want := []string{"任务 (2)", "a_b_c", "c", strings.Repeat("长", 31), strings.Repeat("长", 27) + " (2)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatal(diff)
	}
}
