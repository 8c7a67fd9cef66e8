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

func readGrid(f *excelize.File, sheet string) (*grid, error) {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	g := &grid{sheet: sheet, rows: rows, own: make([]bool, len(rows)), orig: make([][]string, len(rows))}
	width := 0
	for i, row := range rows {
		g.orig[i] = slices.Clone(row)
		width = max(width, len(row))
		for _, v := range row {
			if trim(v) != "" {
				g.own[i] = true
				break
			}
		}
	}
	merged, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return nil, err
	}
	for _, m := range merged {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		value := g.cell(r1-1, c1-1)
		// Only within the cells the sheet has: a range may be drawn over a
		// whole column, a million rows of nothing.
		for r := r1 - 1; r < min(r2, len(rows)); r++ {
			for c := c1 - 1; c < min(c2, width); c++ {
				g.set(r, c, value)
			}
		}
	}
	return g, nil
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
