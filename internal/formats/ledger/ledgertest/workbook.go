// Package ledgertest builds ledger workbooks (台账) in tests, cell by cell,
// as a clerk fills them in: mistakes included, which the ledger's own
// template writer would never make.
package ledgertest

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// Workbook is a workbook of the 活动 sheet (field, value rows, the header
// row included) and the 任务 sheet (its header row, then a task a row).
func Workbook(t testing.TB, campaign, tasks [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	write := func(sheet string, rows [][]any) {
		if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, v := range row {
				if v == nil {
					continue
				}
				cell, err := excelize.CoordinatesToCellName(j+1, i+1)
				if err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellValue(sheet, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	write("活动", campaign)
	write("任务", tasks)
	if err := f.DeleteSheet("Sheet1"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
