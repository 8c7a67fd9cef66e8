package ledger

import (
	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/formats/report"
)

// Text in a workbook that a spreadsheet would take for a formula when a
// person edits the cell (report.FormulaLike: =, +, -, @, tab or carriage
// return first) is stored as Excel stores text typed with a leading ': the
// cell's format carries quotePrefix, and the text format "@" keeps an edit
// text in the programs that do not read quotePrefix. The cell's value stays
// what the plan says, so 任务 and 活动 import again as the same plan, and
// the sheets show no apostrophe. Numbers (a negative figure) are number
// cells and stay as they are.
//
// Every value the ledger writes goes through text, row or value, which note
// the formula-like text cells; bytes gives them their format last, after
// every other style (a title's, a header's) is set.

// textFormat is Excel's built-in number format 49, "@" (text).
const textFormat = 49

// text writes a text cell.
func (b *book) text(sheet, cell, s string) error {
	if err := b.f.SetCellStr(sheet, cell, s); err != nil {
		return err
	}
	b.note(sheet, cell, s)
	return nil
}

// value writes a text or a number cell.
func (b *book) value(sheet, cell string, v any) error {
	if s, ok := v.(string); ok {
		return b.text(sheet, cell, s)
	}
	return b.f.SetCellValue(sheet, cell, v)
}

// row writes values rightwards from cell, texts as texts and numbers as
// numbers.
func (b *book) row(sheet, cell string, values []any) error {
	if err := b.f.SetSheetRow(sheet, cell, &values); err != nil {
		return err
	}
	col, r, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		return err
	}
	for i, v := range values {
		if s, ok := v.(string); ok {
			b.note(sheet, cellName(col+i, r), s)
		}
	}
	return nil
}

func (b *book) note(sheet, cell, s string) {
	if report.FormulaLike(s) {
		b.formulaLike = append(b.formulaLike, [2]string{sheet, cell})
	}
}

// neutralise gives each formula-like text cell the quote-prefixed variant
// of its style.
func (b *book) neutralise() error {
	quoted := map[int]int{} // a style → its quote-prefixed variant
	for _, at := range b.formulaLike {
		sheet, cell := at[0], at[1]
		style, err := b.f.GetCellStyle(sheet, cell)
		if err != nil {
			return err
		}
		q, ok := quoted[style]
		if !ok {
			if q, err = b.quotePrefixed(style); err != nil {
				return err
			}
			quoted[style] = q
		}
		if err := b.f.SetCellStyle(sheet, cell, cell, q); err != nil {
			return err
		}
	}
	b.formulaLike = nil
	return nil
}

// quotePrefixed adds a style like base (its font, fill, alignment) in the
// text format with quotePrefix set. excelize's Style has no field for
// quotePrefix, so it is set on the cell format excelize made for it.
func (b *book) quotePrefixed(base int) (int, error) {
	st, err := b.f.GetStyle(base)
	if err != nil {
		return 0, err
	}
	st.NumFmt, st.CustomNumFmt = textFormat, nil
	id, err := b.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	yes := true
	b.f.Styles.CellXfs.Xf[id].QuotePrefix = &yes
	return id, nil
}
