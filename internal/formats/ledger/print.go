package ledger

import (
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Every sheet a person reads prints (SPEC section 17, "The ledger
// prints"): on A4 landscape, scaled to one page wide and as many pages
// down as the list takes, its header row repeated at the top of each page,
// every table ruled, page numbers in the footer. Writers record their
// tables and sheets as they go; bytes applies it all last, when every cell
// has the style it keeps.

// Page setup values of the OOXML schema.
const (
	paperA4   = 9
	landscape = "landscape"
)

// table is a range to rule: rows top to bottom, columns 1 to cols.
type table struct {
	sheet       string
	top, bottom int
	cols        int
}

// printedSheet is a sheet to set up for printing, with the rows (1-based,
// first to last) repeated at the top of each printed page.
type printedSheet struct {
	sheet       string
	first, last int
}

// ruleTable records a range to rule.
func (b *book) ruleTable(sheet string, top, bottom, cols int) {
	if bottom >= top && cols > 0 {
		b.tables = append(b.tables, table{sheet: sheet, top: top, bottom: bottom, cols: cols})
	}
}

// printable records a sheet to print, with its repeated rows.
func (b *book) printable(sheet string, first, last int) {
	b.printed = append(b.printed, printedSheet{sheet: sheet, first: first, last: last})
}

// titleRow writes the sheet's title (the campaign, what the sheet is, the
// ledger's date) in row 1, across the table's width, so it prints above
// the table rather than off its right edge.
func (b *book) titleRow(sheet, title string, cols int) error {
	if err := b.text(sheet, "A1", title); err != nil {
		return err
	}
	if cols > 1 {
		if err := b.f.MergeCell(sheet, "A1", cellName(cols, 1)); err != nil {
			return err
		}
	}
	if err := b.f.SetCellStyle(sheet, "A1", cellName(max(cols, 1), 1), b.title); err != nil {
		return err
	}
	return b.f.SetRowHeight(sheet, 1, 24)
}

// print rules the tables and sets up the printed sheets.
func (b *book) print() error {
	ruled := map[int]int{} // a style → its ruled variant
	for _, t := range b.tables {
		if err := b.rule(t, ruled); err != nil {
			return err
		}
	}
	b.tables = nil
	for _, p := range b.printed {
		if err := b.pageSetup(p); err != nil {
			return err
		}
	}
	b.printed = nil
	return nil
}

// rule gives each cell of a table the ruled variant of its style: the
// same font, fill (a light stays a light) and number format, with thin
// borders, and text that wraps within the column unless the style aligns
// it already. Most cells have the default style: the whole table gets its
// variant in one call, and only the others one by one.
func (b *book) rule(t table, ruled map[int]int) error {
	type styledCell struct {
		cell  string
		style int
	}
	var styled []styledCell // in row order, so the styles are made in the same order each time
	for r := t.top; r <= t.bottom; r++ {
		for c := 1; c <= t.cols; c++ {
			cell := cellName(c, r)
			style, err := b.f.GetCellStyle(t.sheet, cell)
			if err != nil {
				return err
			}
			if style != 0 {
				styled = append(styled, styledCell{cell, style})
			}
		}
	}
	plain, err := b.ruled(0, ruled)
	if err != nil {
		return err
	}
	if err := b.f.SetCellStyle(t.sheet, cellName(1, t.top), cellName(t.cols, t.bottom), plain); err != nil {
		return err
	}
	for _, c := range styled {
		r, err := b.ruled(c.style, ruled)
		if err != nil {
			return err
		}
		if err := b.f.SetCellStyle(t.sheet, c.cell, c.cell, r); err != nil {
			return err
		}
	}
	return nil
}

// ruled is the ruled variant of a style, made once.
func (b *book) ruled(style int, made map[int]int) (int, error) {
	if r, ok := made[style]; ok {
		return r, nil
	}
	st, err := b.f.GetStyle(style)
	if err != nil {
		return 0, err
	}
	st.Border = ruleBorders
	if st.Alignment == nil {
		st.Alignment = &excelize.Alignment{WrapText: true, Vertical: "top"}
	}
	r, err := b.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	made[style] = r
	return r, nil
}

// ruleBorders are thin grey lines on every side.
var ruleBorders = []excelize.Border{
	{Type: "left", Color: "808080", Style: 1},
	{Type: "top", Color: "808080", Style: 1},
	{Type: "right", Color: "808080", Style: 1},
	{Type: "bottom", Color: "808080", Style: 1},
}

// pageSetup prints a sheet on A4 landscape, one page wide (FitToHeight 0:
// as many pages down as it takes), with narrow margins, its repeated rows
// as the print titles and page numbers in the footer.
func (b *book) pageSetup(p printedSheet) error {
	size, orientation, wide, tall := paperA4, landscape, 1, 0
	if err := b.f.SetPageLayout(p.sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	fit := true
	if err := b.f.SetSheetProps(p.sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	side, edge, header := 0.4, 0.6, 0.3
	if err := b.f.SetPageMargins(p.sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &header, Footer: &header,
	}); err != nil {
		return err
	}
	if err := b.f.SetHeaderFooter(p.sheet, &excelize.HeaderFooterOptions{
		OddFooter: "&C第 &P 页,共 &N 页",
	}); err != nil {
		return err
	}
	return b.f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: printTitles(p.sheet, p.first, p.last),
		Scope:    p.sheet,
	})
}

// printTitles is the reference Excel keeps for a sheet's repeated rows:
// '任务'!$2:$2.
func printTitles(sheet string, first, last int) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!$" + strconv.Itoa(first) + ":$" + strconv.Itoa(last)
}

// paragraph writes a long text across columns from to to of a row, merged
// and wrapped, and makes the row tall enough for its lines: Excel sizes no
// merged row to its text. widths are the sheet's column widths.
func (b *book) paragraph(sheet string, row, from, to int, text string, widths []float64) error {
	if err := b.text(sheet, cellName(from, row), text); err != nil {
		return err
	}
	if to > from {
		if err := b.f.MergeCell(sheet, cellName(from, row), cellName(to, row)); err != nil {
			return err
		}
	}
	if err := b.f.SetCellStyle(sheet, cellName(from, row), cellName(to, row), b.wrapped); err != nil {
		return err
	}
	width := 0.0
	for c := from; c <= to; c++ {
		if c-1 < len(widths) {
			width += widths[c-1]
		} else {
			width += defaultColumnWidth
		}
	}
	if lines := linesOf(text, width); lines > 1 {
		return b.f.SetRowHeight(sheet, row, lineHeight*float64(lines))
	}
	return nil
}

// Excel's default column width in characters, and the height of a line of
// its default font in points.
const (
	defaultColumnWidth = 8.43
	lineHeight         = 15
)

// linesOf is about how many lines text takes in a column width characters
// wide: a Chinese character is as wide as two Latin ones.
func linesOf(text string, width float64) int {
	lines := 0
	for _, line := range strings.Split(text, "\n") {
		w := 0.0
		for _, r := range line {
			w++
			if r >= 0x2E80 {
				w++
			}
		}
		lines += max(1, int(math.Ceil(w/max(width-1, 1))))
	}
	return lines
}
