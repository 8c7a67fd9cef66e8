package ledger

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/i18n"
)

// FieldError is one problem with a ledger, at a cell (Field "任务!F7"), a
// row ("任务!3:3") or a sheet ("活动"); empty for the workbook as a whole.
type FieldError struct {
	Field   string
	Message string
	// Zh is Message in Chinese (i18n.T); empty reads as Message.
	Zh string
}

// Text is the message in both languages.
func (e FieldError) Text() i18n.Text { return i18n.Both(e.Message, e.Zh) }

// cells maps plan field paths ("tracks[0].tasks[3].deadline") to the cells
// they were read from, so that the plan package's errors can name cells.
type cells struct {
	at map[string]string
	// fallback names, for a path no cell was registered for, the sheet the
	// value would have been on: the campaign's fields are on 活动.
	fallback string
	// columns labels the task fields by their headers, for a message that
	// lands on a task's row because the sheet has no column for its field.
	columns []column
}

func (m *cells) put(path, cell string) {
	if m.at == nil {
		m.at = map[string]string{}
	}
	m.at[path] = cell
}

// locate finds the cell of a plan error: the path's own cell, or the
// closest enclosing one (an approver's error is the approvers cell's; a
// task field with no column is the task's row). When it had to go up to a
// field's parent, the message gains the field's name, as the cell alone no
// longer says which field is wrong.
func (m *cells) locate(path string, message i18n.Text) (string, i18n.Text) {
	if path == "" {
		return "", message
	}
	for p := path; ; {
		if cell, ok := m.at[p]; ok {
			return cell, withField(strings.TrimPrefix(path, p), message, m.columns)
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			return m.fallback, withField("."+path, message, campaignKeys)
		}
		p = p[:i]
	}
}

// withField prefixes message with the field rest names (".leader",
// ".escalation.overdue[0].after"), by its header when it has one; nothing
// for an index alone ("[1]"), as the message names the value.
func withField(rest string, message i18n.Text, cols []column) i18n.Text {
	if !strings.HasPrefix(rest, ".") {
		return message
	}
	rest = rest[1:]
	name := rest
	if i := strings.IndexAny(rest, ".["); i > 0 {
		name = rest[:i]
	}
	after := strings.TrimPrefix(rest, name)
	l := label(cols, name)
	return labelled(i18n.Both(l.En+after, l.Zh+after), message)
}

// merge puts the ledger's own errors and the plan's, located, into one
// list in sheet order (活动 first), then row, then column. A cell the
// ledger already found wrong keeps only the ledger's error: the plan
// package would only say the same thing again in its own terms.
func merge(own []FieldError, planErrs []FieldError, m *cells, sheetOrder []string) []FieldError {
	out := slices.Clone(own)
	taken := map[string]bool{}
	for _, e := range own {
		taken[e.Field] = true
	}
	for _, e := range planErrs {
		cell, msg := m.locate(e.Field, e.Text())
		if cell != "" && taken[cell] {
			continue
		}
		out = append(out, FieldError{Field: cell, Message: msg.En, Zh: msg.Zh})
	}
	slices.SortStableFunc(out, func(a, b FieldError) int {
		sa, ra, ca := position(a.Field, sheetOrder)
		sb, rb, cb := position(b.Field, sheetOrder)
		return cmp.Or(cmp.Compare(sa, sb), cmp.Compare(ra, rb), cmp.Compare(ca, cb))
	})
	return out
}

// position orders a field: by sheet (in sheetOrder), row and column; a
// whole row or sheet comes before its cells, the workbook before all.
func position(field string, sheetOrder []string) (sheet, row, col int) {
	if field == "" {
		return -1, 0, 0
	}
	name, ref, _ := strings.Cut(field, "!")
	sheet = len(sheetOrder)
	for i, s := range sheetOrder {
		if sheetRef(s) == name {
			sheet = i
		}
	}
	if ref == "" {
		return sheet, 0, 0
	}
	if r, _, isRow := strings.Cut(ref, ":"); isRow {
		n, _ := strconv.Atoi(r)
		return sheet, n, 0
	}
	c, r, err := excelize.CellNameToCoordinates(ref)
	if err != nil {
		return sheet, 0, 0
	}
	return sheet, r, c
}
