package task

import "time"

// The fixture task: li owns it, zhao supervises, wang leads; boss owns the
// campaign. Sign-off goes zhao then wang. Deadline is the end of 30 June 2024
// in Shanghai.
var (
	fixtureDeadline = time.Date(2024, 6, 30, 15, 59, 59, 0, time.UTC)
	fixtureStart    = time.Date(2024, 6, 1, 1, 0, 0, 0, time.UTC)
)

const day = 24 * time.Hour

func fixtureSpec() Spec {
	d := fixtureDeadline
	return Spec{
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
		Plan: Plan{
			EffectiveDeadline: d,
			Milestones: []Milestone{
				{Name: "plan", Start: d.Add(-28 * day), Due: d.Add(-20 * day)},
				{Name: "do", Start: d.Add(-19 * day), Due: d.Add(-5 * day)},
				{Name: "check", Start: d.Add(-4 * day), Due: d},
			},
			LatestStart: d.Add(-28 * day),
			Policy: Policy{
				RemindBefore: []time.Duration{7 * day, 3 * day, day},
				Overdue: []EscalationLevel{
					{After: 0, Notify: []string{RoleOwner, RoleSupervisor}},
					{After: 3 * day, Notify: []string{RoleLeader, RoleCampaignOwner}, Repeat: 2 * day},
				},
				ReviewTimeout: 3 * day,
			},
		},
	}
}

func actor(id string) Actor { return Actor{ID: id} }

func eventTypes(events []Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Type
	}
	return out
}
