package report

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"time"
)

// The bulletin's documents: Markdown and a printable A4 page. Chinese
// first, as the seed document is written, with the English beside it.

// BulletinPeriodZH words the period the way a 情况通报 heads it.
func BulletinPeriodZH(b Bulletin) string {
	return fmt.Sprintf("%s至%s", b.From, b.To)
}

// bulletinChangeZH and bulletinChangeEN say how far the period moved it.
func bulletinChangeZH(b Bulletin) string {
	// Tasks added in the period can lower the share: it is not always up.
	share := fmt.Sprintf("完成率由%d%%升至%d%%", b.Start.ClosedPct, b.End.ClosedPct)
	switch {
	case b.End.ClosedPct == b.Start.ClosedPct:
		share = fmt.Sprintf("完成率保持%d%%", b.End.ClosedPct)
	case b.End.ClosedPct < b.Start.ClosedPct:
		share = fmt.Sprintf("完成率由%d%%降至%d%%", b.Start.ClosedPct, b.End.ClosedPct)
	}
	return fmt.Sprintf("本期新增销号%d项,%s;期末超期%d项;本期催办%d次。", len(b.Closed), share, len(b.Overdue), len(b.Urges))
}

func bulletinChangeEN(b Bulletin) string {
	return fmt.Sprintf("%d tasks closed in the period; closed share from %d%% to %d%%; %d overdue at its end; %d urges in the period.",
		len(b.Closed), b.Start.ClosedPct, b.End.ClosedPct, len(b.Overdue), len(b.Urges))
}

func day(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02") }

// WriteBulletinMarkdown writes b as Markdown, typed text escaped (mdEscape).
func WriteBulletinMarkdown(w io.Writer, b Bulletin, loc *time.Location) error {
	// A bufio.Writer keeps its first write error, which Flush returns.
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { _, _ = fmt.Fprintf(bw, format, args...) }
	p("# %s 情况通报 / Bulletin\n\n", mdEscape(b.Title))
	p("%s (%s – %s)\n\n", BulletinPeriodZH(b), b.From, b.To)
	p("%s %s\n\n%s %s\n\n", b.EndZH, bulletinChangeZH(b), b.EndEN, bulletinChangeEN(b))
	p("| | 期初 Start | 期末 End |\n|---|---:|---:|\n")
	p("| 任务 Tasks | %d | %d |\n| 已销号 Closed | %d | %d |\n| 完成率 Closed %% | %d | %d |\n| 超期 Overdue | %d | %d |\n\n",
		b.Start.Tasks, b.End.Tasks, b.Start.Closed, b.End.Closed, b.Start.ClosedPct, b.End.ClosedPct, b.Start.Overdue, b.End.Overdue)
	p("## 本期销号 / Closed in the period\n\n")
	if len(b.Closed) == 0 {
		p("无 / None\n\n")
	} else {
		p("| 任务 Task | 名称 Title | 责任人 Owner | 期限 Deadline | 销号 Closed |\n|---|---|---|---|---|\n")
		for _, t := range b.Closed {
			p("| %s | %s | %s | %s | %s |\n", mdEscape(t.ID), mdEscape(t.Title), mdEscape(t.Owner), day(t.Deadline, loc), day(*t.ClosedAt, loc))
		}
		p("\n")
	}
	p("## 期末超期 / Overdue at the end\n\n")
	if len(b.Overdue) == 0 {
		p("无 / None\n\n")
	} else {
		p("| 任务 Task | 名称 Title | 责任人 Owner | 期限 Deadline | 督办层级 Escalation |\n|---|---|---|---|---:|\n")
		for _, t := range b.Overdue {
			p("| %s | %s | %s | %s | %d |\n", mdEscape(t.ID), mdEscape(t.Title), mdEscape(t.Owner), day(t.Deadline, loc), t.EscalationLevel)
		}
		p("\n")
	}
	p("## 本期催办 / Urges in the period\n\n")
	if len(b.Urges) == 0 {
		p("无 / None\n\n")
	} else {
		p("| 时间 At | 任务 Task | 责任人 Owner | 催办人 By | 内容 Note |\n|---|---|---|---|---|\n")
		for _, u := range b.Urges {
			p("| %s | %s %s | %s | %s | %s |\n", u.At.In(loc).Format("2006-01-02 15:04"), mdEscape(u.Task), mdEscape(u.Title),
				mdEscape(u.Owner), mdEscape(u.By), mdEscape(u.Note))
		}
		p("\n")
	}
	p("## 漏报 / Missed reports\n\n无 / None\n\n")
	p("## 单位考评排名 / Unit ranking\n\n")
	if len(b.Scores.Units) == 0 {
		p("无 / None\n")
	} else {
		p("| 排名 Rank | 单位 Unit | 类别 Class | 得分 Score |\n|---:|---|---|---:|\n")
		for _, u := range b.Scores.Units {
			p("| %d | %s | %s | %g |\n", u.Rank, mdEscape(u.Name), mdEscape(u.Class), u.Score)
		}
	}
	return bw.Flush()
}

// bulletinPage is the A4 page: html/template escapes every typed text.
var bulletinPage = template.Must(template.New("bulletin").Funcs(template.FuncMap{"day": day}).Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.B.Title}} 情况通报</title>
<style>
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "FangSong", "STFangsong", serif; max-width: 174mm; margin: 0 auto; padding: 8px; line-height: 1.6; }
h1 { font-family: "SimHei", sans-serif; text-align: center; font-size: 1.5em; }
h2 { font-family: "SimHei", sans-serif; font-size: 1.1em; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { border: 1px solid #333; padding: 2px 4px; text-align: left; overflow-wrap: anywhere; }
.en { color: #444; font-size: .9em; }
.period { text-align: center; }
</style></head><body>
<h1>{{.B.Title}}<br>情况通报</h1>
<p class="period">{{.B.From}} 至 {{.B.To}}</p>
<p>{{.B.EndZH}}{{.ChangeZH}}</p>
<p class="en" lang="en">{{.B.EndEN}} {{.ChangeEN}}</p>
<table><tr><th></th><th>期初 Start</th><th>期末 End</th></tr>
<tr><td>任务 Tasks</td><td>{{.B.Start.Tasks}}</td><td>{{.B.End.Tasks}}</td></tr>
<tr><td>已销号 Closed</td><td>{{.B.Start.Closed}}</td><td>{{.B.End.Closed}}</td></tr>
<tr><td>完成率 Closed %</td><td>{{.B.Start.ClosedPct}}%</td><td>{{.B.End.ClosedPct}}%</td></tr>
<tr><td>超期 Overdue</td><td>{{.B.Start.Overdue}}</td><td>{{.B.End.Overdue}}</td></tr></table>
<h2>一、本期销号 <span class="en">Closed in the period</span></h2>
{{with .B.Closed}}<table><tr><th>任务</th><th>名称</th><th>责任人</th><th>期限</th><th>销号</th></tr>
{{range .}}<tr><td>{{.ID}}</td><td>{{.Title}}</td><td>{{.Owner}}</td><td>{{day .Deadline $.Loc}}</td><td>{{day .ClosedAt $.Loc}}</td></tr>
{{end}}</table>{{else}}<p>无 <span class="en">None</span></p>{{end}}
<h2>二、期末超期 <span class="en">Overdue at the end</span></h2>
{{with .B.Overdue}}<table><tr><th>任务</th><th>名称</th><th>责任人</th><th>期限</th><th>督办层级</th></tr>
{{range .}}<tr><td>{{.ID}}</td><td>{{.Title}}</td><td>{{.Owner}}</td><td>{{day .Deadline $.Loc}}</td><td>{{.EscalationLevel}}</td></tr>
{{end}}</table>{{else}}<p>无 <span class="en">None</span></p>{{end}}
<h2>三、本期催办 <span class="en">Urges in the period</span></h2>
{{with .B.Urges}}<table><tr><th>时间</th><th>任务</th><th>责任人</th><th>催办人</th><th>内容</th></tr>
{{range .}}<tr><td>{{day .At $.Loc}}</td><td>{{.Task}} {{.Title}}</td><td>{{.Owner}}</td><td>{{.By}}</td><td>{{.Note}}</td></tr>
{{end}}</table>{{else}}<p>无 <span class="en">None</span></p>{{end}}
<h2>四、漏报 <span class="en">Missed reports</span></h2>
<p>无 <span class="en">None</span></p>
<h2>五、单位考评排名 <span class="en">Unit ranking</span></h2>
{{with .B.Scores.Units}}<table><tr><th>排名</th><th>单位</th><th>类别</th><th>得分</th></tr>
{{range .}}<tr><td>{{.Rank}}</td><td>{{.Name}}</td><td>{{.Class}}</td><td>{{.Score}}</td></tr>
{{end}}</table>{{else}}<p>无 <span class="en">None</span></p>{{end}}
<p class="en">{{day .B.GeneratedAt .Loc}}</p>
</body></html>
`))

// WriteBulletinHTML writes b as a printable A4 page.
func WriteBulletinHTML(w io.Writer, b Bulletin, loc *time.Location) error {
	return bulletinPage.Execute(w, map[string]any{"B": b, "Loc": loc, "ChangeZH": bulletinChangeZH(b), "ChangeEN": bulletinChangeEN(b)})
}
