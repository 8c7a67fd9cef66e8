package ledger

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/i18n"
)

// The 活动 and 任务 sheets written from a plan are the ones Read reads: a
// ledger written from a plan reads back as the same plan (the same
// canonical form). Fields the plan holds with its defaults filled in are
// written only when they differ from the default (a task's phases, its
// approvers), so the sheets stay the list a clerk would have typed.

// planSheets says which columns to write (the template shows only the
// standard ones), what the sheets' title rows say, and where the JSON goes.
type planSheets struct {
	standardOnly bool
	// title words a sheet's title row from what the sheet is; nil writes
	// none, the header in row 1.
	title func(what string) string
	// machine takes the values written as JSON, for the hidden sheet;
	// nil leaves them on 活动 and 任务.
	machine *machineRows
}

// headerRow is the row of a sheet's header: 2 under a title row, else 1.
func (w planSheets) headerRow() int {
	if w.title != nil {
		return 2
	}
	return 1
}

// begin adds a plan sheet with its title row (when it has one) and
// header, and sets it up for printing.
func (w planSheets) begin(b *book, sheet, what string, headers []string, widths []float64) error {
	if err := b.sheet(sheet); err != nil {
		return err
	}
	if w.title != nil {
		if err := b.titleRow(sheet, w.title(what), len(headers)); err != nil {
			return err
		}
	}
	b.printable(sheet, w.headerRow(), w.headerRow())
	return b.headerRow(sheet, w.headerRow(), headers, widths)
}

// hidden says whether a field's value goes to the hidden sheet.
func (w planSheets) hidden(field, value string) bool {
	return w.machine != nil && machineReadable(field, value)
}

// writeCampaign writes the 活动 sheet: 字段 | 值 | 说明.
func (w planSheets) writeCampaign(b *book, p *plan.Plan) error {
	const sheet = CampaignSheet
	columns := []string{"字段", "值", "说明"}
	if err := w.begin(b, sheet, "活动", columns, []float64{14, 48, 60}); err != nil {
		return err
	}
	row := w.headerRow() + 1
	put := func(key string, value any, note string) error {
		if s, ok := value.(string); ok && w.hidden(key, s) {
			w.machine.add(label(campaignKeys, key).In(i18n.ZH), s, "")
			return nil
		}
		for _, c := range campaignKeys {
			if c.key != key {
				continue
			}
			if err := b.text(sheet, cellName(1, row), c.zh); err != nil {
				return err
			}
		}
		cell := cellName(2, row)
		var err error
		switch v := value.(type) {
		case plan.Moment:
			err = w.setMoment(b, sheet, cell, v)
		case string:
			err = b.text(sheet, cell, v)
		}
		if err == nil && note != "" {
			err = b.text(sheet, cellName(3, row), note)
		}
		row++
		return err
	}
	calendarName, err := calendarCell(p.Calendar)
	if err != nil {
		return err
	}
	entries := []struct {
		key   string
		value any
		note  string
		skip  bool
	}{
		{keyID, p.ID, "小写字母、数字和连字符,如 xmlc-2024", false},
		{keyTitle, p.Title, "", false},
		{keyOwner, p.Owner, "人员编号或姓名", false},
		{keyTimezone, p.Timezone, "如 Asia/Shanghai;不填为 UTC", false},
		{keyCalendar, calendarName, "cn(国家法定节假日)、weekdays 或 none", false},
		{keyStart, p.Start, "日期,如 2024-05-01;不填为导入时刻", p.Start.IsZero()},
		{keyDeadline, p.Deadline, "日期;任务未填完成时限时沿用", p.Deadline.IsZero()},
		{keySlackChannel, p.SlackChannel, "", p.SlackChannel == "" || w.standardOnly},
		{keyDigest, p.Digest, "进度通报的 cron,如 0 9 * * MON", p.Digest == "" || w.standardOnly},
		{keyAllowInfeasible, "是", "", !p.AllowInfeasible || w.standardOnly},
		{keyPhases, phasesCell(p.Phases), "名称:工作日数,以、分隔", len(p.Phases) == 0},
	}
	for _, e := range entries {
		if e.skip {
			continue
		}
		if err := put(e.key, e.value, e.note); err != nil {
			return err
		}
	}
	if !w.standardOnly {
		if err := w.structured(p, put); err != nil {
			return err
		}
	}
	b.ruleTable(sheet, w.headerRow(), row-1, len(columns))
	return nil
}

// structured puts what a ledger has no cells for as JSON, which Read takes
// as YAML: the policy with its defaults spelt out, the scoring rules when
// the plan sets any, the people, the units.
func (w planSheets) structured(p *plan.Plan, put func(key string, value any, note string) error) error {
	for _, e := range []struct {
		key  string
		v    any
		skip bool
	}{
		{keyEscalation, p.Escalation, false},
		{keyScoring, p.Scoring, p.Scoring == nil},
		{keyPeople, p.People, len(p.People) == 0},
		{keyUnits, p.Units, len(p.Units) == 0},
	} {
		if e.skip {
			continue
		}
		data, err := json.Marshal(e.v)
		if err != nil {
			return err
		}
		if err := put(e.key, string(data), "JSON 或 YAML"); err != nil {
			return err
		}
	}
	return nil
}

// setMoment writes a date as a date cell, a timestamp as RFC 3339 text.
func (w planSheets) setMoment(b *book, sheet, cell string, m plan.Moment) error {
	if m.DateOnly {
		return b.setDate(sheet, cell, m.Date.Year, m.Date.Month, m.Date.Day)
	}
	return b.text(sheet, cell, m.String())
}

// calendarCell is a calendar's name, or an inline calendar as JSON.
func calendarCell(c plan.CalendarSpec) (string, error) {
	data, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	var name string
	if json.Unmarshal(data, &name) == nil {
		return name, nil
	}
	return string(data), nil
}

// taskColumnsFor are the columns the 任务 sheet gets: the standard ones,
// 任务线编号 (so track ids survive), and the others only when a task has a
// value for them that stays on the sheet.
func (w planSheets) taskColumnsFor(p *plan.Plan) []string {
	var keys []string
	for _, c := range standardColumns {
		keys = append(keys, c.key)
	}
	if w.standardOnly {
		return keys
	}
	need := map[string]bool{colTrackID: true}
	for _, tr := range p.Tracks {
		for _, t := range tr.Tasks {
			for k, v := range w.taskCells(p, tr, t) {
				need[k] = need[k] || v != "" && !w.hidden(k, v) && (k != colIndicatorID || v != defaultIndicatorID)
			}
		}
	}
	for _, c := range extraColumns {
		if need[c.key] {
			keys = append(keys, c.key)
		}
	}
	return keys
}

// simpleIndicator is a task's one indicator without parts, which the
// indicator columns can hold; false when it has several or parts.
func simpleIndicator(t plan.Task) (plan.Indicator, bool) {
	switch {
	case len(t.Indicators) == 0:
		return plan.Indicator{}, true
	case len(t.Indicators) == 1 && len(t.Indicators[0].Parts) == 0:
		return t.Indicators[0], true
	}
	return plan.Indicator{}, false
}

// writeTasks writes the 任务 sheet, one row per task in plan order.
func (w planSheets) writeTasks(b *book, p *plan.Plan) error {
	const sheet = TasksSheet
	if err := b.sheet(sheet); err != nil {
		return err
	}
	keys := w.taskColumnsFor(p)
	headers := make([]string, len(keys))
	widths := make([]float64, len(keys))
	for i, k := range keys {
		c, _ := lookup(taskColumns, k)
		headers[i] = c.zh
		if k == colDeadline && w.title != nil {
			// The live ledger's track sheets show the current deadline
			// beside it; this one is the plan's.
			headers[i] = plannedDeadlineHeader
		}
		widths[i] = columnWidths[k]
	}
	if err := w.begin(b, sheet, "任务清单", headers, widths); err != nil {
		return err
	}
	row := w.headerRow() + 1
	for _, tr := range p.Tracks {
		for _, t := range tr.Tasks {
			values := w.taskCells(p, tr, t)
			for _, c := range taskColumns {
				if v := values[c.key]; w.hidden(c.key, v) {
					w.machine.add(label(taskColumns, c.key).In(i18n.ZH), v, t.ID)
					delete(values, c.key)
				}
			}
			for i, k := range keys {
				cell := cellName(i+1, row)
				var err error
				switch {
				case k == colDeadline:
					err = w.setMoment(b, sheet, cell, t.Deadline)
				case k == colTarget && values[k] != "":
					v, _ := strconv.ParseFloat(values[k], 64)
					err = b.f.SetCellFloat(sheet, cell, v, -1, 64)
				case values[k] != "":
					err = b.text(sheet, cell, values[k])
				}
				if err != nil {
					return err
				}
			}
			row++
		}
	}
	b.ruleTable(sheet, w.headerRow(), row-1, len(keys))
	return nil
}

// columnWidths are the 任务 sheet's column widths, in characters: narrow
// enough that the sheet, every extra column with it, prints one page wide
// at 70% or more; text wraps within them.
var columnWidths = map[string]float64{
	colID: 9, colTitle: 24, colTrack: 10, colOwner: 12, colSupervisor: 10, colLeader: 10,
	colFlagged: 6, colDeadline: 11, colDependsOn: 8, colApprovers: 10, colDispatch: 12,
	colIndicator: 10, colTarget: 8, colIndicatorUnit: 6, colTrackID: 8, colAssist: 12,
	colPhases: 16, colDispatchDeadline: 8, colIndicatorID: 8, colIndicators: 40,
}

// taskCells are a task's cells as text, by column key.
func (w planSheets) taskCells(p *plan.Plan, tr plan.Track, t plan.Task) map[string]string {
	v := map[string]string{
		colID: t.ID, colTitle: t.Title, colTrack: tr.Title, colTrackID: tr.ID,
		colOwner: t.Owner, colSupervisor: t.Supervisor, colLeader: t.Leader,
		colFlagged: "否", colDependsOn: strings.Join(t.DependsOn, "、"), colAssist: strings.Join(t.Assist, "、"),
	}
	if t.Flagged {
		v[colFlagged] = "是"
	}
	if !slices.Equal(t.Approvers, []string{t.Supervisor}) {
		v[colApprovers] = strings.Join(t.Approvers, "、")
	}
	if !slices.Equal(t.Phases, p.Phases) {
		v[colPhases] = phasesCell(t.Phases)
		if len(t.Phases) == 0 {
			v[colPhases] = "无"
		}
	}
	if d := t.Dispatch; d != nil {
		if d.ChildrenOf != "" {
			v[colDispatch] = "children:" + d.ChildrenOf
		} else {
			refs := make([]string, len(d.Units))
			for i, u := range d.Units {
				refs[i] = unitPrefix + u
			}
			v[colDispatch] = strings.Join(refs, "、")
		}
		if !d.Before.IsZero() {
			v[colDispatchDeadline] = "-" + d.Before.String()
		}
	}
	if ind, simple := simpleIndicator(t); !simple {
		data, _ := json.Marshal(t.Indicators) // strings and numbers only
		v[colIndicators] = string(data)
	} else if len(t.Indicators) == 1 {
		v[colIndicatorID], v[colIndicator], v[colIndicatorUnit] = ind.ID, ind.Name, ind.Unit
		if ind.Target != 0 {
			v[colTarget] = strconv.FormatFloat(ind.Target, 'f', -1, 64)
		}
	}
	return v
}

// phasesCell writes phases compactly (制定方案:5、组织实施:20), or as JSON
// when a name would not read back that way.
func phasesCell(phases []plan.Phase) string {
	parts := make([]string, len(phases))
	for i, ph := range phases {
		parts[i] = ph.Name + ":" + strconv.Itoa(ph.Workdays)
		m := phaseItem.FindStringSubmatch(parts[i])
		if strings.ContainsAny(ph.Name, "、，,;；\n:：") || m == nil || trim(m[1]) != ph.Name || ph.Name != trim(ph.Name) {
			data, _ := json.Marshal(phases)
			return string(data)
		}
	}
	return strings.Join(parts, "、")
}
