package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// columns are the figures every format carries, in order, with their
// headings in both languages.
var columns = []struct {
	key, zh, en string
	get         func(Totals) int
}{
	{"tasks", "任务", "Tasks", func(t Totals) int { return t.Tasks }},
	{"closed", "已销号", "Closed", func(t Totals) int { return t.Closed }},
	{"closed_pct", "完成率%", "Closed %", func(t Totals) int { return t.ClosedPct }},
	{"open", "办理中", "Open", func(t Totals) int { return t.Open }},
	{"submitted", "待审核", "Submitted", func(t Totals) int { return t.Submitted }},
	{"green", "绿", "Green", func(t Totals) int { return t.Green }},
	{"yellow", "黄", "Yellow", func(t Totals) int { return t.Yellow }},
	{"red", "红", "Red", func(t Totals) int { return t.Red }},
	{"closed_on_time", "按时销号", "On time", func(t Totals) int { return t.ClosedOnTime }},
	{"overdue", "超期", "Overdue", func(t Totals) int { return t.Overdue }},
}

// WriteCSV writes one row per scope (the campaign, then each track) with the
// report's figures. A csv.Writer's write errors are sticky (its bufio.Writer
// keeps the first), so the rows' own are discarded and cw.Error() after Flush
// returns it, here and in the writers below.
func WriteCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	head := []string{"scope", "id", "title"}
	for _, c := range columns {
		head = append(head, c.key)
	}
	_ = cw.Write(head)
	row := func(scope, id, title string, t Totals) {
		rec := []string{scope, CellText(id), CellText(title)}
		for _, c := range columns {
			rec = append(rec, strconv.Itoa(c.get(t)))
		}
		_ = cw.Write(rec)
	}
	row("campaign", r.Campaign, r.Title, r.Totals)
	for _, t := range r.Tracks {
		row("track", t.ID, t.Title, t.Totals)
	}
	// Then, each after an empty line and with its own heading, the units'
	// ranking and the tasks' indicators, when the campaign has them.
	if len(r.Units) > 0 {
		_ = cw.Write(nil)
		writeUnitsCSV(cw, r.Units)
	}
	if len(r.Indicators) > 0 {
		_ = cw.Write(nil)
		writeIndicatorsCSV(cw, r.Indicators)
	}
	cw.Flush()
	return cw.Error()
}

// WriteRankingCSV writes the units' ranking: one row per unit.
func WriteRankingCSV(w io.Writer, rk Ranking) error {
	cw := csv.NewWriter(w)
	writeUnitsCSV(cw, rk.Units)
	cw.Flush()
	return cw.Error()
}

// writeUnitsCSV writes the ranking's heading and rows: the unit's figures,
// then one column per indicator any unit has (its value) and per part of it
// (id.part), in the order they first appear.
func writeUnitsCSV(cw *csv.Writer, units []UnitRank) {
	type col struct{ indicator, part string }
	var cols []col
	seen := map[col]bool{}
	for _, u := range units {
		for _, iv := range u.Indicators {
			add := func(c col) {
				if !seen[c] {
					seen[c] = true
					cols = append(cols, c)
				}
			}
			add(col{iv.ID, ""})
			for _, p := range iv.Parts {
				add(col{iv.ID, p.ID})
			}
		}
	}
	head := []string{"rank", "unit", "name", "tasks", "closed", "closed_on_time", "overdue", "on_time_pct", "avg_days_late"}
	for _, c := range cols {
		if c.part == "" {
			head = append(head, CellText(c.indicator))
		} else {
			head = append(head, CellText(c.indicator+"."+c.part))
		}
	}
	_ = cw.Write(head)
	for _, u := range units {
		rec := []string{strconv.Itoa(u.Rank), CellText(u.ID), CellText(u.Name), strconv.Itoa(u.Tasks), strconv.Itoa(u.Closed), strconv.Itoa(u.ClosedOnTime),
			strconv.Itoa(u.Overdue), strconv.Itoa(u.OnTimePct), Number(u.AvgDaysLate)}
		values := map[col]float64{}
		for _, iv := range u.Indicators {
			values[col{iv.ID, ""}] = iv.Value
			for _, p := range iv.Parts {
				values[col{iv.ID, p.ID}] = p.Value
			}
		}
		for _, c := range cols {
			if v, ok := values[c]; ok {
				rec = append(rec, Number(v))
			} else {
				rec = append(rec, "")
			}
		}
		_ = cw.Write(rec)
	}
}

// writeIndicatorsCSV writes one row per indicator of each task listed, and
// one per part of it (part set, its own value).
func writeIndicatorsCSV(cw *csv.Writer, tasks []TaskLine) {
	_ = cw.Write([]string{"task", "title", "indicator", "part", "name", "unit", "target", "value", "target_pct"})
	for _, t := range tasks {
		for _, in := range t.Indicators {
			target, pct := "", ""
			if in.Percent != nil {
				target, pct = Number(in.Target), strconv.Itoa(*in.Percent)
			}
			_ = cw.Write([]string{CellText(t.ID), CellText(t.Title), CellText(in.ID), "", CellText(in.Name), CellText(in.Unit),
				target, Number(in.Value), pct})
			for _, p := range in.Parts {
				_ = cw.Write([]string{CellText(t.ID), CellText(t.Title), CellText(in.ID), CellText(p.ID), CellText(p.Name), CellText(in.Unit),
					"", Number(p.Value), ""})
			}
		}
	}
}

// markdownTitle writes a document's heading: the campaign's title, then
// what the document is and when it was made, in the campaign's timezone
// (UTC when it cannot be loaded).
func markdownTitle(b *strings.Builder, title, what, timezone string, at time.Time) {
	loc, err := time.LoadLocation(timezone)
	if err != nil {
		loc = time.UTC
	}
	fmt.Fprintf(b, "# %s\n\n%s, %s\n", mdEscape(title), what, at.In(loc).Format("2006-01-02 15:04"))
}

// WriteMarkdown writes the report for people: the sentence, the figures per
// scope, the flagged tasks and the overdue ones.
func WriteMarkdown(w io.Writer, r Report) error {
	loc, err := time.LoadLocation(r.Timezone)
	if err != nil {
		loc = time.UTC
	}
	day := func(t time.Time) string { return t.In(loc).Format("2006-01-02") }
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n进度报告 / Progress report, %s\n\n%s\n\n%s\n\n", mdEscape(r.Title), r.GeneratedAt.In(loc).Format("2006-01-02 15:04"), r.SummaryZH, r.SummaryEN)
	b.WriteString("| 范围 Scope |")
	for _, c := range columns {
		fmt.Fprintf(&b, " %s %s |", c.zh, c.en)
	}
	b.WriteString("\n|---|" + strings.Repeat("---:|", len(columns)) + "\n")
	row := func(name string, t Totals) {
		fmt.Fprintf(&b, "| %s |", mdEscape(name))
		for _, c := range columns {
			fmt.Fprintf(&b, " %d |", c.get(t))
		}
		b.WriteString("\n")
	}
	row("全部 All", r.Totals)
	for _, t := range r.Tracks {
		row(t.Title, t.Totals)
	}
	if len(r.Units) > 0 {
		b.WriteString("\n## 单位考评 Units\n\n")
		writeUnitsMarkdown(&b, r.Units)
	}
	// The lists gain an indicators column when a task in them has some.
	b.WriteString("\n## 挂牌督战 Flagged\n\n")
	if len(r.Flagged) == 0 {
		b.WriteString("无 None.\n")
	} else {
		ind := anyIndicators(r.Flagged)
		b.WriteString("| 任务 Task | 责任人 Owner | 督战领导 Leader | 截止 Due | 状态 Status | 灯 Light |" + ind.head + "\n|---|---|---|---|---|---|" + ind.rule + "\n")
		for _, t := range r.Flagged {
			fmt.Fprintf(&b, "| %s %s | %s | %s | %s | %s | %s |%s\n", mdEscape(t.ID), mdEscape(t.Title), mdEscape(t.Owner), mdEscape(t.Leader),
				day(t.Deadline), t.Status, t.Light, ind.cell(t))
		}
	}
	b.WriteString("\n## 超期 Overdue\n\n")
	if len(r.Overdue) == 0 {
		b.WriteString("无 None.\n")
	} else {
		ind := anyIndicators(r.Overdue)
		b.WriteString("| 任务 Task | 责任人 Owner | 截止 Due | 超期天数 Days late | 升级级别 Level |" + ind.head + "\n|---|---|---|---:|---:|" + ind.rule + "\n")
		for _, t := range r.Overdue {
			late := int(r.GeneratedAt.Sub(t.Deadline).Hours() / 24)
			fmt.Fprintf(&b, "| %s %s | %s | %s | %d | %d |%s\n", mdEscape(t.ID), mdEscape(t.Title), mdEscape(t.Owner), day(t.Deadline), late, t.EscalationLevel, ind.cell(t))
		}
	}
	if len(r.Indicators) > 0 {
		b.WriteString("\n## 指标 Indicators\n\n| 任务 Task | 责任人 Owner | 状态 Status | 指标 | Indicators |\n|---|---|---|---|---|\n")
		for _, t := range r.Indicators {
			zh, en := sentences(t.Indicators)
			fmt.Fprintf(&b, "| %s %s | %s | %s | %s | %s |\n", mdEscape(t.ID), mdEscape(t.Title), mdEscape(t.Owner), t.Status, mdEscape(zh), mdEscape(en))
		}
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// indicatorColumn is the indicators column of a task table: nothing when no
// task in the table has indicators.
type indicatorColumn struct{ head, rule string }

func anyIndicators(list []TaskLine) indicatorColumn {
	for _, t := range list {
		if len(t.Indicators) > 0 {
			return indicatorColumn{head: " 指标 Indicators |", rule: "---|"}
		}
	}
	return indicatorColumn{}
}

func (c indicatorColumn) cell(t TaskLine) string {
	if c.head == "" {
		return ""
	}
	if len(t.Indicators) == 0 {
		return "  |"
	}
	zh, en := sentences(t.Indicators)
	return " " + mdEscape(zh) + " / " + mdEscape(en) + " |"
}

// WriteRankingMarkdown writes the units' ranking for people.
func WriteRankingMarkdown(w io.Writer, rk Ranking) error {
	var b strings.Builder
	markdownTitle(&b, rk.Title, "单位考评 / Unit ranking", rk.Timezone, rk.GeneratedAt)
	b.WriteString("\n")
	if len(rk.Units) == 0 {
		b.WriteString("无 None.\n")
	} else {
		writeUnitsMarkdown(&b, rk.Units)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeUnitsMarkdown writes the ranking's table: rank, unit, its figures and
// its indicators in both languages.
func writeUnitsMarkdown(b *strings.Builder, units []UnitRank) {
	b.WriteString("| 排名 Rank | 单位 Unit | 任务 Tasks | 已销号 Closed | 按时销号 On time | 超期 Overdue | 按时率% On time % | 平均超期天数 Avg days late | 指标 | Indicators |\n" +
		"|---:|---|---:|---:|---:|---:|---:|---:|---|---|\n")
	for _, u := range units {
		zh, en := sentences(Indicators(u.Indicators))
		fmt.Fprintf(b, "| %d | %s | %d | %d | %d | %d | %d | %s | %s | %s |\n", u.Rank, mdEscape(unitLabel(u)), u.Tasks, u.Closed, u.ClosedOnTime,
			u.Overdue, u.OnTimePct, Number(u.AvgDaysLate), mdEscape(zh), mdEscape(en))
	}
}

// unitLabel names a unit with its id: 海口市 (hn-haikou), or the id alone.
func unitLabel(u UnitRank) string {
	if u.Name == "" || u.Name == u.ID {
		return u.ID
	}
	return u.Name + " (" + u.ID + ")"
}
