package ledger

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// grid is a sheet's cells as raw text (a date cell is its serial number),
// with every merged range's value copied into each cell it covers: a
// clerk merges the 任务线 cell over the rows of a track, and the value
// belongs to each of them.
type grid struct {
	sheet string
	rows  [][]string
	// own says whether a row has a value in a cell of its own, before
	// merging: a row that only lies under a merged cell is blank.
	own []bool
	// orig are the cells as the sheet has them, before merging.
	orig [][]string
}

// readGrid reads a sheet row by row with excelize's iterator, which
// decodes the sheet's XML as a stream instead of loading it whole (the
// sheet's size was checked by scanWorkbook first). merges are the sheet's
// merged ranges, from the same scan.
func readGrid(f *excelize.File, sheet string, merges []string) (*grid, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	g := &grid{sheet: sheet}
	width := 0
	for it.Next() {
		row, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			_ = it.Close() // the row's error is the one to report
			return nil, err
		}
		if len(g.rows) > MaxRows {
			// scanWorkbook found no value this far down: blank rows a
			// sheet may carry formatted to its end.
			continue
		}
		own := false
		for _, v := range row {
			if trim(v) != "" {
				own = true
				break
			}
		}
		g.rows = append(g.rows, row)
		g.orig = append(g.orig, slices.Clone(row))
		g.own = append(g.own, own)
		width = max(width, len(row))
	}
	if err := it.Close(); err != nil {
		return nil, err
	}
	g.trimBlankEnd()
	for _, m := range merges {
		first, last, ok := strings.Cut(m, ":")
		if !ok {
			continue
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(first)
		c2, r2, err2 := excelize.CellNameToCoordinates(last)
		if err1 != nil || err2 != nil {
			continue
		}
		value := g.cell(r1-1, c1-1)
		// Only within the cells the sheet has: a range may be drawn over a
		// whole column, a million rows of nothing.
		for r := r1 - 1; r < min(r2, len(g.rows)); r++ {
			for c := c1 - 1; c < min(c2, width); c++ {
				g.set(r, c, value)
			}
		}
	}
	return g, nil
}

// trimBlankEnd drops the rows after the last one with a cell of its own,
// as excelize's GetRows does.
func (g *grid) trimBlankEnd() {
	n := len(g.rows)
	for n > 0 && len(g.orig[n-1]) == 0 {
		n--
	}
	g.rows, g.orig, g.own = g.rows[:n], g.orig[:n], g.own[:n]
}

func (g *grid) cell(r, c int) string {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return ""
	}
	return g.rows[r][c]
}

// ownCell is a cell's value as the sheet has it, before merging.
func (g *grid) ownCell(r, c int) string {
	if r < 0 || r >= len(g.orig) || c < 0 || c >= len(g.orig[r]) {
		return ""
	}
	return g.orig[r][c]
}

func (g *grid) set(r, c int, v string) {
	for len(g.rows[r]) <= c {
		g.rows[r] = append(g.rows[r], "")
	}
	g.rows[r][c] = v
}

// ref names a cell the way Excel does, the sheet quoted when its name is
// not a plain word: 任务!F7, 'my tasks'!F7. r and c count from 0.
func (g *grid) ref(r, c int) string {
	name, _ := excelize.CoordinatesToCellName(c+1, r+1)
	return sheetRef(g.sheet) + "!" + name
}

// rowRef names a whole row: 任务!3:3.
func (g *grid) rowRef(r int) string {
	n := strconv.Itoa(r + 1)
	return sheetRef(g.sheet) + "!" + n + ":" + n
}

func sheetRef(sheet string) string {
	plain := strings.IndexFunc(sheet, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' }) < 0
	if plain {
		return sheet
	}
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
}

// findSheet returns the workbook's sheet with one of the accepted names
// (spaces and case aside), or "".
func findSheet(f *excelize.File, accepted []string) string {
	for _, name := range f.GetSheetList() {
		if isSheet(name, accepted) {
			return name
		}
	}
	return ""
}
