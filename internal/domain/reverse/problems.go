package reverse

import (
	"fmt"
	"strings"

	"github.com/closeout/closeout/internal/domain/calendar"
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
	return Problem{
		Kind:    ProblemCycle,
		Tasks:   s.ids(c.members),
		Chain:   path,
		Message: "dependency cycle: " + strings.Join(path, " -> "),
	}
}

func (s *scheduler) calendarProblem(i int, chain []string) Problem {
	return Problem{
		Kind:    ProblemCalendar,
		Tasks:   []string{s.in.Tasks[i].ID},
		Chain:   chain,
		Message: fmt.Sprintf("%s: %v", s.in.Tasks[i].ID, s.calendarErr[i]),
	}
}

func (s *scheduler) infeasibleProblem(i int, ts TaskSchedule) Problem {
	t := s.in.Tasks[i]
	var b strings.Builder
	fmt.Fprintf(&b, "%s: latest start %s is %d working day%s before the campaign start %s",
		t.ID, dateText(ts.LatestStart), -ts.SlackWorkdays, plural(-ts.SlackWorkdays), s.in.Start)
	if s.limitedBy[i] < 0 {
		fmt.Fprintf(&b, " (due %s after %d working days of phases)", t.Deadline, totalWorkdays(t.Phases))
	} else {
		fmt.Fprintf(&b, ": %s", s.chainText(i))
	}
	return Problem{Kind: ProblemInfeasible, Tasks: []string{t.ID}, Chain: ts.Chain, Message: b.String()}
}

// chainText explains a chain: "T03 must finish before T07 starts (latest
// start 2024-05-02), which must finish before T09 starts (...), which is due
// 2024-06-30".
func (s *scheduler) chainText(i int) string {
	chain := s.chainPositions(i)
	var b strings.Builder
	b.WriteString(s.in.Tasks[i].ID)
	for n, j := range chain[1:] {
		if n > 0 {
			b.WriteString(", which")
		}
		if omitted := s.chainLength[i] - len(chain); omitted > 0 && n == len(chain)-2 {
			fmt.Fprintf(&b, " ... (%d more) ..., which", omitted)
		}
		fmt.Fprintf(&b, " must finish before %s starts (latest start %s)", s.in.Tasks[j].ID, dateText(s.latestStartDate(j)))
	}
	fmt.Fprintf(&b, ", which is due %s", s.in.Tasks[chain[len(chain)-1]].Deadline)
	return b.String()
}

func (s *scheduler) latestStartDate(i int) calendar.Date {
	d, _ := s.index.dateOf(s.startRank[i])
	return d
}

// dateText prints a date, or says why there is none: ranks before the
// calendar's data have no date.
func dateText(d calendar.Date) string {
	if d.IsZero() {
		return "(a day the calendar has no data for)"
	}
	return d.String()
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
