package importing

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/domain/plan"
)

// staffOnly is a Directory that knows wang, li and zhao by id only.
type staffOnly struct{}

func (staffOnly) PersonExists(id string) bool { return id == "wang" || id == "li" || id == "zhao" }
func (staffOnly) UnitExists(string) bool      { return false }
func (staffOnly) PeopleNamed([]string) (map[string][]string, error) {
	return map[string][]string{}, nil
}
func (staffOnly) UnitsNamed([]string) (map[string][]string, error) { return map[string][]string{}, nil }

// A clerk's workbook with a bad date, an unknown owner and a dependency on
// no task is refused with each error at its cell, in English and in
// Chinese: the ledger's own errors and the plan's alike.
func TestLedgerRefusalInBothLanguages(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	write := func(sheet string, rows ...[]any) {
		if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	write("活动", []any{"编号", "ledger-zh"}, []any{"名称", "两种语言"}, []any{"负责人", "wang"},
		[]any{"日历", "weekdays"}, []any{"开始日期", "2027-01-04"})
	write("任务", []any{"编号", "任务名称", "责任单位", "督办人", "完成时限", "前置任务"},
		[]any{"T1", "一", "查无此人", "zhao", "2027-02-30"},
		[]any{"T2", "二", "li", "zhao", "2027-06-30", "T9"})
	if err := f.DeleteSheet("Sheet1"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	dec, err := DecoderFor(WorkbookContentType, staffOnly{})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := dec.Decode(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Check(doc, plan.ParseOptions{PersonExists: staffOnly{}.PersonExists})
	var r *Refusal
	if !errors.As(err, &r) || r.Reason != InvalidLedger {
		t.Fatalf("want a ledger refusal, got %v", err)
	}
	want := []FieldError{
		{Field: "任务!C2", Message: `owner: no person or unit has the id or the name "查无此人"`,
			Zh: "责任单位:“查无此人”不是已知的人员或单位:请填写人员或单位的编号或名称"},
		{Field: "任务!E2", Message: `deadline: "2027-02-30" is not a date: write 2024-06-30, 2024/6/30, 2024年6月30日 or 2024.6.30, or make the cell a date`,
			Zh: "完成时限:“2027-02-30”不是有效日期:请写成 2024-06-30、2024/6/30、2024年6月30日 或 2024.6.30,或将单元格设为日期格式"},
		{Field: "任务!F3", Message: `unknown task "T9"`, Zh: `无法识别的任务 "T9"`},
	}
	if diff := cmp.Diff(want, r.Fields); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if r.DetailText().Zh != "台账有误" {
		t.Errorf("detail: %+v", r.DetailText())
	}
}
