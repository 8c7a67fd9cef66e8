package report

import (
	"fmt"
	"strconv"
	"time"

	"github.com/closeout/closeout/internal/formats/pdfdoc"
	"github.com/closeout/closeout/internal/i18n"
)

// The bulletin's PDF: the A4 page's content (bulletin_render.go) in one
// language, Chinese unless the reader asks for English, set with pdfdoc
// as the supervision sheet is.

// Sizes in millimetres and points; the margins are the print page's.
const (
	bulletinMarginMM = 20
	bulletinLineMM   = 6
	bulletinBodyPt   = 11
	bulletinTablePt  = 9.5
	bulletinTableMM  = 5
	bulletinTitlePt  = 18
	bulletinHeadPt   = 13
	// bulletinSectionMM is a heading and two table rows: less room than
	// that at a page's foot, and the section starts on the next page.
	bulletinSectionMM = 8 + 2*(bulletinTableMM+3)
)

// both is a label in the two languages; the bulletin's words are its own,
// not messages, so they are written here rather than in the catalogue.
func both(en, zh string) i18n.Text { return i18n.Both(en, zh) }

// WriteBulletinPDF renders b in l with fonts; pdfdoc.ErrNoFont when one
// cannot be read.
func WriteBulletinPDF(b Bulletin, loc *time.Location, l i18n.Lang, fonts pdfdoc.Fonts) ([]byte, error) {
	heading := both("Bulletin", "情况通报").In(l)
	d, err := pdfdoc.New(fonts, bulletinMarginMM, b.Title+" "+heading)
	if err != nil {
		return nil, err
	}
	d.Line(b.Title, bulletinTitlePt, 10, "C")
	d.Line(heading, bulletinTitlePt, 10, "C")
	d.Line(both(fmt.Sprintf("%s to %s", b.From, b.To), BulletinPeriodZH(b)).In(l), bulletinBodyPt, 8, "C")
	d.Ln(3)
	d.Paragraph(both(b.EndEN+" "+bulletinChangeEN(b), b.EndZH+bulletinChangeZH(b)).In(l), bulletinBodyPt, bulletinLineMM)
	d.Ln(3)

	t := bulletinTable{d: d, l: l}
	t.rows([]float64{50, 60, 60}, []i18n.Text{both("", ""), both("Start", "期初"), both("End", "期末")}, [][]string{
		{both("Tasks", "任务").In(l), strconv.Itoa(b.Start.Tasks), strconv.Itoa(b.End.Tasks)},
		{both("Closed", "已销号").In(l), strconv.Itoa(b.Start.Closed), strconv.Itoa(b.End.Closed)},
		{both("Closed share", "完成率").In(l), strconv.Itoa(b.Start.ClosedPct) + "%", strconv.Itoa(b.End.ClosedPct) + "%"},
		{both("Overdue", "超期").In(l), strconv.Itoa(b.Start.Overdue), strconv.Itoa(b.End.Overdue)},
	})

	tasks := func(list []BulletinTask, lastOf func(BulletinTask) string) [][]string {
		var rows [][]string
		for _, task := range list {
			rows = append(rows, []string{task.ID, task.Title, task.Owner, day(task.Deadline, loc), lastOf(task)})
		}
		return rows
	}
	taskHeader := func(last i18n.Text) []i18n.Text {
		return []i18n.Text{both("Task", "任务"), both("Title", "名称"), both("Owner", "责任人"), both("Deadline", "期限"), last}
	}
	taskWidths := []float64{22, 58, 40, 25, 25}

	t.section(both("1. Closed in the period", "一、本期销号"))
	t.rows(taskWidths, taskHeader(both("Closed", "销号")), tasks(b.Closed, func(task BulletinTask) string { return day(*task.ClosedAt, loc) }))

	t.section(both("2. Overdue at the end", "二、期末超期"))
	t.rows(taskWidths, taskHeader(both("Escalation", "督办层级")), tasks(b.Overdue, func(task BulletinTask) string { return strconv.Itoa(task.EscalationLevel) }))

	t.section(both("3. Urges in the period", "三、本期催办"))
	var urges [][]string
	for _, u := range b.Urges {
		urges = append(urges, []string{day(u.At, loc), u.Task + " " + u.Title, u.Owner, u.By, u.Note})
	}
	t.rows([]float64{24, 50, 32, 24, 40},
		[]i18n.Text{both("At", "时间"), both("Task", "任务"), both("Owner", "责任人"), both("By", "催办人"), both("Note", "内容")}, urges)

	t.section(both("4. Missed reports", "四、漏报"))
	t.rows(nil, nil, nil)

	t.section(both("5. Unit ranking", "五、单位考评排名"))
	var units [][]string
	for _, u := range b.Scores.Units {
		units = append(units, []string{strconv.Itoa(u.Rank), u.Name, u.Class, strconv.FormatFloat(u.Score, 'g', -1, 64)})
	}
	t.rows([]float64{20, 80, 40, 30},
		[]i18n.Text{both("Rank", "排名"), both("Unit", "单位"), both("Class", "类别"), both("Score", "得分")}, units)

	d.Ln(8)
	d.Line(day(b.GeneratedAt, loc), bulletinBodyPt, bulletinLineMM, "R")
	return d.Bytes()
}

// bulletinTable writes the bulletin's headed sections and tables.
type bulletinTable struct {
	d *pdfdoc.Doc
	l i18n.Lang
}

func (t bulletinTable) section(title i18n.Text) {
	t.d.Ln(4)
	t.d.NeedRoom(bulletinSectionMM)
	t.d.Line(title.In(t.l), bulletinHeadPt, 8, "")
}

// rows writes a table under its header, or "None" when there are no rows.
func (t bulletinTable) rows(widths []float64, header []i18n.Text, rows [][]string) {
	if len(rows) == 0 {
		t.d.Line(both("None", "无").In(t.l), bulletinBodyPt, bulletinLineMM, "")
		return
	}
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = h.In(t.l)
	}
	t.d.Row(widths, names, bulletinTablePt, bulletinTableMM)
	for _, r := range rows {
		t.d.Row(widths, r, bulletinTablePt, bulletinTableMM)
	}
}
