package ledger

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The hidden sheet joins 活动 and 任务: its campaign keys where 活动 has
// none, its task cells where the task's row has none. A value on the
// visible sheets wins, a task no longer on 任务 leaves its hidden cells
// unused, and a hidden row naming no column of a task is an error at its
// cell. Title rows above 活动's and 任务's headers are skipped.
func TestHiddenSheetJoinsTheVisibleOnes(t *testing.T) {
	s := newWorkbook(t).rows("活动", append([][]any{{"台账测试 · 活动  截至 2024-07-01 09:00"}}, campaignRows()...)...)
	s.rows("活动", []any{nil}, []any{nil}, []any{nil}, []any{nil}, []any{nil}, []any{nil}, []any{nil}, []any{nil}, []any{nil},
		[]any{"默认阶段", "实施:3"})
	s.rows("任务",
		[]any{"台账测试 · 任务清单  截至 2024-07-01 09:00"},
		[]any{"编号", "任务名称", "责任单位", "督办人", "计划完成时限", "工作阶段"},
		[]any{"T01", "清理借调人员", "li", "zhao", "2024-06-28"},
		[]any{"T02", "清理标牌", "li", "zhao", "2024-09-30", "准备:2"},
	)
	s.rows(MachineSheet,
		[]any{"字段", "值", "任务编号"},
		[]any{"督办规则 (escalation)", `{"remind_before": ["2d"]}`},
		[]any{"默认阶段 (phases)", `[{"name": "hidden", "workdays": 9}]`},
		[]any{"指标明细 (indicators)", `[{"id": "n", "name": "件数", "target": 7, "parts": [{"id": "a", "name": "甲"}]}]`, "T01"},
		[]any{"工作阶段 (phases)", `[{"name": "hidden", "workdays": 9}]`, "T02"},
		[]any{"指标明细 (indicators)", `[{"id": "n", "name": "件数"}]`, "T99"},
	)
	p := readPlan(t, s.bytes(), staff)
	if got := p.Escalation.Default.RemindBefore; len(got) != 1 || got[0].String() != "2d" {
		t.Fatalf("the hidden escalation policy is not read: %v", got)
	}
	if len(p.Phases) != 1 || p.Phases[0].Name != "实施" {
		t.Fatalf("活动's phases must win over the hidden ones: %+v", p.Phases)
	}
	t01, _ := p.Task("T01")
	t02, _ := p.Task("T02")
	if len(t01.Indicators) != 1 || len(t01.Indicators[0].Parts) != 1 || t01.Deadline.String() != "2024-06-28" {
		t.Fatalf("T01: indicators %+v, deadline %s", t01.Indicators, t01.Deadline)
	}
	if len(t02.Phases) != 1 || t02.Phases[0].Name != "准备" {
		t.Fatalf("T02's own phases must win over the hidden ones: %+v", t02.Phases)
	}

	s.rows(MachineSheet, []any{}, []any{}, []any{}, []any{}, []any{}, []any{}, []any{"颜色", "红", "T01"})
	res, err := Read(s.bytes(), staff)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{sheetRef(MachineSheet) + "!A7"}, fields(res.Errors)); diff != "" {
		t.Fatalf("errors (-want +got):\n%s\n%v", diff, res.Errors)
	}
	if !slices.ContainsFunc(res.Errors, func(e FieldError) bool { return e.Message != "" }) {
		t.Fatal("the error says nothing")
	}
}
