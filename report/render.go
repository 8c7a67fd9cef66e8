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
// report's figures.
func WriteCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	head := []string{"scope", "id", "title"}
	for _, c := range columns {
		head = append(head, c.key)
	}
	cw.Write(head)
	row := func(scope, id, title string, t Totals) {
		rec := []string{scope, id, title}
		for _, c := range columns {
			rec = append(rec, strconv.Itoa(c.get(t)))
		}
		cw.Write(rec)
	}
	row("campaign", r.Campaign, r.Title, r.Totals)
	for _, t := range r.Tracks {
		row("track", t.ID, t.Title, t.Totals)
	}
	cw.Flush()
	return cw.Error()
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
	b.WriteString("\n## 挂牌督战 Flagged\n\n")
	if len(r.Flagged) == 0 {
		b.WriteString("无 None.\n")
	} else {
		b.WriteString("| 任务 Task | 责任人 Owner | 督战领导 Leader | 截止 Due | 状态 Status | 灯 Light |\n|---|---|---|---|---|---|\n")
		for _, t := range r.Flagged {
			fmt.Fprintf(&b, "| %s %s | %s | %s | %s | %s | %s |\n", t.ID, mdEscape(t.Title), t.Owner, t.Leader, day(t.Deadline), t.Status, t.Light)
		}
	}
	b.WriteString("\n## 超期 Overdue\n\n")
	if len(r.Overdue) == 0 {
		b.WriteString("无 None.\n")
	} else {
		b.WriteString("| 任务 Task | 责任人 Owner | 截止 Due | 超期天数 Days late | 升级级别 Level |\n|---|---|---|---:|---:|\n")
		for _, t := range r.Overdue {
			late := int(r.GeneratedAt.Sub(t.Deadline).Hours() / 24)
			fmt.Fprintf(&b, "| %s %s | %s | %s | %d | %d |\n", t.ID, mdEscape(t.Title), t.Owner, day(t.Deadline), late, t.EscalationLevel)
		}
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// mdEscape keeps a title from breaking a table.
func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
