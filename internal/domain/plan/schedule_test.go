package plan

import (
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/reverse"
	"github.com/google/go-cmp/cmp"
)

func TestMilestones(t *testing.T) {
	p := mustParse(t, smallYAML, YAML)
	sh := shanghai(t)
	res, err := Schedule(p)
	if err != nil || len(res.Problems) != 0 {
		t.Fatalf("Schedule: %v %+v", err, res.Problems)
	}
	a, _ := p.Task("A")
	// A is due 2024-10-08 12:00. The inline calendar takes 10-01 off and
	// works Sunday 09-29: 实施 covers 10-02..08 (5 days), 方案 09-29..30.
	got := Milestones(p, a, res.Tasks[0])
	want := []Milestone{
		{Name: "方案", Start: day(t, "2024-09-29"), Due: time.Date(2024, 9, 30, 23, 59, 59, 0, sh)},
		{Name: "实施", Start: day(t, "2024-10-02"), Due: time.Date(2024, 10, 8, 12, 0, 0, 0, sh)}, // clamped to the deadline
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("A's milestones (-want +got):\n%s", diff)
	}
	b, _ := p.Task("B")
	got = Milestones(p, b, res.Tasks[1])
	want = []Milestone{{Name: DeadlineMilestone, Start: day(t, "2024-12-31"), Due: time.Date(2024, 12, 31, 23, 59, 59, 0, sh)}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("B's milestones (-want +got):\n%s", diff)
	}
}

func TestScheduleError(t *testing.T) {
	cyclic := strings.Replace(smallYAML, `deadline: "2024-10-08T12:00:00+08:00"}`, `deadline: "2024-10-08T12:00:00+08:00", depends_on: [B]}`, 1)
	p := mustParse(t, cyclic, YAML)
	res, err := Schedule(p)
	if err != nil {
		t.Fatal(err)
	}
	errs := fieldErrors(t, ScheduleError(p, res))
	want := []FieldError{{Field: "tracks[0].tasks[0].depends_on", Message: "dependency cycle: A -> B -> A", Zh: "任务之间循环依赖:A -> B -> A"}}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	late := mustParse(t, strings.Replace(smallYAML, "2024-10-08T12:00:00+08:00", "2024-05-02", 1), YAML)
	res, _ = Schedule(late)
	errs = fieldErrors(t, ScheduleError(late, res))
	if len(errs) != 1 || errs[0].Field != "tracks[0].tasks[0].deadline" || !strings.Contains(errs[0].Message, "before the campaign start") {
		t.Errorf("errors:\n%s", describeErrors(errs))
	}
	if err := ScheduleError(p, reverse.Result{}); err != nil {
		t.Errorf("no problems gave %v", err)
	}
}
