package ledger

import (
	"time"

	"github.com/xuri/excelize/v2"
)

// book is a workbook being written, with the few styles ledgers use.
type book struct {
	f      *excelize.File
	header int // bold on grey, wrapped
	date   int // yyyy-mm-dd
	title  int // bold, larger
	// wrapped is text that wraps within its (merged) cell.
	wrapped int
	lights  map[string]int
	// formulaLike are the text cells (sheet, cell) to store quote-prefixed
	// (neutralise.go).
	formulaLike [][2]string
	// tables are the ranges to rule and printed are the sheets to set up
	// for printing, both done last (print.go).
	tables  []table
	printed []printedSheet
}

// LightFills are the fills of the 灯 cells, by light: Excel's own "good",
// "neutral" and "bad" colours, and grey for a closed task.
var LightFills = map[string]string{
	"green":  "C6EFCE",
	"yellow": "FFEB9C",
	"red":    "FFC7CE",
	"done":   "D9D9D9",
}

func newBook() (*book, error) {
	b := &book{f: excelize.NewFile(), lights: map[string]int{}}
	var err error
	if b.header, err = b.f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
	}); err != nil {
		return nil, err
	}
	dateFormat := "yyyy-mm-dd"
	if b.date, err = b.f.NewStyle(&excelize.Style{CustomNumFmt: &dateFormat}); err != nil {
		return nil, err
	}
	if b.title, err = b.f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Vertical: "center"},
	}); err != nil {
		return nil, err
	}
	if b.wrapped, err = b.f.NewStyle(&excelize.Style{
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
	}); err != nil {
		return nil, err
	}
	for light, color := range LightFills {
		if b.lights[light], err = b.f.NewStyle(&excelize.Style{
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
		}); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// sheet adds a sheet; the workbook's first sheet (Sheet1) is renamed, so
// that no empty sheet is left over.
func (b *book) sheet(name string) error {
	if list := b.f.GetSheetList(); len(list) == 1 && list[0] == "Sheet1" {
		return b.f.SetSheetName("Sheet1", name)
	}
	_, err := b.f.NewSheet(name)
	return err
}

// cellName is excelize's A1 name of a 1-based column and row.
func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// headerRow writes a bold header in row and freezes the rows down to it
// (a title above it too), so it stays in view however far down the list
// goes.
func (b *book) headerRow(sheet string, row int, headers []string, widths []float64) error {
	for i, h := range headers {
		if err := b.text(sheet, cellName(i+1, row), h); err != nil {
			return err
		}
		if i < len(widths) && widths[i] > 0 {
			if err := b.f.SetColWidth(sheet, colName(i+1), colName(i+1), widths[i]); err != nil {
				return err
			}
		}
	}
	if len(headers) > 0 {
		if err := b.f.SetCellStyle(sheet, cellName(1, row), cellName(len(headers), row), b.header); err != nil {
			return err
		}
	}
	return b.freeze(sheet, row)
}

// freeze keeps the first rows of a sheet in view.
func (b *book) freeze(sheet string, rows int) error {
	return b.f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: rows, TopLeftCell: cellName(1, rows+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: cellName(1, rows+1), ActiveCell: cellName(1, rows+1), Pane: "bottomLeft"}},
	})
}

// excelEpoch is day 0 of Excel's date serials (1900 system), for dates
// after February 1900, where Excel's phantom 1900-02-29 no longer matters.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// setDate writes a civil date as a real date cell: a serial number shown
// as yyyy-mm-dd, which a clerk's Excel sorts and filters as a date.
func (b *book) setDate(sheet, cell string, y int, m time.Month, d int) error {
	serial := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(excelEpoch).Hours() / 24)
	if err := b.f.SetCellInt(sheet, cell, int64(serial)); err != nil {
		return err
	}
	return b.f.SetCellStyle(sheet, cell, cell, b.date)
}

func (b *book) bytes() ([]byte, error) {
	// Rules first: the quote-prefixed styles neutralise makes are copies
	// of each cell's style, rules included.
	if err := b.print(); err != nil {
		return nil, err
	}
	if err := b.neutralise(); err != nil {
		return nil, err
	}
	b.f.SetActiveSheet(0)
	buf, err := b.f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
