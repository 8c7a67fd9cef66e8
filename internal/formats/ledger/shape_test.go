package ledger

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// streamedWorkbook is a 活动 sheet and a 任务 sheet of rows×cols number
// cells, written with excelize's StreamWriter as a large export would be.
func streamedWorkbook(t testing.TB, rows, cols int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "活动"); err != nil {
		t.Fatal(err)
	}
	for i, r := range campaignRows() {
		for j, v := range r {
			if err := f.SetCellValue("活动", cellName(j+1, i+1), v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := f.NewSheet("任务"); err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter("任务")
	if err != nil {
		t.Fatal(err)
	}
	row := make([]any, cols)
	for r := 1; r <= rows; r++ {
		for c := range row {
			row[c] = r + c
		}
		if err := sw.SetRow(cellName(1, r), row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A workbook past the row or the column limit is refused as too large,
// naming the sheet and the limit, before excelize reads a cell: the 1.25
// million cells of issue 19 (a 2.6 MB workbook that took 54 s and 1.2 GB)
// in well under the 2 s the issue allows.
func TestWorkbookLimits(t *testing.T) {
	for name, c := range map[string]struct {
		rows, cols int
		says       string
	}{
		"rows":               {MaxRows + 2, 2, fmt.Sprintf("row %d", MaxRows+2)},
		"columns":            {3, MaxColumns + 1, fmt.Sprintf("column %d", MaxColumns+1)},
		"1.28 million cells": {MaxRows + 2, MaxColumns, fmt.Sprintf("more than %d cells", MaxCells)},
		"1.25 million cells within the rows and columns": {19_531, MaxColumns, fmt.Sprintf("more than %d cells", MaxCells)},
	} {
		t.Run(name, func(t *testing.T) {
			// How fast the refusal is, is the benchmarks' and the security
			// battery's to say (against the built server, not under -race).
			data := streamedWorkbook(t, c.rows, c.cols)
			_, err := Read(data, staff)
			if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "任务") {
				t.Fatalf("err %v; want ErrTooLarge naming the sheet and %s", err, c.says)
			}
		})
	}
}

// A ledger with more problems than a refusal lists keeps the first
// MaxErrors, in sheet order, and counts the rest.
func TestWorkbookErrorsCapped(t *testing.T) {
	rows := [][]any{{"编号", "任务名称", "责任单位", "完成时限"}}
	for i := range MaxErrors + 50 {
		rows = append(rows, []any{fmt.Sprintf("T%03d", i), "任务", "李明", "not a date"})
	}
	res, err := Read(newWorkbook(t).rows("活动", campaignRows()...).rows("任务", rows...).bytes(), staff)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != MaxErrors || res.MoreErrors != 50 {
		t.Fatalf("%d errors and %d more; want %d and 50", len(res.Errors), res.MoreErrors, MaxErrors)
	}
	if res.Errors[0].Field != "任务!D2" {
		t.Errorf("the first error is at %s, want 任务!D2", res.Errors[0].Field)
	}
}

// A sheet's last rows may be blank and formatted far down; only values
// count against the limit.
func TestWorkbookBlankRowsBelow(t *testing.T) {
	s := newWorkbook(t).rows("活动", campaignRows()...)
	s.rows("任务", []any{"编号", "任务名称", "责任单位", "完成时限"}, []any{"T01", "清理借调人员", "李明", "2024-06-30"})
	style, err := s.f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Color: []string{"FFFF00"}, Pattern: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.f.SetCellStyle("任务", cellName(MaxColumns-2, MaxRows+40), cellName(MaxColumns+5, MaxRows+50), style); err != nil {
		t.Fatal(err)
	}
	res, err := Read(s.bytes(), staff)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
}

// BenchmarkRefuseLargeWorkbook measures refusing a workbook of 1.26
// million cells (MaxRows+2 rows of 63 columns): time and memory per read.
func BenchmarkRefuseLargeWorkbook(b *testing.B) {
	data := streamedWorkbook(b, MaxRows+2, MaxColumns-1)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(data, staff); !errors.Is(err, ErrTooLarge) {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadWorkbookAtTheLimits measures reading the largest workbook
// taken whole: MaxCells cells (20,000 rows of 32 columns), read by the row
// iterator.
func BenchmarkReadWorkbookAtTheLimits(b *testing.B) {
	data := streamedWorkbook(b, MaxRows, MaxCells/MaxRows-1) // the 活动 sheet has a few
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(data, staff); err != nil {
			b.Fatal(err)
		}
	}
}
