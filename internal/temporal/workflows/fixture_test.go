package workflows

import (
	"fmt"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
)

// The fixture task: li owns it, zhao supervises, wang leads; boss owns the
// campaign. Sign-off goes zhao then wang. Deadline is the end of 30 June 2024
// in Shanghai.
var (
	fixtureDeadline = time.Date(2024, 6, 30, 15, 59, 59, 0, time.UTC)
	fixtureStart    = time.Date(2024, 6, 1, 1, 0, 0, 0, time.UTC)
)

const day = 24 * time.Hour

func fixtureSpec() task.Spec {
	d := fixtureDeadline
	return task.Spec{
		Campaign:      "xmlc",
		ID:            "T01",
		Title:         "清理借调人员",
		Track:         "qingche",
		CampaignOwner: "boss",
		Owner:         "li",
		Supervisor:    "zhao",
		Leader:        "wang",
		Flagged:       true,
		Approvers:     []string{"zhao", "wang"},
		Deadline:      d,
		Plan: task.Plan{
			EffectiveDeadline: d,
			Milestones: []task.Milestone{
				{Name: "plan", Start: d.Add(-28 * day), Due: d.Add(-20 * day)},
				{Name: "do", Start: d.Add(-19 * day), Due: d.Add(-5 * day)},
				{Name: "check", Start: d.Add(-4 * day), Due: d},
			},
			LatestStart: d.Add(-28 * day),
			Policy: task.Policy{
				RemindBefore: []time.Duration{7 * day, 3 * day, day},
				Overdue: []task.EscalationLevel{
					{After: 0, Notify: []string{task.RoleOwner, task.RoleSupervisor}},
					{After: 3 * day, Notify: []string{task.RoleLeader, task.RoleCampaignOwner}, Repeat: 2 * day},
				},
				ReviewTimeout: 3 * day,
			},
		},
	}
}

func actor(id string) task.Actor { return task.Actor{ID: id} }

func eventTypes(events []task.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Type
	}
	return out
}

// shanghai is the fixture campaign's timezone: its deadline, 15:59:59 UTC,
// is the end of 30 June there.
func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// remindAtSpec is the fixture with its whole-day reminders at remindAt
// Shanghai time, as planning specifies a task imported since SPEC 14.
func remindAtSpec(remindAt string) task.Spec {
	spec := fixtureSpec()
	p := &spec.Plan.Policy
	p.RemindAt, p.Zone = remindAt, "Asia/Shanghai"
	p.RemindDays = make([]bool, len(p.RemindBefore))
	for i := range p.RemindDays {
		p.RemindDays[i] = p.RemindBefore[i]%day == 0
	}
	return spec
}
func rel(t time.Time) string {
	d := t.Sub(fixtureDeadline)
	days := d / day
	if d%day < 0 { // floor, so the remainder reads forward: -2d+2h
		days--
	}
	if rem := d - days*day; rem != 0 {
		return fmt.Sprintf("%+dd+%v", days, rem)
	}
	return fmt.Sprintf("%+dd", days)
}
func detail(ev task.Event) string {
	switch ev.Type {
	case task.EventEscalated:
		if ev.Data["repeat"] == true {
			return fmt.Sprintf("(L%d again)", ev.Data["level"])
		}
		return fmt.Sprintf("(L%d)", ev.Data["level"])
	case task.EventMilestoneMissed:
		return fmt.Sprintf("(%s)", ev.Data["milestone"])
	case task.EventReviewOverdue:
		return fmt.Sprintf("(stage %d)", ev.Data["stage"])
	}
	return ""
}
func mustApply(t *testing.T, s *task.State, a task.Action, now time.Time) task.Effects {
	t.Helper()
	e, err := s.Apply(a, now)
	if err != nil {
		t.Fatalf("apply %T: %v", a, err)
	}
	return e
}

// standIn is id acting, standing in for forIDs.
func standIn(id string, forIDs ...string) task.Actor {
	a := task.Actor{ID: id}
	for _, f := range forIDs {
		a.For = append(a.For, task.Standin{ID: f})
	}
	return a
}
