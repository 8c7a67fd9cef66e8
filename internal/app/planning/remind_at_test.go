package planning

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/domain/plan"
)

const remindPlan = `
id: remind
title: Remind
owner: boss
timezone: Asia/Shanghai
calendar: weekdays
start: 2024-06-03
deadline: 2024-06-28
people: [{id: boss}, {id: li}]
escalation:
  remind_before: [2h, 3d, 1wd]
  flagged:
    remind_before: [90s, 2h]
    remind_at: "08:30"
tracks:
  - id: main
    tasks:
      - {id: A, title: Plain, owner: li, supervisor: boss}
      - {id: B, title: Flagged, owner: li, supervisor: boss, flagged: true, leader: boss}
`

// A whole-day offset (3d, 1wd) is marked to go out at remind_at in the
// campaign's timezone; 2h keeps its instant. A policy without whole-day
// offsets carries no remind_at at all, so its tasks are specified exactly as
// before remind_at existed.
func TestSpecsCarryRemindAt(t *testing.T) {
	p, err := plan.Parse([]byte(remindPlan), plan.YAML, plan.ParseOptions{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	res, err := plan.Schedule(p)
	if err != nil {
		t.Fatal(err)
	}
	specs, err := Specs(p, res)
	if err != nil {
		t.Fatal(err)
	}
	a := specs[0].Plan.Policy
	// Friday 28 June: one working day before is Thursday (24h), three days
	// before Tuesday (72h); longest first.
	if diff := cmp.Diff([]time.Duration{72 * time.Hour, 24 * time.Hour, 2 * time.Hour}, a.RemindBefore); diff != "" {
		t.Errorf("remind_before (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]bool{true, true, false}, a.RemindDays); diff != "" {
		t.Errorf("remind_days (-want +got):\n%s", diff)
	}
	if a.RemindAt != plan.DefaultRemindAt || a.Zone != "Asia/Shanghai" {
		t.Errorf("remind_at %q zone %q, want the default in the campaign's timezone", a.RemindAt, a.Zone)
	}
	if b := specs[1].Plan.Policy; b.RemindAt != "" || b.RemindDays != nil || b.Zone != "" {
		t.Errorf("flagged policy with no whole-day offset: %+v", b)
	}
}
