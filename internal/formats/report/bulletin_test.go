package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/task"
)

// bulletinWorld is a campaign seen in March 2026 (Asia/Shanghai), built on
// 2026-04-10: closings, urges, a cancellation and escalations before,
// inside and after the month.
func bulletinWorld(t *testing.T) (BulletinInput, *time.Location) {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ptr := func(v time.Time) *time.Time { return &v }
	created := at("2026-01-05 09:00")
	view := func(id string, status task.Status, deadline string, closed *time.Time) task.View {
		return task.View{ID: id, Title: "task " + id, Owner: "owner-" + id, Status: status,
			Deadline: at(deadline), ClosedAt: closed, CreatedAt: created}
	}
	urge := func(s, note string) task.Event {
		return task.Event{Type: task.EventUrged, At: at(s), Actor: "sup", Data: map[string]any{"note": note}}
	}
	escalate := func(s string, level float64) task.Event {
		return task.Event{Type: task.EventEscalated, At: at(s), Actor: "system", Data: map[string]any{"level": level}}
	}
	late := view("late", task.StatusOpen, "2026-02-20 18:00", nil)
	late.EscalationLevel = 3
	dueInMarch := view("due-in-march", task.StatusOpen, "2026-03-20 18:00", nil)
	dueInMarch.EscalationLevel = 1
	newInMarch := view("new-in-march", task.StatusOpen, "2026-06-30 18:00", nil)
	newInMarch.CreatedAt = at("2026-03-10 10:00")
	child := view("child", task.StatusOpen, "2026-02-01 18:00", nil)
	child.Parent = "late"
	in := BulletinInput{
		Campaign: "c", Title: "<b>攻坚</b>", Timezone: "Asia/Shanghai", Now: at("2026-04-10 12:00"),
		Tasks: []task.View{
			view("closed-before", task.StatusClosed, "2026-02-28 18:00", ptr(at("2026-02-27 16:00"))),
			view("closed-first-minute", task.StatusClosed, "2026-03-31 18:00", ptr(at("2026-03-01 00:00"))),
			view("closed-in", task.StatusClosed, "2026-03-10 18:00", ptr(at("2026-03-15 11:00"))),
			view("closed-after", task.StatusClosed, "2026-03-25 18:00", ptr(at("2026-04-01 00:00"))),
			view("cancelled-in", task.StatusCancelled, "2026-05-01 18:00", nil),
			late, dueInMarch, newInMarch, child,
		},
		Events: map[string][]task.Event{
			"cancelled-in": {{Type: task.EventCancelled, At: at("2026-03-05 10:00")}},
			"late": {escalate("2026-02-21 09:00", 1), urge("2026-02-25 10:00", "before"), escalate("2026-03-02 09:00", 2),
				urge("2026-03-03 10:00", "<script>x</script> | [a](b)"), escalate("2026-04-02 09:00", 3)},
			"due-in-march": {escalate("2026-04-03 09:00", 1)},
			"child":        {urge("2026-03-31 23:59", "child, last minute"), urge("2026-04-01 00:00", "after")},
		},
	}
	return in, loc
}

func TestBulletinCountsWhatHappenedInThePeriod(t *testing.T) {
	in, loc := bulletinWorld(t)
	from, to := DefaultPeriod(in.Now, loc)
	if from.String() != "2026-03-01" || to.String() != "2026-03-31" {
		t.Fatalf("default period %s – %s, want March 2026", from, to)
	}
	b := BuildBulletin(in, loc, from, to)

	// At the start (1 March 00:00): 8 top-level tasks (new-in-march not yet,
	// cancelled-in not yet cancelled), closed-before closed; late overdue.
	wantStart := Totals{Tasks: 7, Closed: 1, ClosedPct: 14, Overdue: 1}
	if b.Start != wantStart {
		t.Errorf("start = %+v, want %+v", b.Start, wantStart)
	}
	// At the end (1 April 00:00): cancelled-in gone, new-in-march in;
	// closed-before, closed-first-minute and closed-in closed; late and
	// due-in-march overdue, closed-after (closed on 1 April) still open but
	// due 25 March: overdue too.
	wantEnd := Totals{Tasks: 7, Closed: 3, ClosedPct: 43, Overdue: 3}
	if b.End != wantEnd {
		t.Errorf("end = %+v, want %+v", b.End, wantEnd)
	}
	if want := "目前7项任务已完成3项,占43%,其余4项中,1项按时序推进,3项已超期。"; b.EndZH != want {
		t.Errorf("sentence %s, want %s", b.EndZH, want)
	}
	if got := ids(b.Closed); got != "closed-first-minute closed-in" {
		t.Errorf("closed in the period: %s", got)
	}
	if got := ids(b.Overdue); got != "late due-in-march closed-after" {
		t.Errorf("overdue at the end: %s", got)
	}
	levels := map[string]int{}
	for _, o := range b.Overdue {
		levels[o.ID] = o.EscalationLevel
	}
	// Levels as of the end: late had reached 2 (3 came in April),
	// due-in-march none yet.
	if levels["late"] != 2 || levels["due-in-march"] != 0 || levels["closed-after"] != 0 {
		t.Errorf("escalation levels at the end: %v", levels)
	}
	var urged []string
	for _, u := range b.Urges {
		urged = append(urged, u.Task+":"+u.Note)
	}
	if got := strings.Join(urged, ","); got != "late:<script>x</script> | [a](b),child:child, last minute" {
		t.Errorf("urges in the period: %s", got)
	}
	if len(b.MissedReports) != 0 {
		t.Errorf("missed reports: %v", b.MissedReports)
	}
}

// A period ending today stops at now: its end figures are the campaign's
// as they stand, which the report's counters give (Totals' Tasks, Closed,
// ClosedPct, Overdue).
func TestBulletinEndingTodayEndsNow(t *testing.T) {
	in, loc := bulletinWorld(t)
	today := calendar.DateOf(in.Now.In(loc))
	b := BuildBulletin(in, loc, today.AddDays(-30), today)
	wantNow := Totals{Tasks: 7, Closed: 4, ClosedPct: 57, Overdue: 2}
	if b.End != wantNow {
		t.Errorf("end = %+v, want %+v", b.End, wantNow)
	}
}

func TestBulletinDocumentsEscapeTypedText(t *testing.T) {
	in, loc := bulletinWorld(t)
	from, to := DefaultPeriod(in.Now, loc)
	b := BuildBulletin(in, loc, from, to)
	var md, page bytes.Buffer
	if err := WriteBulletinMarkdown(&md, b, loc); err != nil {
		t.Fatal(err)
	}
	if err := WriteBulletinHTML(&page, b, loc); err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string]string{"md": md.String(), "html": page.String()} {
		if strings.Contains(doc, "<script>") || strings.Contains(doc, "<b>攻坚") {
			t.Errorf("%s carries typed HTML:\n%s", name, doc)
		}
		if !strings.Contains(doc, "目前7项任务已完成3项,占43%") || !strings.Contains(doc, "本期新增销号2项,完成率由14%升至43%;期末超期3项;本期催办2次。") {
			t.Errorf("%s lacks the sentence:\n%s", name, doc)
		}
	}
	if !strings.Contains(md.String(), `&lt;script&gt;x&lt;/script&gt; \| \[a\](b)`) {
		t.Errorf("md note not escaped:\n%s", md.String())
	}
	if !strings.Contains(page.String(), "&lt;script&gt;x&lt;/script&gt;") || !strings.Contains(page.String(), "2026-03-15") {
		t.Errorf("html lacks the escaped note or the closing day:\n%s", page.String())
	}
}

// The share is worded as it moved: up, down (tasks added), or kept.
func TestBulletinWordsTheShareAsItMoved(t *testing.T) {
	for _, tc := range []struct {
		start, end int
		want       string
	}{{14, 43, "完成率由14%升至43%"}, {50, 40, "完成率由50%降至40%"}, {40, 40, "完成率保持40%"}} {
		b := Bulletin{Start: Totals{ClosedPct: tc.start}, End: Totals{ClosedPct: tc.end}}
		if got := bulletinChangeZH(b); !strings.Contains(got, tc.want) {
			t.Errorf("%d → %d: %s, want %s", tc.start, tc.end, got, tc.want)
		}
	}
}

func ids(ts []BulletinTask) string {
	var out []string
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return strings.Join(out, " ")
}
