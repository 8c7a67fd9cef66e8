package integration

import (
	"fmt"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// A campaign of 30 parents dispatched to 19 units each: 570 children in one
// import, scheduled, projected and counted per unit, while the campaign's
// totals still count its 30 tasks.
func TestDispatchAtScale(t *testing.T) {
	d := newDev(t, storetest.SQLite)
	d.person("boss", "manager")
	d.person("li")
	d.person("zhao")
	units := []map[string]any{{"id": "hn", "name": "海南省"}}
	for i := range 19 {
		units = append(units, map[string]any{"id": fmt.Sprintf("u%02d", i), "name": fmt.Sprintf("unit %d", i), "parent": "hn"})
	}
	var tasks []map[string]any
	for i := range 30 {
		tasks = append(tasks, map[string]any{
			"id": fmt.Sprintf("T%02d", i), "title": fmt.Sprintf("task %d", i), "owner": "li", "supervisor": "zhao",
			"deadline":   time.Now().AddDate(0, 3, i).Format("2006-01-02"),
			"indicators": []map[string]any{{"id": "n", "name": "count", "target": 19}},
			"dispatch":   map[string]any{"to": "children:hn", "deadline": "-3wd"},
		})
	}
	plan := map[string]any{
		"id": "scale", "title": "scale", "owner": "boss", "calendar": "weekdays", "timezone": "Asia/Shanghai",
		"phases": []map[string]any{{"name": "do", "workdays": 10}, {"name": "check", "workdays": 2}},
		"units":  units,
		"tracks": []map[string]any{{"id": "a", "tasks": tasks}},
	}
	d.must(201, d.admin, "POST", "/api/v1/campaigns", plan, nil)

	var campaign struct {
		Progress struct{ Tasks int } `json:"progress"`
	}
	d.must(200, d.admin, "GET", "/api/v1/campaigns/scale", nil, &campaign)
	if campaign.Progress.Tasks != 30 {
		t.Fatalf("the campaign counts %d tasks, want its 30", campaign.Progress.Tasks)
	}
	var ranking struct {
		Items []struct {
			Unit  string `json:"id"`
			Tasks int    `json:"tasks"`
		} `json:"items"`
	}
	d.must(200, d.admin, "GET", "/api/v1/campaigns/scale/units", nil, &ranking)
	if len(ranking.Items) != 19 {
		t.Fatalf("ranking has %d units, want 19", len(ranking.Items))
	}
	for _, row := range ranking.Items {
		if row.Tasks != 30 {
			t.Fatalf("unit %s has %d tasks, want 30", row.Unit, row.Tasks)
		}
	}
	var parent unitTaskView
	d.must(200, d.admin, "GET", taskPath("scale", "T29", ""), nil, &parent)
	if len(parent.Children) != 19 {
		t.Fatalf("T29 has %d children", len(parent.Children))
	}
	var child unitTaskView
	d.must(200, d.admin, "GET", taskPath("scale", "T29.u18", ""), nil, &child)
	if child.Parent != "T29" || child.Owner != "unit:u18" {
		t.Fatalf("child: %+v", child)
	}
}
