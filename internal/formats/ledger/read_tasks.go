package ledger

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/closeout/closeout/internal/i18n"
)

// taskRow is one row of the 任务 sheet: its cells by column key (only the
// columns the sheet has), and the cell that stands for the row.
type taskRow struct {
	cells map[string]entry
	first string // the 编号 cell, or column A
}

// headerSearch is how far down the 任务 sheet the header row may be:
// clerks put the campaign's title, merged across, above it.
const headerSearch = 20

// requiredColumns are the columns without which no row is a task.
var requiredColumns = []string{colID, colTitle, colOwner}

// taskRows reads the 任务 sheet: the header row (the first row naming at
// least two known columns), then every non-blank row below it. Without a
// required column it reads no rows: each would only be wrong the same way.
func (rd *reader) taskRows(g *grid) []taskRow {
	header := -1
	for r := 0; r < min(len(g.rows), headerSearch) && header < 0; r++ {
		known := 0
		for _, h := range g.rows[r] {
			if _, ok := lookup(taskColumns, h); ok {
				known++
			}
		}
		if known >= 2 {
			header = r
		}
	}
	if header < 0 {
		rd.cellError(sheetRef(g.sheet), "no header row: the first row of the list names its columns, %s", names(standardColumns))
		return nil
	}
	columns := map[int]string{} // sheet column → column key
	seen := map[string]string{} // column key → header cell
	for c, h := range g.rows[header] {
		if trim(h) == "" || ignored(h) {
			continue
		}
		col, ok := lookup(taskColumns, h)
		switch {
		case !ok:
			rd.cellError(g.ref(header, c), "unknown column %q: the columns are %s (and 序号 or 备注, which are skipped)", trim(h), names(taskColumns))
		case seen[col.key] != "":
			rd.cellError(g.ref(header, c), "%s is given twice (first at %s)", label(taskColumns, col.key), seen[col.key])
		default:
			columns[c] = col.key
			seen[col.key] = g.ref(header, c)
		}
	}
	missing := false
	for _, k := range requiredColumns {
		if seen[k] == "" {
			rd.cellError(g.rowRef(header), "no column %s: every task needs one", label(taskColumns, k))
			missing = true
		}
	}
	if missing {
		return nil
	}
	var rows []taskRow
	for r := header + 1; r < len(g.rows); r++ {
		// Blank: nothing of its own in the columns read (a row under a
		// merged cell, or with only a running number or a note).
		blank := true
		for c := range columns {
			if trim(g.ownCell(r, c)) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		row := taskRow{cells: map[string]entry{}, first: g.ref(r, 0)}
		for c, key := range columns {
			row.cells[key] = entry{value: g.cell(r, c), cell: g.ref(r, c)}
			if key == colID {
				row.first = g.ref(r, c)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// itemID is the plan's rule for track and task ids.
var itemID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// trackOf groups rows into tracks in order of first appearance. A track is
// named by 任务线编号 (its id) and 任务线 (its title), or by 任务线 alone: an
// id when it is one (qingche), else a title (轻车), for which the track
// gets the id t1, t2, ... by its place. A row with neither is in the track
// of the row above.
type trackOf struct {
	index map[string]int // track key → position
	list  []map[string]any
	used  map[string]bool // ids given in 任务线编号 or as 任务线, never generated
	last  int
}

func newTracks(rows []taskRow) *trackOf {
	t := &trackOf{index: map[string]int{}, used: map[string]bool{}, last: -1}
	for _, row := range rows {
		if id := ident(row.cells[colTrackID].value); id != "" {
			t.used[id] = true
		} else if id := ident(row.cells[colTrack].value); itemID.MatchString(id) {
			t.used[id] = true
		}
	}
	return t
}

// place returns the track of a row, making it at its first row.
func (t *trackOf) place(rd *reader, row taskRow) int {
	id, title := ident(row.cells[colTrackID].value), trim(row.cells[colTrack].value)
	key := "id:" + id
	switch {
	case id == "" && title == "" && t.last >= 0:
		return t.last
	case id == "" && itemID.MatchString(ident(title)):
		id, title = ident(title), ""
		key = "id:" + id
	case id == "":
		key = "title:" + title
	}
	if i, ok := t.index[key]; ok {
		t.last = i
		return i
	}
	if id == "" {
		for n := len(t.list) + 1; ; n++ {
			if id = fmt.Sprintf("t%d", n); !t.used[id] {
				break
			}
		}
		t.used[id] = true
	}
	track := map[string]any{"id": id, "tasks": []any{}}
	if title != "" {
		track["title"] = title
	}
	i := len(t.list)
	t.list = append(t.list, track)
	t.index[key] = i
	t.last = i
	path := fmt.Sprintf("tracks[%d]", i)
	cell := cmp.Or(row.cells[colTrackID].cell, cmp.Or(row.cells[colTrack].cell, row.first))
	rd.cells.put(path, cell)
	rd.cells.put(path+".id", cell)
	rd.cells.put(path+".title", cmp.Or(row.cells[colTrack].cell, cell))
	return i
}

// tracks builds the plan's tracks from the rows.
func (rd *reader) tracks(rows []taskRow) []any {
	t := newTracks(rows)
	for _, row := range rows {
		i := t.place(rd, row)
		tasks := t.list[i]["tasks"].([]any)
		path := fmt.Sprintf("tracks[%d].tasks[%d]", i, len(tasks))
		t.list[i]["tasks"] = append(tasks, rd.task(row, path))
	}
	out := make([]any, len(t.list))
	for i, tr := range t.list {
		out[i] = tr
	}
	return out
}

// taskFields are the plan fields each column fills, for locating errors.
var taskFields = map[string][]string{
	colDispatch:         {"dispatch", "dispatch.to"},
	colDispatchDeadline: {"dispatch.deadline"},
	colIndicatorID:      {"indicators[0].id"},
	colIndicator:        {"indicators", "indicators[0]", "indicators[0].name"},
	colTarget:           {"indicators[0].target"},
	colIndicatorUnit:    {"indicators[0].unit"},
}

// task builds one task from its row, recording its cells under path.
func (rd *reader) task(row taskRow, path string) map[string]any {
	rd.cells.put(path, row.first)
	for _, col := range taskColumns {
		e, ok := row.cells[col.key]
		if !ok {
			continue
		}
		fields, special := taskFields[col.key]
		if !special {
			fields = []string{col.key}
		}
		for _, f := range fields {
			rd.cells.put(path+"."+f, e.cell)
		}
	}
	if e := row.cells[colIndicators]; !e.empty() { // the full list wins over the columns
		rd.cells.put(path+".indicators", e.cell)
		rd.cells.put(path+".indicators[0]", e.cell)
	}

	t := map[string]any{}
	fail := func(col string, err error) {
		rd.failText(row.cells[col].cell, labelled(label(taskColumns, col), i18n.TextOf(err)))
	}
	set := func(col string, v any) {
		if e := row.cells[col]; !e.empty() {
			t[col] = v
		}
	}
	set(colID, ident(row.cells[colID].value))
	set(colTitle, trim(row.cells[colTitle].value))
	for _, col := range []string{colSupervisor, colLeader} {
		if e := row.cells[col]; !e.empty() {
			id, err := rd.names.person(e.value)
			if err != nil {
				fail(col, err)
			}
			t[col] = id
		}
	}
	if e := row.cells[colOwner]; !e.empty() {
		id, err := rd.names.holder(e.value)
		if err != nil {
			fail(colOwner, err)
		}
		t[colOwner] = id
	}
	for _, col := range []string{colApprovers, colAssist} {
		if e := row.cells[col]; !e.empty() {
			var ids []string
			for _, v := range splitList(e.value) {
				id, err := rd.names.holder(v)
				if err != nil {
					fail(col, err)
				}
				ids = append(ids, id)
			}
			t[col] = ids
		}
	}
	if e := row.cells[colFlagged]; !e.empty() {
		if v, err := parseBool(e.value); err != nil {
			fail(colFlagged, err)
		} else {
			t[colFlagged] = v
		}
	}
	if e := row.cells[colDeadline]; !e.empty() {
		if v, err := parseDate(e.value, rd.date1904, rd.loc); err != nil {
			fail(colDeadline, err)
		} else {
			t[colDeadline] = v
		}
	}
	if e := row.cells[colDependsOn]; !e.empty() {
		var ids []string
		for _, v := range splitList(e.value) {
			ids = append(ids, ident(v))
		}
		t[colDependsOn] = ids
	}
	if e := row.cells[colPhases]; !e.empty() {
		if v, err := parsePhases(e.value); err != nil {
			fail(colPhases, err)
		} else {
			t[colPhases] = v
		}
	}
	rd.dispatch(row, t, fail)
	rd.indicators(row, t, fail)
	return t
}

// dispatch reads 下发单位 (children:UNIT, or a list of units by id or
// name) and 下发时限 (-5wd).
func (rd *reader) dispatch(row taskRow, t map[string]any, fail func(string, error)) {
	to, before := row.cells[colDispatch], row.cells[colDispatchDeadline]
	if to.empty() {
		if !before.empty() {
			fail(colDispatchDeadline, i18n.Errorf("says when dispatched tasks are due, but %s names no units", label(taskColumns, colDispatch)))
		}
		return
	}
	d := map[string]any{}
	if name, ok := childrenOf(to.value); ok {
		id, err := rd.names.unit(name, ident(name))
		if err != nil {
			fail(colDispatch, err)
		}
		d["to"] = "children:" + id
	} else {
		var units []string
		for _, v := range splitList(to.value) {
			name := trim(strings.TrimPrefix(trim(v), unitPrefix))
			id, err := rd.names.unit(name, strings.TrimPrefix(ident(v), unitPrefix))
			if err != nil {
				fail(colDispatch, err)
			}
			units = append(units, unitPrefix+id)
		}
		d["to"] = units
	}
	if !before.empty() {
		d["deadline"] = ident(before.value)
	}
	t[colDispatch] = d
}

// indicators reads one indicator from 指标编号, 指标名称, 目标值 and 计量单位,
// or several (with parts) from 指标明细 as YAML or JSON.
func (rd *reader) indicators(row taskRow, t map[string]any, fail func(string, error)) {
	simple := []string{colIndicatorID, colIndicator, colTarget, colIndicatorUnit}
	given := slices.ContainsFunc(simple, func(c string) bool { return !row.cells[c].empty() })
	if e := row.cells[colIndicators]; !e.empty() {
		if given {
			fail(colIndicators, i18n.Errorf("the indicators are given here and in %s too: use one or the other", label(taskColumns, colIndicator)))
			return
		}
		v, err := parseStructured(e.value)
		if err != nil {
			fail(colIndicators, err)
			return
		}
		t["indicators"] = v
		return
	}
	if !given {
		return
	}
	ind := map[string]any{"id": cmp.Or(ident(row.cells[colIndicatorID].value), defaultIndicatorID)}
	if e := row.cells[colIndicator]; !e.empty() {
		ind["name"] = trim(e.value)
	}
	if e := row.cells[colIndicatorUnit]; !e.empty() {
		ind["unit"] = trim(e.value)
	}
	if e := row.cells[colTarget]; !e.empty() {
		if v, err := parseNumber(e.value); err != nil {
			fail(colTarget, err)
		} else {
			ind["target"] = v
		}
	}
	t["indicators"] = []any{ind}
}

// defaultIndicatorID is the id of an indicator given without 指标编号.
const defaultIndicatorID = "i1"
