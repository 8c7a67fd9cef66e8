package scoring

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScoreAddsRulesAndAdjustmentsRankedWithinClass(t *testing.T) {
	rules := DefaultRules()
	units := []Unit{
		{ID: "haikou", Name: "海口市", Class: "市县"},
		{ID: "sanya", Name: "三亚市", Class: "市县"},
		{ID: "danzhou", Name: "儋州市", Class: "市县"},
		{ID: "edu", Name: "教育厅", Class: "省直部门"},
		{ID: "health", Name: "卫健委", Class: "省直部门"},
	}
	tasks := []Task{
		{ID: "t1", Unit: "haikou", Closed: true, OnTime: true},                   // +1
		{ID: "t2", Unit: "haikou", Closed: true, WorkdaysOverdue: 2, Returns: 1}, // +0.5 -1 -1
		{ID: "t3", Unit: "sanya", Closed: true, OnTime: true, Urges: 1},          // +1 -0.5
		{ID: "t4", Unit: "danzhou", WorkdaysOverdue: 30},                         // -5 (capped)
		{ID: "t5", Unit: "edu", Closed: true, OnTime: true},                      // +1
		{ID: "t6", Unit: "health", Closed: true, OnTime: true},                   // +1
		{ID: "t7", Unit: "health", Closed: false},                                // nothing yet
	}
	adjustments := []Adjustment{
		{Unit: "danzhou", Points: 5.5, Reason: "台风停工"},
		{Unit: "edu", Points: -1, Reason: "材料不实"},
	}
	got := Score(rules, units, tasks, adjustments)

	type standing struct {
		Unit  string
		Score float64
		Rank  int
	}
	var standings []standing
	for _, u := range got {
		standings = append(standings, standing{u.Unit, u.Score, u.Rank})
		var sum float64
		for _, it := range u.Items {
			sum += it.Points
		}
		if round(sum) != u.Score {
			t.Errorf("%s: items sum to %v, score %v", u.Unit, sum, u.Score)
		}
	}
	// 市县: haikou -0.5, sanya 0.5, danzhou 0.5 (tie: both first, haikou
	// third); 省直部门 is ranked on its own: health 1, edu 0.
	want := []standing{
		{"danzhou", 0.5, 1}, {"sanya", 0.5, 1}, {"haikou", -0.5, 3},
		{"health", 1, 1}, {"edu", 0, 2},
	}
	if d := cmp.Diff(want, standings); d != "" {
		t.Errorf("standings (-want +got):\n%s", d)
	}

	danzhou := got[0]
	wantItems := []Item{
		{What: "30 working days overdue (capped)", WhatZh: "逾期 30 个工作日（扣分封顶）", Points: -5, Task: "t4"},
		{What: "adjusted by hand: 台风停工", WhatZh: "人工调整：台风停工", Points: 5.5},
	}
	if d := cmp.Diff(wantItems, danzhou.Items); d != "" {
		t.Errorf("danzhou's items (-want +got):\n%s", d)
	}
	if got[2].Name != "海口市" || got[2].Class != "市县" || len(got[2].Items) != 4 {
		t.Errorf("haikou = %+v, want its name, class and 4 items", got[2])
	}
}

func TestRulesAPlanSetsChangeThePoints(t *testing.T) {
	rules := Rules{ClosedOnTime: 10, PerWorkdayOverdue: -2, PerReturn: -3}
	got := Score(rules, nil, []Task{
		{ID: "a", Unit: "u", Closed: true, WorkdaysOverdue: 4, Returns: 2},
		{ID: "b", Unit: "u", Closed: true, OnTime: true, Urges: 5}, // urges worth 0 here
	}, nil)
	if len(got) != 1 || got[0].Score != 10-8-6 || got[0].Name != "u" || got[0].Rank != 1 {
		t.Fatalf("got %+v, want one unit u scoring -4, first", got)
	}
	if n := len(got[0].Items); n != 3 {
		t.Errorf("%d items, want 3 (a rule worth 0 adds no line): %+v", n, got[0].Items)
	}
}

func TestTheReportAndReceiptRulesCountWhatTheyAreGiven(t *testing.T) {
	got := Score(DefaultRules(), nil, []Task{{ID: "a", Unit: "u", MissedReports: 1, LateReports: 2, DaysToReceipt: 3}}, nil)
	if got[0].Score != -1-1-1.5 {
		t.Errorf("score %v, want -3.5", got[0].Score)
	}
}

func TestShareRanksGivesEqualPlacesOneRank(t *testing.T) {
	scores := []int{9, 7, 7, 7, 5, 5, 1}
	ranks := make([]int, len(scores))
	ShareRanks(scores, func(a, b int) bool { return a == b }, func(i, r int) { ranks[i] = r })
	if d := cmp.Diff([]int{1, 2, 2, 2, 5, 5, 7}, ranks); d != "" {
		t.Errorf("ranks (-want +got):\n%s", d)
	}
}
