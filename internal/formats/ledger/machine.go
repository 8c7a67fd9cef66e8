package ledger

import (
	"strings"
)

// The live ledger's hidden sheet, 导入数据: what of the plan a ledger has
// no plain cells for and writes as JSON (the escalation policy, people,
// units, an inline calendar, phases or indicators a cell cannot say
// compactly). Nobody reads JSON on paper, so it stays off the visible
// sheets; the import reads it with 活动 and 任务, so the ledger still
// imports as the same plan. Its rows are 字段 | 值 | 任务编号: without a
// task id, a key of 活动; with one, a cell of that task's row on 任务.
// What 活动 or 任务 says itself wins: a clerk who fills the cell means to
// replace what the export kept out of sight. A task no longer on 任务 takes
// its hidden cells with it.

// machineFields are the plan fields written as JSON, the only ones the
// hidden sheet takes from the visible ones (the campaign's keys and the
// task columns share the name phases).
var machineFields = map[string]bool{
	keyCalendar: true, keyPhases: true, keyEscalation: true, keyScoring: true, keyPeople: true, keyUnits: true,
	colIndicators: true,
}

// machineReadable says whether a field's value goes to the hidden sheet:
// JSON, which is all the export writes starting with { or [.
func machineReadable(field, value string) bool {
	return machineFields[field] && (strings.HasPrefix(value, "{") || strings.HasPrefix(value, "["))
}

// machineRows are the hidden sheet's rows as the export gathers them.
type machineRows struct {
	rows [][3]string // header (Chinese), value, task id ("" for 活动)
}

func (m *machineRows) add(header, value, taskID string) {
	m.rows = append(m.rows, [3]string{header, value, taskID})
}

// write adds the hidden sheet, when there is anything to put on it.
func (m *machineRows) write(b *book) error {
	if len(m.rows) == 0 {
		return nil
	}
	const sheet = MachineSheet
	if err := b.sheet(sheet); err != nil {
		return err
	}
	if err := b.headerRow(sheet, 1, []string{"字段", "值", "任务编号"}, []float64{14, 80, 14}); err != nil {
		return err
	}
	for i, r := range m.rows {
		if err := b.row(sheet, cellName(1, i+2), []any{r[0], r[1], r[2]}); err != nil {
			return err
		}
	}
	return b.f.SetSheetVisible(sheet, false)
}

// machineEntries are the hidden sheet as read: the campaign's keys, and the
// tasks' cells by task id and column key.
type machineEntries struct {
	campaign map[string]entry
	tasks    map[string]map[string]entry
}

// under adds the hidden campaign keys to 活动's keys where it has none.
func (m machineEntries) under(keys map[string]entry) map[string]entry {
	if keys == nil {
		keys = map[string]entry{}
	}
	for k, e := range m.campaign {
		if _, ok := keys[k]; !ok {
			keys[k] = e
		}
	}
	return keys
}

// addTo gives each task row the hidden cells of its task where the row
// has none of its own.
func (m machineEntries) addTo(rows []taskRow) []taskRow {
	for _, row := range rows {
		for key, e := range m.tasks[ident(row.cells[colID].value)] {
			if row.cells[key].empty() {
				row.cells[key] = e
			}
		}
	}
	return rows
}

// machineEntries reads the hidden sheet: the rows without a task id as
// 活动's are read, the others as cells of their tasks.
func (rd *reader) machineEntries(g *grid) machineEntries {
	campaign := *g
	campaign.own = make([]bool, len(g.own))
	out := machineEntries{tasks: map[string]map[string]entry{}}
	for r := range g.rows {
		id := ident(g.cell(r, 2))
		if id == "" {
			campaign.own[r] = g.own[r]
			continue
		}
		if r == 0 || !g.own[r] {
			continue // the header: 字段 | 值 | 任务编号
		}
		col, ok := lookup(taskColumns, g.cell(r, 0))
		if !ok {
			rd.cellError(g.ref(r, 0), "%q is not a column of a task's row: the columns are %s", trim(g.cell(r, 0)), names(taskColumns))
			continue
		}
		if out.tasks[id] == nil {
			out.tasks[id] = map[string]entry{}
		}
		out.tasks[id][col.key] = entry{value: g.cell(r, 1), cell: g.ref(r, 1)}
	}
	out.campaign = rd.campaignEntries(&campaign)
	return out
}
