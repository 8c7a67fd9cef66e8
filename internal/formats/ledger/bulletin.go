package ledger

import (
	"time"

	"github.com/closeout/closeout/internal/formats/report"
)

// The bulletin's workbook sheets, in order.
const (
	BulletinSheet        = "情况通报"
	BulletinClosedSheet  = "本期销号"
	BulletinOverdueSheet = "期末超期"
	BulletinUrgesSheet   = "本期催办"
	BulletinRankSheet    = "单位排名"
)

// ExportBulletin writes a campaign's bulletin as a workbook (GET
// /api/v1/campaigns/{id}/bulletin?format=xlsx): the sentence and the
// figures at the period's start and end, then one sheet per list, printed
// as the ledger's sheets are, typed text kept text (neutralise.go).
// Periodic reports are not built yet, so it has no sheet of missed ones.
func ExportBulletin(bl report.Bulletin, loc *time.Location) ([]byte, error) {
	b, err := newBook()
	if err != nil {
		return nil, err
	}
	day := func(t time.Time) string { return t.In(loc).Format("2006-01-02") }
	title := bl.Title + " · 情况通报 " + bl.From.String() + " 至 " + bl.To.String()
	summary := [][]any{
		{"任务 Tasks", bl.Start.Tasks, bl.End.Tasks},
		{"已销号 Closed", bl.Start.Closed, bl.End.Closed},
		{"完成率% Closed %", bl.Start.ClosedPct, bl.End.ClosedPct},
		{"超期 Overdue", bl.Start.Overdue, bl.End.Overdue},
	}
	widths := []float64{20, 12, 12}
	if err := b.listSheet(BulletinSheet, title, []string{"", "期初 Start", "期末 End"}, widths, summary); err != nil {
		return nil, err
	}
	if err := b.paragraph(BulletinSheet, 3+len(summary)+1, 1, len(widths), bl.EndZH+"\n"+bl.EndEN, widths); err != nil {
		return nil, err
	}
	var closed, overdue, urges, ranks [][]any
	for _, t := range bl.Closed {
		closed = append(closed, []any{t.ID, t.Title, t.Owner, day(t.Deadline), day(*t.ClosedAt)})
	}
	for _, t := range bl.Overdue {
		overdue = append(overdue, []any{t.ID, t.Title, t.Owner, day(t.Deadline), t.EscalationLevel})
	}
	for _, u := range bl.Urges {
		urges = append(urges, []any{u.At.In(loc).Format("2006-01-02 15:04"), u.Task, u.Title, u.Owner, u.By, u.Note})
	}
	for _, u := range bl.Scores.Units {
		ranks = append(ranks, []any{u.Rank, u.Unit, u.Name, u.Class, u.Score})
	}
	for _, s := range []struct {
		name   string
		heads  []string
		widths []float64
		rows   [][]any
	}{
		{BulletinClosedSheet, []string{"任务 Task", "名称 Title", "责任人 Owner", "期限 Deadline", "销号 Closed"}, []float64{14, 36, 16, 12, 12}, closed},
		{BulletinOverdueSheet, []string{"任务 Task", "名称 Title", "责任人 Owner", "期限 Deadline", "督办层级 Escalation"}, []float64{14, 36, 16, 12, 10}, overdue},
		{BulletinUrgesSheet, []string{"时间 At", "任务 Task", "名称 Title", "责任人 Owner", "催办人 By", "内容 Note"}, []float64{16, 14, 30, 16, 16, 36}, urges},
		{BulletinRankSheet, []string{"排名 Rank", "单位代码 Unit", "单位 Name", "类别 Class", "得分 Score"}, []float64{8, 14, 24, 12, 10}, ranks},
	} {
		if err := b.listSheet(s.name, title, s.heads, s.widths, s.rows); err != nil {
			return nil, err
		}
	}
	return b.bytes()
}

// listSheet is a printed sheet of a title row, a header and rows.
func (b *book) listSheet(name, title string, heads []string, widths []float64, rows [][]any) error {
	if err := b.sheet(name); err != nil {
		return err
	}
	if err := b.titleRow(name, title, len(heads)); err != nil {
		return err
	}
	if err := b.headerRow(name, 2, heads, widths); err != nil {
		return err
	}
	for i, row := range rows {
		if err := b.row(name, cellName(1, 3+i), row); err != nil {
			return err
		}
	}
	b.ruleTable(name, 2, 2+len(rows), len(heads))
	b.printable(name, 1, 2)
	return nil
}
