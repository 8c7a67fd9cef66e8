package reverse

import (
	"strings"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/i18n"
)

// maxChain bounds the length of a reported chain. A chain explains one
// task, so every task of a long late chain would otherwise carry most of
// it, quadratic in the chain's length; the first links and the last one
// (the deadline that sets it off) are what a reader acts on.
const maxChain = 20

// chain lists the tasks from i along limitedBy to the end of its chain,
// keeping the first maxChain-1 links and the last when it is longer.
func (s *scheduler) chain(i int) []string { return s.ids(s.chainPositions(i)) }

func (s *scheduler) chainPositions(i int) []int {
	var out []int
	for k := i; k >= 0 && len(out) < maxChain-1; k = s.limitedBy[k] {
		out = append(out, k)
	}
	if s.chainLength[i] >= maxChain {
		out = append(out, s.chainRoot[i])
	}
	return out
}

func (s *scheduler) cycleProblem(c cycle) Problem {
	path := s.ids(c.path)
	return worded(Problem{Kind: ProblemCycle, Tasks: s.ids(c.members), Chain: path},
		i18n.T("dependency cycle: %s", strings.Join(path, " -> ")))
}

func (s *scheduler) calendarProblem(i int, chain []string) Problem {
	id, why := s.in.Tasks[i].ID, i18n.TextOf(s.calendarErr[i])
	return worded(Problem{Kind: ProblemCalendar, Tasks: []string{id}, Chain: chain},
		i18n.Both(id+": "+why.En, id+":"+why.In(i18n.ZH)))
}

func (s *scheduler) infeasibleProblem(i int, ts TaskSchedule) Problem {
	t := s.in.Tasks[i]
	var b sentence
	if short := -ts.SlackWorkdays; short == 1 {
		b.add(i18n.T("%s: latest start %s is 1 working day before the campaign start %s", t.ID, dateText(ts.LatestStart), s.in.Start))
	} else {
		b.add(i18n.T("%s: latest start %s is %d working days before the campaign start %s", t.ID, dateText(ts.LatestStart), short, s.in.Start))
	}
	if s.limitedBy[i] < 0 {
		b.add(i18n.T(" (due %s after %d working days of phases)", t.Deadline, totalWorkdays(t.Phases)))
	} else {
		b.add(i18n.Both(": ", ":"))
		s.chainText(&b, i)
	}
	return worded(Problem{Kind: ProblemInfeasible, Tasks: []string{t.ID}, Chain: ts.Chain}, b.text())
}

// worded gives p its message in both languages.
func worded(p Problem, message i18n.Text) Problem {
	p.Message, p.Zh = message.En, message.Zh
	return p
}

// sentence is a message put together from parts, in both languages.
type sentence struct{ en, zh strings.Builder }

func (b *sentence) add(t i18n.Text) {
	b.en.WriteString(t.En)
	b.zh.WriteString(t.In(i18n.ZH))
}

func (b *sentence) text() i18n.Text { return i18n.Both(b.en.String(), b.zh.String()) }

// chainText explains a chain: "T03 must finish before T07 starts (latest
// start 2024-05-02), which must finish before T09 starts (...), which is due
// 2024-06-30".
func (s *scheduler) chainText(b *sentence, i int) {
	chain := s.chainPositions(i)
	b.add(i18n.Both(s.in.Tasks[i].ID, s.in.Tasks[i].ID+" "))
	for n, j := range chain[1:] {
		if n > 0 {
			b.add(i18n.T(", which"))
		}
		if omitted := s.chainLength[i] - len(chain); omitted > 0 && n == len(chain)-2 {
			b.add(i18n.T(" ... (%d more) ..., which", omitted))
		}
		b.add(i18n.T(" must finish before %s starts (latest start %s)", s.in.Tasks[j].ID, dateText(s.latestStartDate(j))))
	}
	b.add(i18n.T(", which is due %s", s.in.Tasks[chain[len(chain)-1]].Deadline))
}

func (s *scheduler) latestStartDate(i int) calendar.Date {
	d, _ := s.index.dateOf(s.startRank[i])
	return d
}

// dateText prints a date, or says why there is none: ranks before the
// calendar's data have no date.
func dateText(d calendar.Date) i18n.Text {
	if d.IsZero() {
		return i18n.T("(a day the calendar has no data for)")
	}
	return i18n.Both(d.String(), d.String())
}

func totalWorkdays(phases []Phase) int {
	n := 0
	for _, p := range phases {
		n += p.Workdays
	}
	return n
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
