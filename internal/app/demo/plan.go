package demo

import (
	"encoding/json"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
)

// campaignStart is the campaign's start in days from today: the phases of
// the overdue tasks (28 working days before deadlines a few days ago) fit
// after it whatever holidays fall between.
const campaignStart = -60

// Plan is the demo campaign's plan, dated from now: it started 60 days ago,
// early enough for the phases of the tasks already overdue, and its other
// deadlines fall in the coming months, on the cn calendar whatever
// the date: past the shipped notices its days are provisional (SPEC section
// 13), and loading a year's notice re-plans them.
func Plan(now time.Time) ([]byte, error) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return nil, err
	}
	today := calendar.DateOf(now.In(loc))
	day := func(offset int) string { return today.AddDays(offset).String() }
	tracks := []map[string]any{
		{"id": "qingche", "title": "轻车 — 为基层减负", "tasks": []any{}},
		{"id": "zhuangma", "title": "壮马 — 为基层赋能", "tasks": []any{}},
		{"id": "changlu", "title": "畅路 — 理顺体制机制", "tasks": []any{}},
	}
	for _, t := range tasks {
		task := map[string]any{
			"id": t.id, "title": t.title, "owner": t.owner, "supervisor": supervisors[t.track], "deadline": day(t.due),
		}
		if t.leader != "" {
			task["flagged"] = true
			task["leader"] = t.leader
			task["approvers"] = []string{supervisors[t.track], t.leader}
		}
		if t.id == "T03" {
			task["depends_on"] = []string{"T02"}
		}
		if ind, ok := indicators[t.id]; ok {
			task["indicators"] = ind
		}
		if t.id == dispatchedTask {
			task["dispatch"] = map[string]any{"to": "children:hn", "deadline": "-5wd"}
		}
		for _, tr := range tracks {
			if tr["id"] == t.track {
				tr["tasks"] = append(tr["tasks"].([]any), task)
			}
		}
	}
	units, _ := unitPlan()
	return json.Marshal(map[string]any{
		"id":       CampaignID,
		"title":    `破解基层治理"小马拉大车"突出问题攻坚行动`,
		"owner":    "shegongbu",
		"timezone": "Asia/Shanghai",
		"calendar": "cn",
		"start":    day(campaignStart),
		"deadline": day(120),
		"digest":   "0 9 * * MON",
		"phases": []map[string]any{
			{"name": "制定方案", "workdays": 5}, {"name": "组织实施", "workdays": 20}, {"name": "验收销号", "workdays": 3},
		},
		"escalation": map[string]any{
			"remind_before":  []string{"7d", "3d", "1d"},
			"overdue":        []map[string]any{{"after": "0s", "notify": []string{"owner", "supervisor"}}, {"after": "3d", "notify": []string{"leader", "campaign_owner"}, "repeat": "2d"}},
			"review_timeout": "3d",
			"flagged": map[string]any{
				"remind_before":  []string{"14d", "7d", "3d", "1d"},
				"overdue":        []map[string]any{{"after": "0s", "notify": []string{"owner", "supervisor", "leader"}}, {"after": "1d", "notify": []string{"leader", "campaign_owner"}, "repeat": "1d"}},
				"review_timeout": "1d",
			},
		},
		"people": everyone(),
		"units":  units,
		"tracks": tracks,
	})
}
