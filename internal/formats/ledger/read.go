package ledger

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/i18n"
)

// Result is a ledger read as a plan: the plan's JSON document, the
// ledger's own problems (an unknown header, a cell that is not a date),
// and where each plan field came from.
type Result struct {
	// Plan is the plan document, exactly what a JSON import would send.
	// When Errors is not empty it is incomplete (a bad cell is left out)
	// and only good for finding the plan's other errors.
	Plan   []byte
	Errors []FieldError
	// MoreErrors counts the ledger's problems left out of Errors, which
	// keeps the first MaxErrors (SPEC section 15, "Limits").
	MoreErrors int

	cells  cells
	sheets []string // the sheets read, in error order
}

// Locate puts the plan package's errors (fields are plan paths) at their
// cells, together with the ledger's own errors, all in sheet order: the
// one list a clerk fixes the workbook from.
func (r *Result) Locate(planErrs []FieldError) []FieldError {
	return merge(r.Errors, planErrs, &r.cells, r.sheets)
}

// Read reads a workbook as a plan. It fails only when the body is not a
// readable workbook (ErrNotWorkbook, ErrEncrypted, ErrTooLarge: beyond
// MaxRows, MaxColumns or MaxCells, found by a first pass that holds no
// cell) or the Directory fails; whatever is wrong inside the workbook is
// in Result.Errors, each at its cell, the first MaxErrors of it.
func Read(data []byte, dir Directory) (res *Result, err error) {
	// A workbook is untrusted input to a large parser: whatever makes it
	// fail is a bad workbook, not a crashed request.
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, refused(ErrNotWorkbook, "the workbook could not be read")
		}
	}()
	shapes, err := scanWorkbook(data)
	if err != nil {
		return nil, err
	}
	f, err := open(data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rd := &reader{f: f, shapes: shapes, loc: time.UTC, names: newResolver(dir)}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		rd.date1904 = *props.Date1904
	}
	return rd.read()
}

// reader reads one workbook.
type reader struct {
	f        *excelize.File
	shapes   map[string]*sheetShape // scanWorkbook's, by sheet name
	date1904 bool
	loc      *time.Location // the campaign's, for dates with a time of day
	names    *resolver
	errs     []FieldError
	more     int // problems beyond MaxErrors, counted only
	cells    cells
}

// MaxErrors is how many problems a refusal lists; the rest are counted.
const MaxErrors = 100

// cellError records a problem at field, worded with the catalogue
// (ledger.yaml). Not named fail: the catalogue test matches methods by
// name, and the plan decoder's fail takes its format third.
func (rd *reader) cellError(field, format string, args ...any) {
	rd.failText(field, i18n.T(format, args...))
}

// failText records a problem already worded in both languages.
func (rd *reader) failText(field string, message i18n.Text) {
	if len(rd.errs) >= MaxErrors {
		rd.more++
		return
	}
	rd.errs = append(rd.errs, FieldError{Field: field, Message: message.En, Zh: message.Zh})
}

// grid reads one sheet as a stream, with its merged ranges.
func (rd *reader) grid(sheet string) (*grid, error) {
	var merges []string
	if s := rd.shapes[sheet]; s != nil {
		merges = s.merges
	}
	return readGrid(rd.f, sheet, merges)
}

func (rd *reader) read() (*Result, error) {
	campaignName, tasksName := findSheet(rd.f, campaignSheetNames), findSheet(rd.f, tasksSheetNames)
	rd.cells.columns = taskColumns
	rd.cells.fallback = sheetRef(cmp.Or(campaignName, CampaignSheet))
	if campaignName == "" {
		rd.cellError("", "the workbook has no sheet %s (or campaign) with the campaign's id, title and owner; its sheets are %s", CampaignSheet, strings.Join(rd.f.GetSheetList(), ", "))
	}
	if tasksName == "" {
		rd.cellError("", "the workbook has no sheet %s (or tasks) listing the tasks; its sheets are %s", TasksSheet, strings.Join(rd.f.GetSheetList(), ", "))
	}
	// The hidden sheet first: where 活动 has a key too, 活动's wins.
	machine, machineName := machineEntries{}, findSheet(rd.f, machineSheetNames)
	if machineName != "" {
		g, err := rd.grid(machineName)
		if err != nil {
			return nil, err
		}
		machine = rd.machineEntries(g)
	}
	var keys map[string]entry
	if campaignName != "" {
		g, err := rd.grid(campaignName)
		if err != nil {
			return nil, err
		}
		keys = rd.campaignEntries(g)
	}
	keys = machine.under(keys)
	rd.planNames(keys)
	var rows []taskRow
	if tasksName != "" {
		g, err := rd.grid(tasksName)
		if err != nil {
			return nil, err
		}
		rows = machine.addTo(rd.taskRows(g))
	}
	if err := rd.names.lookUp(rd.namesIn(keys, rows)); err != nil {
		return nil, err
	}
	doc := rd.campaign(keys)
	doc["tracks"] = rd.tracks(rows)
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	return &Result{Plan: data, Errors: rd.errs, MoreErrors: rd.more, cells: rd.cells, sheets: []string{campaignName, tasksName, machineName}}, nil
}

// entry is one key's value on the 活动 sheet, or one cell of a task row.
type entry struct {
	value string // raw
	cell  string
}

func (e entry) empty() bool { return trim(e.value) == "" }

// campaignEntries reads the key/value rows of the 活动 sheet. A row
// 字段 | 值 (key | value) near the top is a header, and what is above it
// a title; other columns are notes.
func (rd *reader) campaignEntries(g *grid) map[string]entry {
	keys := map[string]entry{}
	start := 0
	for r := 0; r < min(len(g.rows), headerSearch); r++ {
		if g.own[r] && slices.ContainsFunc(campaignHeaderNames, func(h string) bool { return headerKey(h) == headerKey(g.cell(r, 0)) }) {
			start = r + 1
			break
		}
	}
	for r := start; r < len(g.rows); r++ {
		if !g.own[r] {
			continue
		}
		key, value := g.cell(r, 0), g.cell(r, 1)
		if trim(key) == "" {
			if trim(value) != "" {
				rd.cellError(g.ref(r, 0), "a value without a key: write the key (编号, 名称, 负责人, ...) in column A")
			}
			continue
		}
		col, ok := lookup(campaignKeys, key)
		switch {
		case !ok:
			rd.cellError(g.ref(r, 0), "unknown key %q: the keys are %s", trim(key), names(campaignKeys))
			continue
		case keys[col.key].cell != "":
			rd.cellError(g.ref(r, 0), "%s is given twice (first at %s)", label(campaignKeys, col.key), keys[col.key].cell)
			continue
		}
		keys[col.key] = entry{value: value, cell: g.ref(r, 1)}
		rd.cells.put(col.key, g.ref(r, 1))
	}
	if tz := keys[keyTimezone]; !tz.empty() {
		if loc, err := time.LoadLocation(ident(tz.value)); err == nil {
			rd.loc = loc
		}
	}
	return keys
}

// planNames tells the resolver about the people and units the ledger
// lists itself, so a task may name them by name.
func (rd *reader) planNames(keys map[string]entry) {
	for _, k := range []string{keyPeople, keyUnits} {
		e, ok := keys[k]
		if !ok || e.empty() {
			continue
		}
		v, err := parseStructured(e.value)
		if err != nil {
			continue // reported when the campaign is built
		}
		items, _ := v.([]any)
		for _, item := range items {
			m, _ := item.(map[string]any)
			id, _ := m["id"].(string)
			name, _ := m["name"].(string)
			if id == "" {
				continue
			}
			if k == keyPeople {
				rd.names.addPlanPerson(id, trim(name))
			} else {
				rd.names.addPlanUnit(id, trim(name))
			}
		}
	}
}

// namesIn lists every value that may be a name, for one look-up.
func (rd *reader) namesIn(keys map[string]entry, rows []taskRow) []string {
	var out []string
	if e := keys[keyOwner]; !e.empty() {
		out = append(out, e.value)
	}
	for _, row := range rows {
		for _, col := range []string{colOwner, colSupervisor, colLeader} {
			if e := row.cells[col]; !e.empty() {
				out = append(out, e.value)
			}
		}
		for _, col := range []string{colApprovers, colAssist} {
			out = append(out, splitList(row.cells[col].value)...)
		}
		d := row.cells[colDispatch].value
		if rest, ok := childrenOf(d); ok {
			out = append(out, rest)
		} else {
			out = append(out, splitList(d)...)
		}
	}
	return out
}

// campaign builds the plan's campaign fields from the 活动 sheet.
func (rd *reader) campaign(keys map[string]entry) map[string]any {
	doc := map[string]any{}
	for _, col := range campaignKeys {
		e, ok := keys[col.key]
		if !ok || e.empty() {
			continue
		}
		var (
			v   any
			err error
		)
		switch col.key {
		case keyID, keyTimezone:
			v = ident(e.value)
			if col.key == keyID {
				v = strings.ToLower(ident(e.value))
			}
		case keyTitle, keyDigest:
			v = trim(e.value)
		case keySlackChannel:
			v = ident(e.value)
		case keyOwner:
			v, err = rd.names.person(e.value)
		case keyCalendar:
			if structured(e.value) {
				v, err = parseStructured(e.value)
			} else {
				v = strings.ToLower(ident(e.value))
			}
		case keyStart, keyDeadline:
			v, err = parseDate(e.value, rd.date1904, rd.loc)
		case keyAllowInfeasible:
			v, err = parseBool(e.value)
		case keyPhases:
			v, err = parsePhases(e.value)
		case keyEscalation, keyScoring, keyPeople, keyUnits:
			v, err = parseStructured(e.value)
		}
		if err != nil {
			rd.failText(e.cell, labelled(label(campaignKeys, col.key), i18n.TextOf(err)))
			if col.key != keyOwner { // an unresolved owner goes on, for the plan's own check
				continue
			}
		}
		doc[col.key] = v
	}
	return doc
}

// childrenOf reports whether a 下发单位 cell says children:UNIT (or
// 下级:UNIT), and returns UNIT as written.
func childrenOf(cell string) (string, bool) {
	s := ident(cell)
	for _, p := range []string{"children:", "下级:"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return trim(rest), true
		}
	}
	return "", false
}
