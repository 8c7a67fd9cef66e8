package ledger

import (
	"cmp"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/formats/report"
)

// Live is what the live ledger is written from, gathered by the caller from
// the same projection queries as the JSON report, so its figures are the
// report's.
type Live struct {
	Report report.Report
	// Plan is the campaign's plan as imported; its 任务 and 活动 sheets
	// import again as the same plan, with the tasks added since (withAdded).
	// Nil leaves them out.
	Plan *plan.Plan
	// Tasks are every task of the campaign, dispatched children included.
	Tasks []task.View
	// Last is each task's latest event, by task id.
	Last map[string]task.Event
	// Names are the names of people (by id) and units (by unit:ID), for
	// the sheets people read; an id without a name is shown as it is.
	Names map[string]string
}

// Export writes the live ledger: 汇总 (the totals, the seed's sentence, the
// units' ranking), one sheet per track with each task's standing and its
// light as the cell's fill, then 任务 and 活动, the plan as imported (and
// the tasks added since), which import again (under a new id: change 活动's
// 编号) as the same plan. What of the plan only a program reads (JSON) is
// on the hidden sheet 导入数据, which the import reads with them. Every
// visible sheet prints (print.go).
func Export(l Live) ([]byte, error) {
	b, err := newBook()
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(l.Report.Timezone)
	if err != nil {
		loc = time.UTC
	}
	if err := writeSummary(b, l.Report, loc); err != nil {
		return nil, err
	}
	// Each printed sheet's title row: the campaign, the sheet, the date.
	asOf := "截至 " + l.Report.GeneratedAt.In(loc).Format("2006-01-02 15:04")
	heading := func(what string) string { return l.Report.Title + " · " + what + "  " + asOf }
	names := sheetNames{used: map[string]bool{SummarySheet: true, TasksSheet: true, CampaignSheet: true, MachineSheet: true}}
	for _, tr := range l.Report.Tracks {
		if err := writeTrack(b, names.next(tr.Title, tr.ID), heading(cmp.Or(tr.Title, tr.ID)), trackTasks(l, tr.ID), l, loc); err != nil {
			return nil, err
		}
	}
	if l.Plan != nil {
		w := planSheets{title: heading, machine: &machineRows{}}
		if err := w.writeTasks(b, withAdded(l.Plan, l.Tasks)); err != nil {
			return nil, err
		}
		if err := w.writeCampaign(b, l.Plan); err != nil {
			return nil, err
		}
		if err := w.machine.write(b); err != nil {
			return nil, err
		}
	}
	return b.bytes()
}

// figures are the totals' columns, headed as the Markdown report heads them.
var figures = []struct {
	zh  string
	get func(report.Totals) int
}{
	{"任务", func(t report.Totals) int { return t.Tasks }},
	{"已销号", func(t report.Totals) int { return t.Closed }},
	{"完成率%", func(t report.Totals) int { return t.ClosedPct }},
	{"办理中", func(t report.Totals) int { return t.Open }},
	{"待审核", func(t report.Totals) int { return t.Submitted }},
	{"绿", func(t report.Totals) int { return t.Green }},
	{"黄", func(t report.Totals) int { return t.Yellow }},
	{"红", func(t report.Totals) int { return t.Red }},
	{"按时销号", func(t report.Totals) int { return t.ClosedOnTime }},
	{"超期", func(t report.Totals) int { return t.Overdue }},
}

// Rows of the 汇总 sheet that readers (and tests) find things at.
const (
	SummaryTitleRow    = 1
	SummarySentenceRow = 3 // A3: summary_zh; A4: summary_en
	SummaryTotalsRow   = 7 // the campaign's figures, under the heading in row 6
)

// summaryColumns is how wide the 汇总 sheet is: 范围, 编号, 名称 and the
// figures.
var summaryColumns = 3 + len(figures)

func writeSummary(b *book, r report.Report, loc *time.Location) error {
	const sheet = SummarySheet
	if err := b.sheet(sheet); err != nil {
		return err
	}
	set := func(col, row int, v any) error { return b.value(sheet, cellName(col, row), v) }
	if err := b.titleRow(sheet, r.Title, summaryColumns); err != nil {
		return err
	}
	if err := set(1, 2, "截至 "+r.GeneratedAt.In(loc).Format("2006-01-02 15:04")+" ("+r.Timezone+")"); err != nil {
		return err
	}
	widths := []float64{10, 14, 26}
	for range figures {
		widths = append(widths, 8)
	}
	for i, text := range []string{r.SummaryZH, r.SummaryEN} {
		if err := b.paragraph(sheet, SummarySentenceRow+i, 1, summaryColumns, text, widths); err != nil {
			return err
		}
	}
	head := []any{"范围", "编号", "名称"}
	for _, f := range figures {
		head = append(head, f.zh)
	}
	row := SummaryTotalsRow - 1
	if err := b.styledRow(sheet, row, head); err != nil {
		return err
	}
	line := func(scope, id, title string, t report.Totals) error {
		row++
		values := []any{scope, id, title}
		for _, f := range figures {
			values = append(values, f.get(t))
		}
		return b.row(sheet, cellName(1, row), values)
	}
	if err := line("全部", r.Campaign, r.Title, r.Totals); err != nil {
		return err
	}
	for _, t := range r.Tracks {
		if err := line("任务线", t.ID, t.Title, t.Totals); err != nil {
			return err
		}
	}
	b.ruleTable(sheet, SummaryTotalsRow-1, row, summaryColumns)
	if len(r.Units) > 0 {
		row += 2
		if err := set(1, row, "单位考评"); err != nil {
			return err
		}
		row++
		head := []any{"排名", "单位", "名称", "任务", "已销号", "按时销号", "超期", "按时率%", "平均超期天数", "指标"}
		if err := b.styledRow(sheet, row, head); err != nil {
			return err
		}
		top := row
		// 指标 takes the rest of the sheet's width: its sentences are long.
		if err := b.f.MergeCell(sheet, cellName(len(head), row), cellName(summaryColumns, row)); err != nil {
			return err
		}
		for _, u := range r.Units {
			row++
			values := []any{u.Rank, u.ID, u.Name, u.Tasks, u.Closed, u.ClosedOnTime, u.Overdue, u.OnTimePct, u.AvgDaysLate}
			if err := b.row(sheet, cellName(1, row), values); err != nil {
				return err
			}
			if err := b.paragraph(sheet, row, len(head), summaryColumns, sentences(report.Indicators(u.Indicators)), widths); err != nil {
				return err
			}
		}
		b.ruleTable(sheet, top, row, summaryColumns)
	}
	for col, width := range widths {
		if err := b.f.SetColWidth(sheet, colName(col+1), colName(col+1), width); err != nil {
			return err
		}
	}
	// The title and the date head every printed page.
	b.printable(sheet, 1, 2)
	return nil
}

// styledRow writes a heading row in the header style.
func (b *book) styledRow(sheet string, row int, values []any) error {
	if err := b.row(sheet, cellName(1, row), values); err != nil {
		return err
	}
	return b.f.SetCellStyle(sheet, cellName(1, row), cellName(len(values), row), b.header)
}

// trackTasks are a track's tasks in plan order (tasks added later after,
// by id), each followed by the tasks dispatched from it.
func trackTasks(l Live, track string) []task.View {
	order := map[string]int{}
	if l.Plan != nil {
		for i, t := range l.Plan.TopTasks() {
			order[t.ID] = i
		}
	}
	var tops []task.View
	children := map[string][]task.View{}
	for _, t := range l.Tasks {
		switch {
		case t.Track != track:
		case t.Parent != "":
			children[t.Parent] = append(children[t.Parent], t)
		default:
			tops = append(tops, t)
		}
	}
	rank := func(t task.View) int {
		if i, ok := order[t.ID]; ok {
			return i
		}
		return len(order)
	}
	// Stable insertion by plan position; l.Tasks come in id order.
	sorted := make([]task.View, 0, len(tops))
	for _, t := range tops {
		i := len(sorted)
		for i > 0 && rank(sorted[i-1]) > rank(t) {
			i--
		}
		sorted = append(sorted[:i], append([]task.View{t}, sorted[i:]...)...)
	}
	var out []task.View
	for _, t := range sorted {
		out = append(out, t)
		out = append(out, children[t.ID]...)
	}
	return out
}

// TrackColumns are the headings of a track sheet. A task has two
// deadlines: the one the plan gave it (计划完成时限) and the one it has now
// (当前时限), after an extension or the scheduler pulling it earlier.
var TrackColumns = []string{"编号", "任务名称", "责任单位", "督办人", "挂牌督战", "计划完成时限", "当前时限", "状态", "灯", "进度%", "指标", "最近动态"}

// trackWidths are the track sheet's column widths, in characters: at
// these, a sheet prints one page wide at about four fifths of its size.
var trackWidths = []float64{10, 30, 16, 10, 6, 11, 11, 7, 6, 6, 24, 30}

// Where a track sheet has things that readers (and tests) look at, 1-based:
// the title is in row 1, the header in TrackHeaderRow, the tasks below.
const (
	TrackHeaderRow      = 2
	TrackPlannedColumn  = 6
	TrackCurrentColumn  = 7
	TrackLightColumn    = 9
	TrackProgressColumn = 10
)

var statusWords = map[task.Status]string{
	task.StatusOpen: "办理中", task.StatusSubmitted: "待审核",
	task.StatusClosed: "已销号", task.StatusCancelled: "已撤销",
}

var lightWords = map[task.Light]string{
	task.LightGreen: "绿", task.LightYellow: "黄", task.LightRed: "红", task.LightDone: "已销号",
}

func writeTrack(b *book, sheet, title string, tasks []task.View, l Live, loc *time.Location) error {
	if err := b.sheet(sheet); err != nil {
		return err
	}
	if err := b.titleRow(sheet, title, len(TrackColumns)); err != nil {
		return err
	}
	if err := b.headerRow(sheet, TrackHeaderRow, TrackColumns, trackWidths); err != nil {
		return err
	}
	row := TrackHeaderRow
	for _, t := range tasks {
		row++
		flagged := ""
		if t.Flagged {
			flagged = "是"
		}
		values := []any{t.ID, t.Title, l.name(t.Owner), l.name(t.Supervisor), flagged, nil, nil,
			statusWords[t.Status], lightWords[t.Light], percent(t),
			sentences(report.Indicators(t.Indicators)), lastEvent(l.Last[t.ID], loc)}
		if err := b.row(sheet, cellName(1, row), values); err != nil {
			return err
		}
		if planned, ok := l.planned(t, loc); ok {
			if err := b.setDate(sheet, cellName(TrackPlannedColumn, row), planned.Year, planned.Month, planned.Day); err != nil {
				return err
			}
		}
		d := t.Deadline.In(loc)
		if err := b.setDate(sheet, cellName(TrackCurrentColumn, row), d.Year(), d.Month(), d.Day()); err != nil {
			return err
		}
		if style, ok := b.lights[string(t.Light)]; ok {
			cell := cellName(TrackLightColumn, row)
			if err := b.f.SetCellStyle(sheet, cell, cell, style); err != nil {
				return err
			}
		}
	}
	b.ruleTable(sheet, TrackHeaderRow, row, len(TrackColumns))
	b.printable(sheet, TrackHeaderRow, TrackHeaderRow)
	return nil
}

// percent is a task's progress as the ledger shows it: a closed task is
// done, whatever its owner last reported.
func percent(t task.View) int {
	if t.Status == task.StatusClosed {
		return 100
	}
	return t.Percent
}

// planned is a task's deadline as the plan gave it: the plan's own for a
// task it lists, else (a dispatched or added task) the deadline the task
// was given, which an approved extension replaces.
func (l Live) planned(t task.View, loc *time.Location) (calendar.Date, bool) {
	if l.Plan != nil {
		if pt, ok := l.Plan.Task(t.ID); ok && !pt.Deadline.IsZero() {
			if pt.Deadline.DateOnly {
				return pt.Deadline.Date, true
			}
			return calendar.DateOf(pt.Deadline.Time.In(loc)), true
		}
	}
	if t.OwnDeadline.IsZero() {
		return calendar.Date{}, false
	}
	return calendar.DateOf(t.OwnDeadline.In(loc)), true
}

// name shows an id with its name: 李明 (li); the id alone when it has none.
func (l Live) name(id string) string {
	if n := l.Names[id]; n != "" && n != id {
		return n + " (" + id + ")"
	}
	return id
}

// eventWords are the ledger's Chinese words for each event type.
var eventWords = map[string]string{
	task.EventCreated: "创建", task.EventProgress: "报告进展", task.EventMilestoneReported: "报告节点", task.EventMilestoneMissed: "节点逾期",
	task.EventReminder: "提醒", task.EventSubmitted: "提交销号", task.EventApproved: "审核通过", task.EventReturned: "退回", task.EventClosed: "销号",
	task.EventExtensionRequested: "申请延期", task.EventExtensionApproved: "同意延期", task.EventExtensionRejected: "驳回延期",
	task.EventReassigned: "改派", task.EventCancelled: "撤销", task.EventEscalated: "升级督办", task.EventReviewOverdue: "审核超时",
	task.EventNotificationFailed: "通知失败", task.EventRescheduled: "重新排期",
}

// lastEvent words a task's latest event: 2024-06-01 10:00 报告进展 (li):
// the note or reason, shortened.
func lastEvent(e task.Event, loc *time.Location) string {
	if e.Type == "" {
		return ""
	}
	what := eventWords[e.Type]
	if what == "" {
		what = e.Type
	}
	s := e.At.In(loc).Format("2006-01-02 15:04") + " " + what
	if e.Actor != "" {
		s += " (" + e.Actor + ")"
	}
	for _, key := range []string{"note", "reason"} {
		if text, ok := e.Data[key].(string); ok && text != "" {
			s += ": " + shorten(text, 80)
			break
		}
	}
	return s
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// sentences joins indicators' sentences the way the Markdown report does.
func sentences(list []report.Indicator) string {
	zh := make([]string, len(list))
	for i, in := range list {
		zh[i] = in.SentenceZH
	}
	return strings.Join(zh, ";")
}

// sheetNames makes track titles into sheet names Excel accepts: at most 31
// characters, none of : \ / ? * [ ], unique, not a name the ledger uses.
type sheetNames struct{ used map[string]bool }

func (s sheetNames) next(title, id string) string {
	base := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, strings.Trim(trim(title), "'"))
	if base == "" {
		base = id
	}
	base = truncateRunes(base, 31)
	name := base
	for n := 2; s.used[strings.ToLower(name)] || s.used[name]; n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		name = truncateRunes(base, 31-len(suffix)) + suffix
	}
	s.used[name], s.used[strings.ToLower(name)] = true, true
	return name
}

func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
