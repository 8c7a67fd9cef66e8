package importing

import (
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/reverse"
	"github.com/closeout/closeout/internal/i18n"
)

// Adjustment is a date the reverse scheduler planned earlier than the plan
// asked for it, with the reason in words (SPEC section 17: the dry run's
// adjusted). Requested and Planned are civil dates, YYYY-MM-DD.
type Adjustment struct {
	Task      string `json:"task"`
	Field     string `json:"field"`
	Requested string `json:"requested"`
	Planned   string `json:"planned"`
	// Because is the reason in English, BecauseZH in Chinese: the API
	// does not choose a language by Accept-Language, so both are given.
	Because   string `json:"because"`
	BecauseZH string `json:"because_zh"`
}

// Adjustments lists, in plan order, each task whose effective deadline the
// schedule pulled before its own: a task depending on it must start
// earlier. The reason names the dependent whose latest start is earliest
// (the one that sets the date) and that start.
func Adjustments(p *plan.Plan, res reverse.Result) []Adjustment {
	dependents := map[string][]string{}
	for _, t := range p.Tasks() {
		for _, dep := range t.DependsOn {
			dependents[dep] = append(dependents[dep], t.ID)
		}
	}
	byID := make(map[string]reverse.TaskSchedule, len(res.Tasks))
	for _, ts := range res.Tasks {
		byID[ts.ID] = ts
	}
	out := []Adjustment{}
	for _, ts := range res.Tasks {
		if ts.EffectiveDeadline.IsZero() || !ts.EffectiveDeadline.Before(ts.Deadline) {
			continue
		}
		adj := Adjustment{Task: ts.ID, Field: "deadline", Requested: ts.Deadline.String(), Planned: ts.EffectiveDeadline.String()}
		if by, ok := earliestStart(dependents[ts.ID], byID); ok {
			adj.Because, adj.BecauseZH = because(i18n.T("%s depends on it and must start by %s", by.ID, by.LatestStart.String()))
		} else { // not reached: only a dependent pulls a deadline earlier
			adj.Because, adj.BecauseZH = because(i18n.T("a task depending on it must start earlier"))
		}
		out = append(out, adj)
	}
	return out
}

// earliestStart is the dependent with the earliest latest start, the first
// in plan order among equals.
func earliestStart(ids []string, byID map[string]reverse.TaskSchedule) (reverse.TaskSchedule, bool) {
	var best reverse.TaskSchedule
	found := false
	for _, id := range ids {
		ts, ok := byID[id]
		if !ok || ts.LatestStart.IsZero() {
			continue
		}
		if !found || ts.LatestStart.Before(best.LatestStart) {
			best, found = ts, true
		}
	}
	return best, found
}

func because(t i18n.Text) (en, zh string) { return t.En, t.Zh }
