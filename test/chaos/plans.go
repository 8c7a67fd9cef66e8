//go:build chaos

package chaos

import (
	"fmt"
	"time"
)

// The campaigns the scenarios import. Everyone in them comes from api.team.

const (
	streamCampaign = "chaos"  // the tasks the clients act on
	timerCampaign  = "timers" // the tasks nobody acts on, whose timers fire during the chaos
	raceCampaign   = "race"   // scenario 3
)

// taskIDs are n ids with a prefix: T01, T02, ...
func taskIDs(prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s%02d", prefix, i+1)
	}
	return ids
}

// basePlan is a campaign owned by boss on calendar none (no working-day
// arithmetic to reason about) with the given tasks and escalation.
func basePlan(id string, tasks []map[string]any, escalation map[string]any) map[string]any {
	return map[string]any{
		"id": id, "title": "campaign " + id, "owner": "boss", "timezone": "UTC",
		"calendar": "none", "start": "2026-01-01",
		"phases":     []map[string]any{{"name": "plan", "workdays": 5}, {"name": "do", "workdays": 20}},
		"tracks":     []map[string]any{{"id": "a", "title": "Track A", "tasks": tasks}},
		"escalation": escalation,
	}
}

// streamPlan: tasks owned by li, supervised by zhao, signed off by zhao then
// wang, due far ahead so no timer interferes with the actions. With two
// approvers a task can cycle for ever (submit, zhao approves, wang returns);
// wang closes only the tasks in closable.
func streamPlan(ids []string) map[string]any {
	var tasks []map[string]any
	for _, t := range ids {
		tasks = append(tasks, map[string]any{
			"id": t, "title": "task " + t, "owner": "li", "supervisor": "zhao",
			"approvers": []string{"zhao", "wang"}, "deadline": "2099-12-31",
		})
	}
	return basePlan(streamCampaign, tasks, map[string]any{
		"remind_before": []string{"3d", "1d"},
		"overdue":       []map[string]any{{"after": "0s", "notify": []string{"owner", "supervisor"}}},
	})
}

// timerPolicy makes each timer task remind its owner 30s before its deadline
// and escalate at the deadline.
const timerRemindBefore = 30 * time.Second

// timerPlan: tasks with deadlines at the given instants and no phases (so no
// milestone timers), under a short policy.
func timerPlan(ids []string, deadlines []time.Time) map[string]any {
	var tasks []map[string]any
	for i, t := range ids {
		tasks = append(tasks, map[string]any{
			"id": t, "title": "timer " + t, "owner": "li", "supervisor": "zhao",
			"deadline": deadlines[i].UTC().Format(time.RFC3339), "phases": []any{},
		})
	}
	return basePlan(timerCampaign, tasks, map[string]any{
		"remind_before": []string{timerRemindBefore.String()},
		"overdue":       []map[string]any{{"after": "0s", "notify": []string{"owner"}}},
	})
}

// racePlan: one approver, so approve closes the task and return reopens it;
// whichever comes second finds the task no longer submitted (409).
func racePlan(ids []string) map[string]any {
	var tasks []map[string]any
	for _, t := range ids {
		tasks = append(tasks, map[string]any{
			"id": t, "title": "race " + t, "owner": "li", "supervisor": "zhao",
			"approvers": []string{"zhao"}, "deadline": "2099-12-31",
		})
	}
	return basePlan(raceCampaign, tasks, map[string]any{
		"remind_before": []string{"1d"},
		"overdue":       []map[string]any{{"after": "0s", "notify": []string{"owner"}}},
	})
}
