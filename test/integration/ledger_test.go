package integration

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/closeout/closeout/internal/formats/ledger"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Excel ledgers through HTTP, once per projection database: the seed's
// plan as a clerk's ledger imports as the same campaign as its YAML; a
// ledger's errors come back at once, each at its cell; the live ledger
// carries the JSON report's figures and imports again, under a new id, as
// the same plan; a clerk's file with merged cells, blank rows and
// full-width ids imports; bodies that are not workbooks are refused.
func TestLedger(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d := newDev(t, kind)
			seed, err := os.ReadFile("../../internal/domain/plan/testdata/xmlc-2024.yaml")
			if err != nil {
				t.Fatal(err)
			}
			// The YAML import creates the campaign's people, with the names
			// the ledger below uses.
			d.must(201, d.admin, "POST", "/api/v1/campaigns", string(seed), nil, "Content-Type", "application/yaml")

			t.Run("same campaign as the YAML", func(t *testing.T) { ledgerLikeYAML(t, d, seed) })
			t.Run("every error at its cell", func(t *testing.T) { ledgerErrors(t, d) })
			var exported []byte
			if t.Run("live ledger has the report's figures", func(t *testing.T) { exported = liveLedger(t, d) }) {
				t.Run("export imports as the same plan", func(t *testing.T) { ledgerRoundTrip(t, d, exported) })
			}
			t.Run("clerk's file", func(t *testing.T) { clerkLedger(t, d) })
			t.Run("not a workbook", func(t *testing.T) { notWorkbooks(t, d) })
			t.Run("template", func(t *testing.T) { ledgerTemplate(t, d) })
		})
	}
}

// postLedger imports a workbook.
func (d *dev) postLedger(token, path string, body []byte, headers ...string) response {
	d.t.Helper()
	return d.call(token, "POST", path, string(body), append([]string{"Content-Type", xlsx}, headers...)...)
}

// workbook is a ledger written cell by cell.
type workbook struct {
	t *testing.T
	f *excelize.File
}

func newLedger(t *testing.T) *workbook { return &workbook{t: t, f: excelize.NewFile()} }

// rows writes rows from the first row of sheet down; nil leaves a cell
// empty, a time.Time is a date cell.
func (w *workbook) rows(sheet string, rows ...[]any) *workbook {
	w.t.Helper()
	if i, _ := w.f.GetSheetIndex(sheet); i < 0 {
		if _, err := w.f.NewSheet(sheet); err != nil {
			w.t.Fatal(err)
		}
	}
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := w.f.SetCellValue(sheet, cell, v); err != nil {
				w.t.Fatal(err)
			}
		}
	}
	return w
}

func (w *workbook) bytes() []byte {
	w.t.Helper()
	if len(w.f.GetSheetList()) > 1 {
		if err := w.f.DeleteSheet("Sheet1"); err != nil {
			w.t.Fatal(err)
		}
	}
	buf, err := w.f.WriteToBuffer()
	if err != nil {
		w.t.Fatal(err)
	}
	return buf.Bytes()
}

// seedLedger writes the seed plan the way a clerk keeps it: owners,
// supervisors and approvers by name (found in the store, where the YAML
// import put them), tracks by title, deadlines alternately as date cells and
// as text, phases written compactly, the policy as YAML in one cell.
func seedLedger(t *testing.T, seed []byte, id string) []byte {
	var p struct {
		Title, Owner, Timezone, Calendar, Start, Deadline string
		SlackChannel                                      string `yaml:"slack_channel"`
		Digest                                            string
		Phases                                            []map[string]any
		Escalation                                        map[string]any
		People                                            []struct{ ID, Name string }
		Tracks                                            []struct {
			ID, Title string
			Tasks     []struct {
				ID, Title, Owner, Supervisor, Leader, Deadline string
				Flagged                                        bool
				Approvers                                      []string
				DependsOn                                      []string `yaml:"depends_on"`
				Phases                                         []map[string]any
			}
		}
	}
	if err := yaml.Unmarshal(seed, &p); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, person := range p.People {
		names[person.ID] = person.Name
	}
	phases := func(list []map[string]any) string {
		var parts []string
		for _, ph := range list {
			parts = append(parts, fmt.Sprintf("%v:%v", ph["name"], ph["workdays"]))
		}
		return strings.Join(parts, "、")
	}
	escalation, err := yaml.Marshal(p.Escalation)
	if err != nil {
		t.Fatal(err)
	}
	w := newLedger(t).rows("活动",
		[]any{"字段", "值"},
		[]any{"编号", id},
		[]any{"名称", p.Title},
		[]any{"负责人", names[p.Owner]},
		[]any{"时区", p.Timezone},
		[]any{"日历", p.Calendar},
		[]any{"开始日期", date(t, p.Start)},
		[]any{"完成时限", strings.ReplaceAll(p.Deadline, "-", "/")},
		[]any{"Slack频道", p.SlackChannel},
		[]any{"通报周期", p.Digest},
		[]any{"默认阶段", phases(p.Phases)},
		[]any{"督办规则", string(escalation)},
	)
	rows := [][]any{{"编号", "任务名称", "任务线", "任务线编号", "责任单位", "督办人", "督办领导", "挂牌督战", "完成时限", "前置任务", "审核人", "工作阶段"}}
	n := 0
	for _, tr := range p.Tracks {
		for _, tk := range tr.Tasks {
			n++
			var deadline any // none: the campaign's
			owner := names[tk.Owner]
			switch {
			case tk.Deadline == "":
			case len(tk.Deadline) > len("2006-01-02"): // a timestamp, as text
				deadline = tk.Deadline
			case n%2 == 0:
				deadline = strings.Replace(strings.Replace(tk.Deadline, "-", "年", 1), "-", "月", 1) + "日"
			default:
				deadline = date(t, tk.Deadline)
			}
			if n%2 == 0 {
				owner = tk.Owner
			}
			flagged := "否"
			if tk.Flagged {
				flagged = "是"
			}
			var approvers []string
			for _, a := range tk.Approvers {
				approvers = append(approvers, names[a])
			}
			rows = append(rows, []any{tk.ID, tk.Title, tr.Title, tr.ID, owner, names[tk.Supervisor], tk.Leader, flagged, deadline,
				strings.Join(tk.DependsOn, "、"), strings.Join(approvers, ","), phases(tk.Phases)})
		}
	}
	return w.rows("任务", rows...).bytes()
}

func date(t *testing.T, s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// plannedTask is what a plan decides about a task, as the API shows it.
type plannedTask struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Track         string   `json:"track"`
	Owner         string   `json:"owner"`
	Supervisor    string   `json:"supervisor"`
	Leader        string   `json:"leader"`
	Flagged       bool     `json:"flagged"`
	Approvers     []string `json:"approvers"`
	DependsOn     []string `json:"depends_on"`
	Deadline      string   `json:"deadline"`
	LatestStart   string   `json:"latest_start"`
	SlackWorkdays int      `json:"slack_workdays"`
	Critical      bool     `json:"critical"`
	Milestones    []struct {
		Name  string `json:"name"`
		Start string `json:"start"`
		Due   string `json:"due"`
	} `json:"milestones"`
}

func (d *dev) planned(campaign string) []plannedTask {
	var page struct {
		Items []plannedTask `json:"items"`
	}
	d.must(200, d.admin, "GET", "/api/v1/tasks?limit=500&campaign="+campaign, nil, &page)
	return page.Items
}

// campaignPlan is what a plan decides about the campaign.
type campaignPlan struct {
	Title    string `json:"title"`
	Owner    string `json:"owner"`
	Timezone string `json:"timezone"`
	Calendar any    `json:"calendar"`
	Start    string `json:"start"`
	Deadline string `json:"deadline"`
	Tracks   []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"tracks"`
}

func (d *dev) samePlan(t *testing.T, want, got string) {
	t.Helper()
	a, b := d.planned(want), d.planned(got)
	if len(a) != 30 {
		t.Fatalf("%s has %d tasks", want, len(a))
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("tasks of %s and %s differ (-%s +%s):\n%s", want, got, want, got, diff)
	}
	var ca, cb campaignPlan
	d.must(200, d.admin, "GET", "/api/v1/campaigns/"+want, nil, &ca)
	d.must(200, d.admin, "GET", "/api/v1/campaigns/"+got, nil, &cb)
	if diff := cmp.Diff(ca, cb); diff != "" {
		t.Fatalf("campaigns %s and %s differ:\n%s", want, got, diff)
	}
}

// (a) 30 tasks in three tracks, as a clerk's ledger: a dry run first, then
// the same tasks, schedule, owners and deadlines as the YAML import.
func ledgerLikeYAML(t *testing.T, d *dev, seed []byte) {
	body := seedLedger(t, seed, "xmlc-ledger")
	var dry struct {
		Tasks []plannedTask `json:"tasks"`
	}
	d.postLedger(d.admin, "/api/v1/campaigns?dry_run=true", body).json(t, &dry)
	if len(dry.Tasks) != 30 {
		t.Fatalf("dry run: %d tasks", len(dry.Tasks))
	}
	d.must(404, d.admin, "GET", "/api/v1/campaigns/xmlc-ledger", nil, nil)
	if r := d.postLedger(d.admin, "/api/v1/campaigns", body); r.Status != 201 {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	d.samePlan(t, "xmlc-2024", "xmlc-ledger")
	// The same workbook again is the same plan: nothing new.
	if r := d.postLedger(d.admin, "/api/v1/campaigns", body); r.Status != 200 {
		t.Fatalf("re-import: %d %s", r.Status, r.Body)
	}
}

// (b) A wrong date, an unknown owner and a duplicate id: one 422, three
// errors, each at its cell; nothing created.
func ledgerErrors(t *testing.T, d *dev) {
	body := newLedger(t).rows("活动",
		[]any{"编号", "ledger-bad"}, []any{"名称", "三处错误"}, []any{"负责人", "王东"},
		[]any{"日历", "weekdays"}, []any{"开始日期", "2099-01-05"}, []any{"完成时限", "2099-12-31"},
	).rows("任务",
		[]any{"编号", "任务名称", "任务线", "责任单位", "督办人", "完成时限"},
		[]any{"T1", "一", "甲", "李明", "赵芳", "2099-06-30"},
		[]any{"T2", "二", "甲", "李明", "赵芳", "2099-13-45"},
		[]any{"T3", "三", "乙", "查无此人", "赵芳", "2099/7/31"},
		[]any{"T1", "四", "乙", "li", "zhao", "2099年8月31日"},
	).bytes()
	r := d.postLedger(d.admin, "/api/v1/campaigns", body)
	expectProblem(t, r, 422, "")
	var p problem
	r.json(t, &p)
	var got []string
	for _, e := range p.Errors {
		got = append(got, e.Field)
	}
	if diff := cmp.Diff([]string{"任务!F3", "任务!D4", "任务!A5"}, got); diff != "" {
		t.Fatalf("fields (-want +got):\n%s\n%s", diff, r.Body)
	}
	if !strings.Contains(string(r.Body), "查无此人") || !strings.Contains(string(r.Body), "2099-13-45") {
		t.Fatalf("the errors must name the values: %s", r.Body)
	}
	d.must(404, d.admin, "GET", "/api/v1/campaigns/ledger-bad", nil, nil)

	// An error the plan finds, in a workbook the ledger has no quarrel
	// with, is at its cell too: a flagged task without a leader is its row.
	body = newLedger(t).rows("活动",
		[]any{"编号", "ledger-bad"}, []any{"名称", "一处错误"}, []any{"负责人", "wang"},
		[]any{"日历", "weekdays"}, []any{"开始日期", "2099-01-05"},
	).rows("任务",
		[]any{"编号", "任务名称", "责任单位", "督办人", "挂牌督战", "完成时限"},
		[]any{"T1", "一", "li", "zhao", "是", "2099-06-30"},
	).bytes()
	expectProblem(t, d.postLedger(d.admin, "/api/v1/campaigns", body), 422, "任务!A2")

	// A cell the ledger cannot read and a task the schedule cannot meet come
	// back in the same answer.
	body = newLedger(t).rows("活动",
		[]any{"编号", "ledger-bad"}, []any{"名称", "两处错误"}, []any{"负责人", "wang"},
		[]any{"日历", "weekdays"}, []any{"开始日期", "2099-01-05"},
	).rows("任务",
		[]any{"编号", "任务名称", "责任单位", "督办人", "工作阶段", "完成时限"},
		[]any{"T1", "一", "li", "zhao", "办班:5", "2099-13-45"},
		[]any{"T2", "二", "li", "zhao", "办班:10", "2099-01-09"},
	).bytes()
	r = d.postLedger(d.admin, "/api/v1/campaigns", body)
	expectProblem(t, r, 422, "")
	r.json(t, &p)
	got = nil
	for _, e := range p.Errors {
		got = append(got, e.Field)
	}
	if diff := cmp.Diff([]string{"任务!F2", "任务!F3"}, got); diff != "" {
		t.Fatalf("fields (-want +got):\n%s\n%s", diff, r.Body)
	}
}

// (c) The live ledger reopens with the JSON report's totals and sentence,
// and each task's light as its cell's fill.
func liveLedger(t *testing.T, d *dev) []byte {
	tokens := map[string]string{}
	for _, id := range []string{"li", "zhao", "wang"} {
		var out struct {
			Token string `json:"token"`
		}
		d.must(201, d.admin, "POST", "/api/v1/people/"+id+"/tokens", nil, &out)
		tokens[id] = out.Token
	}
	d.must(200, tokens["li"], "POST", taskPath("xmlc-2024", "T01", "submit"), map[string]any{"note": "全部返岗"}, nil)
	d.must(200, tokens["zhao"], "POST", taskPath("xmlc-2024", "T01", "approve"), map[string]any{}, nil)
	d.must(200, tokens["wang"], "POST", taskPath("xmlc-2024", "T01", "approve"), map[string]any{}, nil)

	type figures struct {
		Totals    map[string]int `json:"totals"`
		SummaryZH string         `json:"summary_zh"`
	}
	var (
		before, after figures
		book          *excelize.File
		lights        map[string]string
	)
	// Timers move lights while the test reads: take a ledger between two
	// equal JSON reports, and the task list beside it.
	for range 10 {
		d.must(200, d.admin, "GET", "/api/v1/campaigns/xmlc-2024/report", nil, &before)
		lights = d.lights("xmlc-2024")
		r := d.must(200, d.admin, "GET", "/api/v1/campaigns/xmlc-2024/report?format=xlsx", nil, nil)
		if r.ContentType != xlsx {
			t.Fatalf("content type %q", r.ContentType)
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		d.must(200, d.admin, "GET", "/api/v1/campaigns/xmlc-2024/report", nil, &after)
		if cmp.Equal(before, after) && cmp.Equal(lights, d.lights("xmlc-2024")) {
			book = f
			break
		}
		f.Close()
	}
	if book == nil {
		t.Fatal("the report never held still")
	}
	defer book.Close()
	cell := func(sheet, ref string) string {
		v, err := book.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := cell(ledger.SummarySheet, "A"+strconv.Itoa(ledger.SummarySentenceRow)); got != before.SummaryZH || !strings.Contains(got, "已完成1项") {
		t.Fatalf("summary %q, JSON %q", got, before.SummaryZH)
	}
	row := strconv.Itoa(ledger.SummaryTotalsRow)
	for i, key := range []string{"tasks", "closed", "closed_pct", "open", "submitted", "green", "yellow", "red", "closed_on_time", "overdue"} {
		col, _ := excelize.ColumnNumberToName(4 + i)
		if got := cell(ledger.SummarySheet, col+row); got != strconv.Itoa(before.Totals[key]) {
			t.Fatalf("%s: %s in the ledger, %d in the JSON report", key, got, before.Totals[key])
		}
	}
	if !slices.Contains(book.GetSheetList(), "轻车 — 为基层减负") {
		t.Fatalf("no sheet for track qingche: %v", book.GetSheetList())
	}
	seen := 0
	for _, sheet := range book.GetSheetList()[1:4] {
		rows, err := book.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		panes, _ := book.GetPanes(sheet)
		if header := rows[ledger.TrackHeaderRow-1]; !panes.Freeze || header[0] != "编号" {
			t.Fatalf("%s: header %v, panes %+v", sheet, header, panes)
		}
		for r, row := range rows[ledger.TrackHeaderRow:] {
			ref, _ := excelize.CoordinatesToCellName(ledger.TrackLightColumn, ledger.TrackHeaderRow+1+r)
			style, _ := book.GetCellStyle(sheet, ref)
			s, err := book.GetStyle(style)
			if err != nil || len(s.Fill.Color) == 0 || s.Fill.Color[0] != ledger.LightFills[lights[row[0]]] {
				t.Fatalf("%s %s (%s): fill %+v, light %s", sheet, ref, row[0], s.Fill, lights[row[0]])
			}
			seen++
		}
	}
	if seen != 30 {
		t.Fatalf("the track sheets list %d tasks", seen)
	}
	return d.must(200, d.admin, "GET", "/api/v1/campaigns/xmlc-2024/report?format=xlsx", nil, nil).Body
}

func (d *dev) lights(campaign string) map[string]string {
	var page struct {
		Items []struct {
			ID    string `json:"id"`
			Light string `json:"light"`
		} `json:"items"`
	}
	d.must(200, d.admin, "GET", "/api/v1/tasks?limit=500&campaign="+campaign, nil, &page)
	out := map[string]string{}
	for _, t := range page.Items {
		out[t.ID] = t.Light
	}
	return out
}

// (d) The exported ledger, its 编号 changed, imports as the same plan; the
// Idempotency-Key covers the workbook's bytes. A manager's export has no
// people in it (they carry emails), and imports as the same plan too,
// without an admin.
func ledgerRoundTrip(t *testing.T, d *dev, exported []byte) {
	body := renamed(t, exported, "xmlc-copy")
	if r := d.postLedger(d.admin, "/api/v1/campaigns", body, "Idempotency-Key", "ledger-copy"); r.Status != 201 {
		t.Fatalf("import the export: %d %s", r.Status, r.Body)
	}
	d.samePlan(t, "xmlc-2024", "xmlc-copy")
	if r := d.postLedger(d.admin, "/api/v1/campaigns", body, "Idempotency-Key", "ledger-copy"); r.Status != 201 {
		t.Fatalf("the same key and workbook must replay the first answer: %d %s", r.Status, r.Body)
	}
	expectProblem(t, d.postLedger(d.admin, "/api/v1/campaigns", exported, "Idempotency-Key", "ledger-copy"), 422, "Idempotency-Key")

	manager := d.person("ledger-manager", "manager")
	mine := d.must(200, manager, "GET", "/api/v1/campaigns/xmlc-2024/report?format=xlsx", nil, nil).Body
	if !hasKey(t, exported, "人员") || hasKey(t, mine, "人员") {
		t.Fatal("the people (with their emails) must be in an admin's export only")
	}
	if r := d.postLedger(manager, "/api/v1/campaigns", renamed(t, mine, "xmlc-copy2")); r.Status != 201 {
		t.Fatalf("a manager imports their export: %d %s", r.Status, r.Body)
	}
	d.samePlan(t, "xmlc-2024", "xmlc-copy2")
}

// hasKey reports whether a ledger has a row for a key of 活动, on 活动 or
// on the hidden sheet, which keeps the keys written as JSON (人员 among
// them) and heads them 人员 (people).
func hasKey(t *testing.T, book []byte, key string) bool {
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("活动")
	hidden, _ := f.GetRows(ledger.MachineSheet)
	return slices.ContainsFunc(append(rows, hidden...), func(row []string) bool {
		return len(row) > 0 && (row[0] == key || strings.HasPrefix(row[0], key+" ("))
	})
}

// renamed is a ledger with another campaign id in 活动's 编号.
func renamed(t *testing.T, ledger []byte, id string) []byte {
	f, err := excelize.OpenReader(bytes.NewReader(ledger))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("活动")
	for i, row := range rows {
		if len(row) > 1 && row[0] == "编号" {
			if err := f.SetCellValue("活动", "B"+strconv.Itoa(i+1), id); err != nil {
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

// (e) A clerk's file: the campaign's title above the headers, headers with
// spaces and line breaks, a merged 任务线, blank rows and rows with only a
// running number, a date cell and dates as text, full-width ids with
// trailing spaces, a unit by name.
func clerkLedger(t *testing.T, d *dev) {
	d.must(201, d.admin, "POST", "/api/v1/units", map[string]any{"id": "hn", "name": "海南省", "members": []string{"li"}}, nil)
	w := newLedger(t).rows("活动",
		[]any{"字段", "值"}, []any{"编号 ", "ledger-clerk"}, []any{"名称", "台账"}, []any{"负责人", "王东"},
		[]any{"时区", "UTC"}, []any{"日历", "weekdays"}, []any{"开始日期", "2099年1月5日"}, []any{"完成时限", "2099-12-31"},
	).rows("tasks",
		[]any{"某某攻坚行动任务清单"},
		[]any{"序号", " 编号 ", "任务\n名称", "任务线", "责任单位 ", "督办人", "完成时限", "前置任务"},
		[]any{1, "Ｔ０１ ", "一", "轻车", "李明", "赵芳", time.Date(2099, 6, 30, 0, 0, 0, 0, time.UTC)},
		[]any{},
		[]any{2, "Ｔ０２", "二", nil, "海南省", "zhao", "2099/7/31", "Ｔ０１"},
		[]any{3},
		[]any{4, "T03", "三", nil, "unit:hn", "zhao", "2099.8.31", "T01，T02"},
		[]any{5, "T04", "四", "壮马", "chen", "zhao", "2099年9月30日"},
	)
	if err := w.f.MergeCell("tasks", "D3", "D7"); err != nil {
		t.Fatal(err)
	}
	if r := d.postLedger(d.admin, "/api/v1/campaigns", w.bytes()); r.Status != 201 {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	var got []string
	for _, tk := range d.planned("ledger-clerk") {
		deadline, err := time.Parse(time.RFC3339, tk.Deadline)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join([]string{tk.ID, tk.Track, tk.Owner, deadline.UTC().Format(time.DateOnly), strings.Join(tk.DependsOn, "+")}, " "))
	}
	want := []string{"T01 t1 li 2099-06-30 ", "T02 t1 unit:hn 2099-07-31 T01", "T03 t1 unit:hn 2099-08-31 T01+T02", "T04 t2 chen 2099-09-30 "}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("tasks (-want +got):\n%s", diff)
	}
	var c campaignPlan
	d.must(200, d.admin, "GET", "/api/v1/campaigns/ledger-clerk", nil, &c)
	if c.Owner != "wang" || len(c.Tracks) != 2 || c.Tracks[0].Title != "轻车" || c.Tracks[1].Title != "壮马" {
		t.Fatalf("campaign: %+v", c)
	}
}

// (f) Bodies that are not workbooks: text (422), a password-protected
// workbook (422, saying so), one over the size limit or unpacking past it
// (413), and a type that is neither plan nor workbook (415).
func notWorkbooks(t *testing.T, d *dev) {
	expectProblem(t, d.postLedger(d.admin, "/api/v1/campaigns", []byte("id: not-a-workbook\n")), 422, "")
	locked := newLedger(t).rows("任务", []any{"编号", "任务名称"})
	path := t.TempDir() + "/locked.xlsx"
	if err := locked.f.SaveAs(path, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := d.postLedger(d.admin, "/api/v1/campaigns", data)
	expectProblem(t, r, 422, "")
	if !strings.Contains(string(r.Body), "密码") { // no Accept-Language: in Chinese
		t.Fatalf("the refusal must say the workbook is password-protected: %s", r.Body)
	}
	huge := append([]byte("PK\x03\x04"), make([]byte, 9<<20)...)
	expectProblem(t, d.postLedger(d.admin, "/api/v1/campaigns", huge), 413, "")
	// Small, but it unpacks to more than the limit.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	part, err := zw.Create("xl/worksheets/sheet1.xml")
	if err == nil {
		_, err = part.Write(bytes.Repeat([]byte(" "), ledger.MaxUnzipped+1))
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	expectProblem(t, d.postLedger(d.admin, "/api/v1/campaigns", bomb.Bytes()), 413, "")
	r = d.callTyped(d.admin, "POST", "/api/v1/campaigns", "编号,任务名称\n", "text/csv")
	expectProblem(t, r, 415, "")
	if !strings.Contains(string(r.Body), "spreadsheetml") {
		t.Fatalf("the 415 must name the workbook type: %s", r.Body)
	}
}

// The template downloads, opens, and its example plans (a dry run: its
// people exist after the YAML import).
func ledgerTemplate(t *testing.T, d *dev) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", d.base+"/api/v1/templates/ledger.xlsx", nil)
	req.Header.Set("Authorization", "Bearer "+d.admin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != xlsx || !strings.Contains(resp.Header.Get("Content-Disposition"), "ledger.xlsx") {
		t.Fatalf("template: %d %v", resp.StatusCode, resp.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !slices.Contains(f.GetSheetList(), "任务") || !slices.Contains(f.GetSheetList(), "活动") {
		t.Fatalf("sheets: %v", f.GetSheetList())
	}
	var dry struct {
		Tasks []plannedTask `json:"tasks"`
	}
	r := d.postLedger(d.admin, "/api/v1/campaigns?dry_run=true", body)
	if r.Status != 200 {
		t.Fatalf("the template's example: %d %s", r.Status, r.Body)
	}
	r.json(t, &dry)
	if len(dry.Tasks) != 1 || dry.Tasks[0].ID != "T01" {
		t.Fatalf("dry run of the template: %+v", dry.Tasks)
	}
}
