package integration

import "fmt"

// smallPlan is a campaign owned by boss with one task per id, owned by li,
// supervised by zhao, signed off by zhao then wang, due far ahead.
func smallPlan(id string, taskIDs ...string) map[string]any {
	var tasks []map[string]any
	for _, t := range taskIDs {
		tasks = append(tasks, map[string]any{
			"id": t, "title": "task " + t, "owner": "li", "supervisor": "zhao",
			"approvers": []string{"zhao", "wang"}, "deadline": "2099-12-31",
		})
	}
	return map[string]any{
		"id": id, "title": "campaign " + id, "owner": "boss", "timezone": "Asia/Shanghai",
		"calendar": "none", "start": "2026-01-01",
		"phases": []map[string]any{{"name": "plan", "workdays": 5}, {"name": "do", "workdays": 20}},
		"tracks": []map[string]any{{"id": "a", "title": "Track A", "tasks": tasks}},
		"escalation": map[string]any{
			"remind_before": []string{"3d", "1d"},
			"overdue":       []map[string]any{{"after": "0s", "notify": []string{"owner", "supervisor"}}},
		},
	}
}

// team creates the people of smallPlan and returns their tokens.
func (d *dev) team() map[string]string {
	tokens := map[string]string{}
	tokens["boss"] = d.person("boss", "manager")
	for _, id := range []string{"li", "zhao", "wang", "chen"} {
		tokens[id] = d.person(id)
	}
	return tokens
}

func taskPath(campaign, task, action string) string {
	if action == "" {
		return fmt.Sprintf("/api/v1/tasks/%s/%s", campaign, task)
	}
	return fmt.Sprintf("/api/v1/tasks/%s/%s/%s", campaign, task, action)
}

// taskView is the part of a task the tests look at.
type taskView struct {
	Campaign        string `json:"campaign"`
	ID              string `json:"id"`
	Status          string `json:"status"`
	Light           string `json:"light"`
	Owner           string `json:"owner"`
	CurrentApprover string `json:"current_approver"`
	Attempt         int    `json:"attempt"`
	EscalationLevel int    `json:"escalation_level"`
	ClosedOnTime    *bool  `json:"closed_on_time"`
	Milestones      []struct {
		Name  string `json:"name"`
		Start string `json:"start"`
		Due   string `json:"due"`
		State string `json:"state"`
	} `json:"milestones"`
}

type eventView struct {
	Seq   int64          `json:"seq"`
	Actor string         `json:"actor"`
	Type  string         `json:"type"`
	Data  map[string]any `json:"data"`
}
