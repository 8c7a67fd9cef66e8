package e2e

import (
	"fmt"
	"time"
)

// BigPlan is a campaign of n tasks in tracks of 1,000, due over the coming
// months, each with two phases on the working-day calendar: the imports the
// benchmarks time.
func BigPlan(id string, n int) map[string]any {
	var tracks []map[string]any
	for i := range n {
		if i%1000 == 0 {
			tracks = append(tracks, map[string]any{"id": fmt.Sprintf("t%d", i/1000), "tasks": []map[string]any{}})
		}
		tr := tracks[len(tracks)-1]
		tr["tasks"] = append(tr["tasks"].([]map[string]any), map[string]any{
			"id": fmt.Sprintf("T%05d", i), "title": fmt.Sprintf("task %d", i), "owner": "li", "supervisor": "zhao",
			"deadline": time.Now().AddDate(0, 2, i%60).Format("2006-01-02"),
		})
	}
	return map[string]any{
		"id": id, "title": id, "owner": "boss", "calendar": "weekdays", "timezone": "Asia/Shanghai",
		"phases": []map[string]any{{"name": "do", "workdays": 10}, {"name": "check", "workdays": 2}},
		"tracks": tracks,
	}
}
