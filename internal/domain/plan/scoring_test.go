package plan

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/domain/scoring"
)

const scoredYAML = `
id: demo
title: Demo
owner: boss
start: 2024-06-03
deadline: 2024-12-31
people: [{id: boss}, {id: bob}]
units:
  - {id: haikou, name: 海口市, class: " 市县 "}
  - {id: edu, name: 教育厅, class: 省直部门}
  - {id: misc, name: 其他}
scoring:
  closed_on_time: 2
  per_workday_overdue: -1
  overdue_cap: 0
tracks:
  - id: main
    tasks:
      - {id: A, title: First, owner: "unit:haikou", supervisor: bob}
`

const scoredJSON = `{"id": "demo", "title": "Demo", "owner": "boss", "start": "2024-06-03", "deadline": "2024-12-31",
  "people": [{"id": "boss"}, {"id": "bob"}],
  "units": [{"id": "haikou", "name": "海口市", "class": "市县"}, {"id": "edu", "name": "教育厅", "class": "省直部门"}, {"id": "misc", "name": "其他"}],
  "scoring": {"closed_on_time": 2, "per_workday_overdue": -1, "overdue_cap": 0},
  "tracks": [{"id": "main", "tasks": [{"id": "A", "title": "First", "owner": "unit:haikou", "supervisor": "bob"}]}]}`

func TestScoringAndClassesAreRead(t *testing.T) {
	want := scoring.DefaultRules()
	want.ClosedOnTime, want.PerWorkdayOverdue, want.OverdueCap = 2, -1, 0
	for name, p := range map[string]*Plan{"yaml": mustParse(t, scoredYAML, YAML), "json": mustParse(t, scoredJSON, JSON)} {
		if d := cmp.Diff(want, p.ScoringRules()); d != "" {
			t.Errorf("%s: rules (-want +got):\n%s", name, d)
		}
		var classes []string
		for _, u := range p.Units {
			classes = append(classes, u.Class)
		}
		if d := cmp.Diff([]string{"市县", "省直部门", ""}, classes); d != "" {
			t.Errorf("%s: classes (-want +got):\n%s", name, d)
		}
		again, err := p.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		if q := mustParse(t, string(again), JSON); q.Hash() != p.Hash() || q.ScoringRules() != want {
			t.Errorf("%s: the canonical form reads back as other rules: %+v", name, q.ScoringRules())
		}
	}
}

func TestDefaultScoringSpelledOutMeansTheSame(t *testing.T) {
	plain := mustParse(t, smallYAML, YAML)
	if plain.ScoringRules() != scoring.DefaultRules() || plain.Scoring != nil {
		t.Fatalf("a plan without scoring: has rules %+v", plain.Scoring)
	}
	spelled := mustParse(t, smallYAML+"scoring: {closed_on_time: 1, per_return: -1}\n", YAML)
	if spelled.Hash() != plain.Hash() {
		t.Error("spelling out default points changed the plan's hash")
	}
}

func TestABadScoringValueIsWordedInChinese(t *testing.T) {
	_, err := Parse([]byte(smallYAML+"scoring: {overdue_cap: -2}\n"), YAML, testOptions())
	got := fieldErrors(t, err)
	if len(got) != 1 || got[0].Field != "scoring.overdue_cap" || got[0].Zh != "不能为负数：它是一项任务因逾期最多扣的分（0 表示不封顶）" {
		t.Errorf("errors = %+v, want one at scoring.overdue_cap in Chinese", got)
	}
}
