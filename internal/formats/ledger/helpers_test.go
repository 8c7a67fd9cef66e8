package ledger

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/domain/plan"
)

// directory is a Directory over fixed people and units: what the store
// would answer, kept in memory.
type directory struct {
	people map[string]string // id → name
	units  map[string]string
	// fail makes the Named look-ups fail, as a store outage would.
	fail bool
}

func (d directory) PersonExists(id string) bool { _, ok := d.people[id]; return ok }
func (d directory) UnitExists(id string) bool   { _, ok := d.units[id]; return ok }

func (d directory) PeopleNamed(names []string) (map[string][]string, error) {
	return named(d.people, names, d.fail)
}

func (d directory) UnitsNamed(names []string) (map[string][]string, error) {
	return named(d.units, names, d.fail)
}

func named(byID map[string]string, names []string, fail bool) (map[string][]string, error) {
	if fail {
		return nil, errors.New("store unavailable")
	}
	out := map[string][]string{}
	for _, n := range names {
		for id, name := range byID {
			if name == n {
				out[n] = append(out[n], id)
			}
		}
	}
	return out, nil
}

// staff are the people and units of the example plans, by the names a
// clerk writes.
var staff = directory{
	people: map[string]string{
		"shegongbu": "省委社会工作部", "wang": "王东", "zhao": "赵芳", "wu": "吴静", "li": "李明",
		"chen": "陈刚", "liu": "刘洋", "huang": "黄敏", "zhou": "周杰", "boss": "",
	},
	units: map[string]string{"hn": "海南省", "hn-haikou": "海口市", "hn-sanya": "三亚市", "hn-danzhou": "儋州市", "zuzhibu": "组织部"},
}

func (d directory) options() plan.ParseOptions {
	return plan.ParseOptions{
		Now:          time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC),
		PersonExists: d.PersonExists,
		UnitExists:   d.UnitExists,
	}
}

// parseFile parses a plan from testdata of the plan package.
func parseFile(t *testing.T, name string) *plan.Plan {
	t.Helper()
	data, err := os.ReadFile("../../domain/plan/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(data, plan.YAML, staff.options())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// planWorkbook writes a plan's 任务 and 活动 sheets, as the live ledger
// does: under title rows, the JSON on the hidden sheet.
func planWorkbook(t *testing.T, p *plan.Plan) []byte {
	t.Helper()
	b, err := newBook()
	if err != nil {
		t.Fatal(err)
	}
	w := planSheets{title: func(what string) string { return p.Title + " · " + what }, machine: &machineRows{}}
	if err := w.writeTasks(b, p); err != nil {
		t.Fatal(err)
	}
	if err := w.writeCampaign(b, p); err != nil {
		t.Fatal(err)
	}
	if err := w.machine.write(b); err != nil {
		t.Fatal(err)
	}
	data, err := b.bytes()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// readPlan reads a workbook and parses its plan, failing on any error.
func readPlan(t *testing.T, data []byte, dir Directory) *plan.Plan {
	t.Helper()
	res, err := Read(data, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("ledger errors: %v", res.Errors)
	}
	p, err := plan.Parse(res.Plan, plan.JSON, staff.options())
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Plan)
	}
	return p
}

// sheet is a workbook written cell by cell, as a clerk would.
type sheet struct {
	t *testing.T
	f *excelize.File
}

func newWorkbook(t *testing.T) *sheet {
	return &sheet{t: t, f: excelize.NewFile()}
}

// rows writes rows from A1 down on a sheet (made if missing); a nil value
// leaves its cell empty.
func (s *sheet) rows(name string, rows ...[]any) *sheet {
	s.t.Helper()
	if idx, _ := s.f.GetSheetIndex(name); idx < 0 {
		if _, err := s.f.NewSheet(name); err != nil {
			s.t.Fatal(err)
		}
	}
	for i, r := range rows {
		for j, v := range r {
			if v == nil {
				continue
			}
			if err := s.f.SetCellValue(name, cellName(j+1, i+1), v); err != nil {
				s.t.Fatal(err)
			}
		}
	}
	return s
}

func (s *sheet) bytes(opts ...excelize.Options) []byte {
	s.t.Helper()
	if idx, _ := s.f.GetSheetIndex("Sheet1"); idx >= 0 && len(s.f.GetSheetList()) > 1 {
		if err := s.f.DeleteSheet("Sheet1"); err != nil {
			s.t.Fatal(err)
		}
	}
	buf, err := s.f.WriteToBuffer()
	if err != nil {
		s.t.Fatal(err)
	}
	if len(opts) > 0 {
		// Write with options (a password) through a file: WriteToBuffer
		// takes the options the file was made with.
		path := s.t.TempDir() + "/book.xlsx"
		if err := s.f.SaveAs(path, opts...); err != nil {
			s.t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			s.t.Fatal(err)
		}
		return data
	}
	return buf.Bytes()
}

// campaignRows is a 活动 sheet for a small campaign.
func campaignRows() [][]any {
	return [][]any{
		{"字段", "值"},
		{"编号", "ledger-1"},
		{"名称", "台账测试"},
		{"负责人", "王东"},
		{"时区", "Asia/Shanghai"},
		{"日历", "cn"},
		{"开始日期", "2024-05-06"},
		{"完成时限", "2024-12-31"},
	}
}

func fields(errs []FieldError) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Field
	}
	return out
}

// zipOf is a zip file holding one file.
func zipOf(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
