package report

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
)

// scoresSource answers as the store would, from fixed rows (the store's
// own queries are tested against both databases in internal/platform/store).
type scoresSource struct {
	tasks       []store.ScoreTask
	adjustments []store.ScoreAdjustment
	names       map[string]string
}

func (s scoresSource) ScoreTasks(context.Context, string) ([]store.ScoreTask, error) {
	return s.tasks, nil
}

func (s scoresSource) ScoreAdjustments(context.Context, string) ([]store.ScoreAdjustment, error) {
	return s.adjustments, nil
}

func (s scoresSource) UnitNames(_ context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		if n, ok := s.names[id]; ok {
			out[id] = n
		}
	}
	return out, nil
}

const scoresPlan = `
id: c1
title: 攻坚行动
owner: boss
timezone: Asia/Shanghai
calendar: weekdays
start: 2027-03-01
deadline: 2027-12-31
people: [{id: boss}, {id: bob}]
units:
  - {id: haikou, name: 海口市, class: 市县}
  - {id: sanya, name: 三亚市, class: 市县}
  - {id: edu, name: 教育厅, class: 省直部门}
  - {id: idle, name: 无任务, class: 市县}
scoring: {per_workday_overdue: -1, overdue_cap: 3}
tracks:
  - id: main
    tasks:
      - {id: A, title: First, owner: "unit:haikou", supervisor: bob}
`

func scoresFixture(t *testing.T) (*plan.Plan, scoresSource, time.Time) {
	t.Helper()
	p, err := plan.Parse([]byte(scoresPlan), plan.YAML, plan.ParseOptions{Now: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC),
		PersonExists: func(string) bool { return true }, UnitExists: func(string) bool { return true }})
	if err != nil {
		t.Fatal(err)
	}
	cst := p.Location()
	friday := time.Date(2027, 3, 5, 18, 0, 0, 0, cst)
	monday := time.Date(2027, 3, 8, 10, 0, 0, 0, cst)
	now := time.Date(2027, 3, 19, 12, 0, 0, 0, cst) // two weeks after the Friday
	src := scoresSource{
		tasks: []store.ScoreTask{
			// Due on a Friday, closed on the Monday: one working day late.
			{ID: "A", Unit: "haikou", Status: task.StatusClosed, Deadline: friday, ClosedAt: &monday, Returns: 1},
			{ID: "B", Unit: "sanya", Status: task.StatusClosed, Deadline: friday, ClosedAt: &friday, OnTime: true},
			// Open two weeks past the Friday: 10 working days, capped at 3.
			{ID: "C", Unit: "edu", Status: task.StatusOpen, Deadline: friday},
			{ID: "D", Unit: "new", Status: task.StatusOpen, Deadline: now.Add(time.Hour)},
		},
		adjustments: []store.ScoreAdjustment{{Unit: "sanya", Points: -0.5, Reason: "=材料|不实"}},
		names:       map[string]string{"new": "新单位"},
	}
	return p, src, now
}

func TestBuildScoresCountsWorkingDaysAndKeepsAClass(t *testing.T) {
	p, src, now := scoresFixture(t)
	all, err := BuildScores(context.Background(), src, p, "", now)
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		Unit, Name, Class string
		Score             float64
		Rank              int
	}
	var got []line
	for _, u := range all.Units {
		got = append(got, line{u.Unit, u.Name, u.Class, u.Score, u.Rank})
	}
	// haikou: closed late +0.5, 1 working day -1, returned -1; sanya: +1
	// -0.5; edu: 10 working days capped at -3; new: not in the plan, no
	// class, nothing yet; idle owns nothing and is left out.
	want := []line{
		{"new", "新单位", "", 0, 1},
		{"sanya", "三亚市", "市县", 0.5, 1},
		{"haikou", "海口市", "市县", -1.5, 2},
		{"edu", "教育厅", "省直部门", -3, 1},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("scores (-want +got):\n%s", d)
	}
	if it := all.Units[2].Items[1]; it.What != "1 working days overdue" || it.Points != -1 || it.Task != "A" {
		t.Errorf("haikou's lateness item = %+v", it)
	}

	cities, err := BuildScores(context.Background(), src, p, "市县", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(cities.Units) != 2 || cities.Units[0].Unit != "sanya" || cities.Units[1].Rank != 2 || cities.Class != "市县" {
		t.Errorf("市县 only = %+v", cities.Units)
	}
}

func TestScoresCSVAndMarkdownCarryTheItems(t *testing.T) {
	p, src, now := scoresFixture(t)
	s, err := BuildScores(context.Background(), src, p, "", now)
	if err != nil {
		t.Fatal(err)
	}
	var csvOut bytes.Buffer
	if err := WriteScoresCSV(&csvOut, s); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csvOut.String()), "\n")
	if lines[0] != "class,rank,unit,name,score,task,what_zh,what,points" {
		t.Errorf("CSV heading = %q", lines[0])
	}
	if !strings.Contains(csvOut.String(), "市县,1,sanya,三亚市,0.5,,人工调整：=材料|不实,adjusted by hand: =材料|不实,-0.5") {
		t.Errorf("CSV lacks sanya's adjustment:\n%s", csvOut.String())
	}
	if !strings.Contains(csvOut.String(), ",1,new,新单位,0,,,,\n") {
		t.Errorf("CSV lacks the unit without items as one row:\n%s", csvOut.String())
	}
	var md bytes.Buffer
	if err := WriteScoresMarkdown(&md, s); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## 未分类 / No class", "## 市县", "## 省直部门",
		"| 2 | 海口市 (haikou) | -1.5 | 逾期办结 A +0.5；逾期 1 个工作日 A -1；退回重办 1 次 A -1 |",
		`人工调整：=材料\|不实 -0.5`} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md.String())
		}
	}
}
