package integration

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// unitPlan is a campaign with a unit tree: province hn with three cities,
// each with one member. T1, owned by li, is dispatched to every city with an
// indicator in two parts; T2 is owned by city a, with city b assisting.
func unitPlan(id string) map[string]any {
	p := smallPlan(id)
	p["calendar"] = "weekdays"
	p["units"] = []map[string]any{
		{"id": "hn", "name": "Province"},
		{"id": "hn-a", "name": "City A", "parent": "hn", "members": []string{"a1"}},
		{"id": "hn-b", "name": "City B", "parent": "hn", "members": []string{"b1"}},
		{"id": "hn-c", "name": "City C", "parent": "hn", "members": []string{"c1"}, "contacts": []string{"c1"}},
	}
	p["tracks"] = []map[string]any{{"id": "a", "title": "Track A", "tasks": []map[string]any{
		{
			"id": "T1", "title": "return staff", "owner": "li", "supervisor": "zhao", "deadline": "2099-12-31",
			"indicators": []map[string]any{{"id": "returned", "name": "返岗人数", "unit": "名", "target": 60,
				"parts": []map[string]any{{"id": "town", "name": "镇街"}, {"id": "village", "name": "村居"}}}},
			"dispatch": map[string]any{"to": "children:hn", "deadline": "-5wd"},
		},
		{
			"id": "T2", "title": "signs", "owner": "unit:hn-a", "assist": []string{"unit:hn-b"}, "supervisor": "zhao",
			"deadline": "2099-12-31",
		},
	}}}
	return p
}

type unitTaskView struct {
	taskView
	Parent     string `json:"parent"`
	Percent    int    `json:"percent"`
	Deadline   string `json:"deadline"`
	Indicators []struct {
		ID      string   `json:"id"`
		Value   float64  `json:"value"`
		Percent *float64 `json:"percent"`
		Parts   []struct {
			ID    string  `json:"id"`
			Value float64 `json:"value"`
		} `json:"parts"`
	} `json:"indicators"`
	Children []struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	} `json:"children"`
}

// Units through HTTP, once per projection database: dispatch makes one child
// per unit; members act for their unit and outsiders are refused; an
// assisting unit reports but does not submit; values roll up; the parent
// waits for its children; a child's extension moves only that child; the
// ranking and the report carry what was reported.
func TestUnitsDispatchAndIndicators(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d := newDev(t, kind)
			tok := d.team()
			for _, id := range []string{"a1", "b1", "c1"} {
				tok[id] = d.person(id)
			}
			d.must(201, tok["boss"], "POST", "/api/v1/campaigns", unitPlan("units"), nil)

			var unit struct {
				ID       string   `json:"id"`
				Members  []string `json:"members"`
				Children []string `json:"children"`
			}
			d.must(200, tok["chen"], "GET", "/api/v1/units/hn", nil, &unit)
			if !slices.Equal(unit.Children, []string{"hn-a", "hn-b", "hn-c"}) {
				t.Fatalf("unit hn: %+v", unit)
			}

			var parent unitTaskView
			d.must(200, tok["chen"], "GET", taskPath("units", "T1", ""), nil, &parent)
			if len(parent.Children) != 3 || parent.Children[0].ID != "T1.hn-a" {
				t.Fatalf("children of T1: %+v", parent.Children)
			}
			var child unitTaskView
			d.must(200, tok["chen"], "GET", taskPath("units", "T1.hn-a", ""), nil, &child)
			if child.Owner != "unit:hn-a" || child.Parent != "T1" || !strings.HasPrefix(child.Deadline, "2099-12-24") {
				t.Fatalf("child T1.hn-a: owner %s parent %s deadline %s", child.Owner, child.Parent, child.Deadline)
			}
			var page struct {
				Items []unitTaskView `json:"items"`
			}
			d.must(200, tok["chen"], "GET", "/api/v1/tasks?unit=hn-b", nil, &page)
			if len(page.Items) != 1 || page.Items[0].ID != "T1.hn-b" {
				t.Fatalf("tasks of hn-b: %+v", page.Items)
			}

			// A unit added later is dispatched to as well.
			tok["d1"] = d.person("d1")
			d.must(201, tok["boss"], "POST", "/api/v1/units", map[string]any{"id": "hn-d", "name": "City D", "parent": "hn", "members": []string{"d1"}}, nil)
			var added unitTaskView
			d.must(201, tok["boss"], "POST", "/api/v1/campaigns/units/tasks", map[string]any{"parent": "T1", "unit": "hn-d"}, &added)
			if added.ID != "T1.hn-d" || added.Owner != "unit:hn-d" || added.Parent != "T1" {
				t.Fatalf("added child: %+v", added)
			}
			expectProblem(t, d.call(tok["boss"], "POST", "/api/v1/campaigns/units/tasks", map[string]any{"parent": "T1", "unit": "nowhere"}), 422, "unit")
			d.must(200, tok["chen"], "GET", taskPath("units", "T1", ""), nil, &parent)
			if len(parent.Children) != 4 {
				t.Fatalf("the parent must list the unit added later: %+v", parent.Children)
			}

			// Members act for their unit; others are refused; bad values name the field.
			values := func(town, village int) map[string]any {
				return map[string]any{"returned": map[string]any{"town": town, "village": village}}
			}
			d.must(200, tok["a1"], "POST", taskPath("units", "T1.hn-a", "progress"), map[string]any{"note": "half", "percent": 50, "values": values(10, 1)}, nil)
			expectProblem(t, d.call(tok["b1"], "POST", taskPath("units", "T1.hn-a", "progress"), map[string]any{"note": "x", "percent": 10}), 403, "")
			expectProblem(t, d.call(tok["a1"], "POST", taskPath("units", "T1.hn-a", "progress"),
				map[string]any{"note": "x", "values": map[string]any{"returned": map[string]any{"town": -3}}}), 422, "values.returned.town")
			expectProblem(t, d.call(tok["a1"], "POST", taskPath("units", "T1.hn-a", "progress"),
				map[string]any{"note": "x", "values": map[string]any{"people": 3}}), 422, "values.people")
			expectProblem(t, d.call(tok["a1"], "POST", taskPath("units", "T1.hn-a", "progress"),
				map[string]any{"note": "x", "values": map[string]any{"returned": "many"}}), 422, "values.returned")

			// Assisting unit b reports on T2 but cannot submit it; a's member can.
			d.must(200, tok["b1"], "POST", taskPath("units", "T2", "progress"), map[string]any{"note": "signs counted", "percent": 10}, nil)
			expectProblem(t, d.call(tok["b1"], "POST", taskPath("units", "T2", "submit"), map[string]any{"note": "done"}), 403, "")
			expectProblem(t, d.call(tok["c1"], "POST", taskPath("units", "T2", "progress"), map[string]any{"note": "x", "percent": 1}), 403, "")
			d.must(200, tok["a1"], "POST", taskPath("units", "T2", "submit"), map[string]any{"note": "done"}, nil)
			var log struct {
				Items []eventView `json:"items"`
			}
			d.must(200, tok["chen"], "GET", taskPath("units", "T2", "events"), nil, &log)
			if e := log.Items[1]; e.Actor != "b1" || e.Data["unit"] != "hn-b" {
				t.Fatalf("assist progress event: %+v", e)
			}

			// A child's extension moves that child only.
			d.must(200, tok["c1"], "POST", taskPath("units", "T1.hn-c", "extend"), map[string]any{"deadline": "2100-01-31", "reason": "typhoon"}, nil)
			d.must(200, tok["li"], "POST", taskPath("units", "T1.hn-c", "extension/approve"), map[string]any{}, &child)
			if !strings.HasPrefix(child.Deadline, "2100-01-31") {
				t.Fatalf("extended child deadline %s", child.Deadline)
			}
			for _, id := range []string{"T1", "T1.hn-a", "T1.hn-b"} {
				var v unitTaskView
				d.must(200, tok["chen"], "GET", taskPath("units", id, ""), nil, &v)
				if strings.HasPrefix(v.Deadline, "2100") {
					t.Fatalf("%s moved with its sibling's extension: %s", id, v.Deadline)
				}
			}

			// The parent waits for every child.
			r := d.call(tok["li"], "POST", taskPath("units", "T1", "submit"), map[string]any{"note": "all back"})
			expectProblem(t, r, 409, "")
			if !strings.Contains(string(r.Body), "T1.hn-a") {
				t.Fatalf("the refusal must name the open children: %s", r.Body)
			}
			figures := map[string][2]int{"a1": {30, 2}, "b1": {20, 1}, "c1": {5, 2}, "d1": {0, 0}}
			for member, f := range figures {
				id := "T1.hn-" + member[:1]
				d.must(200, tok[member], "POST", taskPath("units", id, "submit"), map[string]any{"note": "done", "values": values(f[0], f[1])}, nil)
				expectProblem(t, d.call(tok["zhao"], "POST", taskPath("units", id, "approve"), map[string]any{}), 403, "")
				d.must(200, tok["li"], "POST", taskPath("units", id, "approve"), map[string]any{}, nil)
			}
			waitFor(t, 30*time.Second, func() bool {
				d.must(200, tok["chen"], "GET", taskPath("units", "T1", ""), nil, &parent)
				return parent.Percent == 100
			})
			ind := parent.Indicators[0]
			if ind.Value != 60 || ind.Parts[0].Value != 55 || ind.Parts[1].Value != 5 || ind.Percent == nil || *ind.Percent != 100 {
				t.Fatalf("rolled up indicator: %+v", ind)
			}
			d.must(200, tok["li"], "POST", taskPath("units", "T1", "submit"), map[string]any{"note": "all back"}, nil)
			d.must(200, tok["zhao"], "POST", taskPath("units", "T1", "approve"), map[string]any{}, &parent)
			if parent.Status != "closed" {
				t.Fatalf("parent after sign-off: %+v", parent.taskView)
			}

			// Campaign totals count T1 and T2, not the children; the ranking counts units.
			var report struct {
				Totals struct {
					Tasks  int `json:"tasks"`
					Closed int `json:"closed"`
				} `json:"totals"`
				Units []struct {
					Unit   string `json:"id"`
					Tasks  int    `json:"tasks"`
					Closed int    `json:"closed"`
				} `json:"units"`
			}
			d.must(200, tok["chen"], "GET", "/api/v1/campaigns/units/report", nil, &report)
			if report.Totals.Tasks != 2 || report.Totals.Closed != 1 {
				t.Fatalf("report totals: %+v", report.Totals)
			}
			var ranking struct {
				Items []struct {
					Unit   string `json:"id"`
					Tasks  int    `json:"tasks"`
					Closed int    `json:"closed"`
				} `json:"items"`
			}
			d.must(200, tok["chen"], "GET", "/api/v1/campaigns/units/units", nil, &ranking)
			got := map[string][2]int{}
			for _, row := range ranking.Items {
				got[row.Unit] = [2]int{row.Tasks, row.Closed}
			}
			want := map[string][2]int{"hn-a": {2, 1}, "hn-b": {1, 1}, "hn-c": {1, 1}, "hn-d": {1, 1}}
			for u, w := range want {
				if got[u] != w {
					t.Fatalf("ranking %s: %v, want %v (all: %+v)", u, got[u], w, ranking.Items)
				}
			}
			md := d.must(200, tok["chen"], "GET", "/api/v1/campaigns/units/report?format=md", nil, nil)
			if !strings.Contains(string(md.Body), "返岗人数60名(镇街55名、村居5名),完成目标100%") {
				t.Fatalf("the report must carry the figures in the seed's words:\n%s", md.Body)
			}
		})
	}
}
