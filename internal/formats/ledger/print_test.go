package ledger

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// The live ledger prints (SPEC section 17): every visible sheet on A4
// landscape, one page wide, its header repeated, ruled, under a title row
// with the campaign and the date; no JSON on a visible sheet, the JSON on
// a hidden one; both deadlines, labelled; a closed task at 100%; and it
// still imports, under a new id, as the same plan.
func TestLiveLedgerPrints(t *testing.T) {
	live, want := exportFixture(t)
	extended := time.Date(2024, 6, 28, 15, 59, 59, 0, time.UTC) // T01, after an extension
	live.Tasks[0].Deadline = extended
	data, err := Export(live)
	if err != nil {
		t.Fatal(err)
	}
	f := openBook(t, data)

	visible := visibleSheets(t, f)
	if diff := cmp.Diff([]string{SummarySheet, "轻车", TasksSheet, CampaignSheet}, visible); diff != "" {
		t.Fatalf("visible sheets (-want +got):\n%s", diff)
	}
	for _, sheet := range visible {
		printsOnePageWide(t, f, sheet)
		title := value(t, f, sheet, "A1")
		if !strings.Contains(title, live.Report.Title) || !strings.Contains(title+value(t, f, sheet, "A2"), "截至 2024-07-01") {
			t.Errorf("%s: the title rows say %q, %q", sheet, title, value(t, f, sheet, "A2"))
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if strings.HasPrefix(v, "{") || strings.HasPrefix(v, "[") {
					t.Errorf("%s!%s shows JSON: %.40s", sheet, cellName(c+1, r+1), v)
				}
			}
		}
	}
	for _, sheet := range []string{"轻车", TasksSheet, CampaignSheet} {
		frozen(t, f, sheet, 2)
		ruled(t, f, sheet, "A2")
		ruled(t, f, sheet, "B3")
	}

	if hidden, err := f.GetSheetVisible(MachineSheet); err != nil || hidden {
		t.Fatalf("%s: visible %v, %v", MachineSheet, hidden, err)
	}
	machine, _ := f.GetRows(MachineSheet)
	if !slices.ContainsFunc(machine, func(row []string) bool {
		return len(row) > 1 && strings.HasPrefix(row[0], "督办规则") && strings.HasPrefix(row[1], "{")
	}) {
		t.Fatalf("the escalation policy is not on the hidden sheet: %q", machine)
	}

	header := row(t, f, "轻车", TrackHeaderRow)
	if header[TrackPlannedColumn-1] != "计划完成时限" || header[TrackCurrentColumn-1] != "当前时限" {
		t.Fatalf("the deadlines are headed %q", header)
	}
	t01 := row(t, f, "轻车", TrackHeaderRow+1)
	if t01[TrackPlannedColumn-1] != "2024-06-14" || t01[TrackCurrentColumn-1] != "2024-06-28" {
		t.Fatalf("T01's deadlines: planned %s, current %s", t01[TrackPlannedColumn-1], t01[TrackCurrentColumn-1])
	}
	closed := row(t, f, "轻车", TrackHeaderRow+2)
	if closed[0] != "T01.hn-haikou" || closed[TrackProgressColumn-1] != "100" {
		t.Fatalf("the closed task's row: %q", closed)
	}
	light := cellName(TrackLightColumn, TrackHeaderRow+2)
	style, _ := f.GetCellStyle("轻车", light)
	if s, err := f.GetStyle(style); err != nil || len(s.Fill.Color) == 0 || s.Fill.Color[0] != LightFills["done"] || len(s.Border) != 4 {
		t.Fatalf("%s: the light's fill and rules %+v", light, s)
	}
	if tasks := row(t, f, TasksSheet, 2); !slices.Contains(tasks, plannedDeadlineHeader) {
		t.Fatalf("任务's deadline is not headed as the planned one: %q", tasks)
	}

	// A new id in 活动's 编号, as a clerk copies a campaign.
	renamed := withCampaignID(t, f, "units-copy")
	got := readPlan(t, renamed, staff)
	want.ID = "units-copy"
	a, _ := want.Canonical()
	b, _ := got.Canonical()
	if diff := cmp.Diff(string(a), string(b)); diff != "" {
		t.Fatalf("the ledger imports as another plan (-want +got):\n%s", diff)
	}
}

// The template prints as the live ledger does, its header in row 1.
func TestTemplatePrints(t *testing.T) {
	data, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	f := openBook(t, data)
	for _, sheet := range visibleSheets(t, f) {
		printsOnePageWide(t, f, sheet)
		ruled(t, f, sheet, "A1")
	}
}

// The widths a track sheet and 任务 print at: one page wide on A4
// landscape at no less than 70% of their size, and every header on at most
// two lines of its column. (No spreadsheet program is at hand to render
// them; this is the arithmetic it would do.)
func TestPrintedWidths(t *testing.T) {
	live, _ := exportFixture(t)
	data, err := Export(live)
	if err != nil {
		t.Fatal(err)
	}
	f := openBook(t, data)
	for _, sheet := range []string{"轻车", TasksSheet, CampaignSheet} {
		header := row(t, f, sheet, 2)
		total := 0.0
		for c, h := range header {
			width, err := f.GetColWidth(sheet, colName(c+1))
			if err != nil {
				t.Fatal(err)
			}
			total += columnMillimetres(width)
			if lines := linesOf(h, width); lines > 2 {
				t.Errorf("%s: header %q takes %d lines at width %v", sheet, h, lines, width)
			}
		}
		printable := 297 - 2*0.4*25.4
		scale := printable / total
		t.Logf("%s: %.0f mm wide, printed at %.0f%%", sheet, total, 100*min(scale, 1))
		if scale < 0.7 {
			t.Errorf("%s prints at %.0f%% of its size: %.0f mm wide", sheet, 100*scale, total)
		}
	}
}

// columnMillimetres is how wide Excel draws a column of width characters
// of its default font (7 pixels each, 5 of padding, 96 pixels an inch).
func columnMillimetres(width float64) float64 {
	return (width*7 + 5) * 25.4 / 96
}

func visibleSheets(t *testing.T, f *excelize.File) []string {
	t.Helper()
	var out []string
	for _, sheet := range f.GetSheetList() {
		if v, err := f.GetSheetVisible(sheet); err != nil {
			t.Fatal(err)
		} else if v {
			out = append(out, sheet)
		}
	}
	return out
}

// printsOnePageWide checks a sheet's page setup and its print titles.
func printsOnePageWide(t *testing.T, f *excelize.File, sheet string) {
	t.Helper()
	layout, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if layout.Size == nil || *layout.Size != paperA4 || layout.Orientation == nil || *layout.Orientation != landscape ||
		layout.FitToWidth == nil || *layout.FitToWidth != 1 || layout.FitToHeight == nil || *layout.FitToHeight != 0 ||
		props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("%s: page layout %+v, fit to page %v", sheet, layout, props.FitToPage)
	}
	if !slices.ContainsFunc(f.GetDefinedName(), func(d excelize.DefinedName) bool {
		return d.Name == "_xlnm.Print_Titles" && d.Scope == sheet && strings.HasPrefix(d.RefersTo, "'"+sheet+"'!$")
	}) {
		t.Errorf("%s: no print titles in %+v", sheet, f.GetDefinedName())
	}
}

// ruled checks that a cell has a border on each side.
func ruled(t *testing.T, f *excelize.File, sheet, cell string) {
	t.Helper()
	style, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(style)
	if err != nil || len(s.Border) != 4 {
		t.Errorf("%s!%s is not ruled: %+v", sheet, cell, s)
	}
}

// row is a sheet's row (1-based) as shown.
func row(t *testing.T, f *excelize.File, sheet string, n int) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) < n {
		t.Fatalf("%s has no row %d: %v", sheet, n, err)
	}
	return rows[n-1]
}

// withCampaignID is the workbook with another id in 活动's 编号.
func withCampaignID(t *testing.T, f *excelize.File, id string) []byte {
	t.Helper()
	rows, _ := f.GetRows(CampaignSheet)
	for i, r := range rows {
		if len(r) > 1 && r[0] == "编号" {
			if err := f.SetCellStr(CampaignSheet, "B"+strconv.Itoa(i+1), id); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
