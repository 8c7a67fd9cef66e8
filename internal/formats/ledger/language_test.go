package ledger

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/i18n"
)

// A clerk's bad date and unknown owner are each at their cell, in English
// with the column's key and in Chinese with its header: neither language
// carries the other's words.
func TestCellErrorsInBothLanguages(t *testing.T) {
	s := newWorkbook(t).rows("活动", campaignRows()...)
	s.rows("任务",
		[]any{"编号", "任务名称", "责任单位", "督办人", "完成时限"},
		[]any{"T01", "one", "查无此人", "zhao", "2027-02-30"},
	)
	res, err := Read(s.bytes(), staff)
	if err != nil {
		t.Fatal(err)
	}
	want := []FieldError{
		{Field: "任务!C2",
			Message: `owner: no person or unit has the id or the name "查无此人"`,
			Zh:      "责任单位:“查无此人”不是已知的人员或单位:请填写人员或单位的编号或名称"},
		{Field: "任务!E2",
			Message: `deadline: "2027-02-30" is not a date: write 2024-06-30, 2024/6/30, 2024年6月30日 or 2024.6.30, or make the cell a date`,
			Zh:      "完成时限:“2027-02-30”不是有效日期:请写成 2024-06-30、2024/6/30、2024年6月30日 或 2024.6.30,或将单元格设为日期格式"},
	}
	if diff := cmp.Diff(want, res.Errors); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

// A body that is no workbook is refused in both languages, and still of
// its kind for errors.Is.
func TestRefusalsInBothLanguages(t *testing.T) {
	_, err := Read([]byte("not a zip"), staff)
	if !errors.Is(err, ErrNotWorkbook) {
		t.Fatalf("got %v", err)
	}
	if got := err.Error(); got != "not an Excel workbook (.xlsx): the body is not a zip file, which every .xlsx is" {
		t.Errorf("English: %q", got)
	}
	if got := i18n.TextOf(err).Zh; got != "不是 Excel 工作簿(.xlsx):文件不是 .xlsx 应有的 zip 格式" {
		t.Errorf("Chinese: %q", got)
	}
}
