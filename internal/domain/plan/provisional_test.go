package plan

import (
	"testing"

	"github.com/closeout/closeout/internal/domain/calendar"
)

const plan2027 = `
id: y2027
title: "2027"
owner: admin
timezone: Asia/Shanghai
calendar: cn
start: 2026-12-01
tracks:
  - id: a
    tasks:
      - {id: GQ, title: 国庆, owner: admin, approvers: [admin], deadline: 2027-10-08, phases: [{name: a, workdays: 2}, {name: b, workdays: 5}]}
      - {id: CJ, title: 春节, owner: admin, approvers: [admin], deadline: 2027-02-10}
      - {id: NOW, title: this year, owner: admin, approvers: [admin], deadline: 2026-12-18, phases: [{name: p, workdays: 3}]}
`

// A 2027 plan on cn parses and schedules on the provisional calendar, its
// milestones marked; with the year's notice loaded it follows the notice and
// is no longer marked.
func TestPlanOnAProvisionalYear(t *testing.T) {
	p := mustParse(t, plan2027, YAML)
	res, err := Schedule(p)
	if err != nil || !res.Feasible() {
		t.Fatalf("schedule: %v %+v", err, res.Problems)
	}
	loc := shanghai(t)
	for _, ts := range res.Tasks {
		task, _ := p.Task(ts.ID)
		ms := Milestones(p, task, ts)
		if want := ts.ID != "NOW"; ms[0].Provisional != want || ts.Provisional != want {
			t.Errorf("%s: provisional %v, milestones %+v", ts.ID, ts.Provisional, ms)
		}
		switch ts.ID {
		case "GQ": // 10-01 off: 10-04..08, then 09-30 and 09-29
			if ms[0].Start.String() != "2027-09-29" || ms[1].Start.String() != "2027-10-04" {
				t.Errorf("GQ: %+v", ms)
			}
		case "CJ": // no phases: the default ones, ending on the deadline
			if got := ms[len(ms)-1].Due.In(loc).Format("2006-01-02"); got != "2027-02-10" {
				t.Errorf("CJ due %s", got)
			}
		}
	}

	notice, err := calendar.NewSet([]calendar.Year{{Year: 2027, Source: "n",
		Holidays: []calendar.Date{day(t, "2027-10-01"), day(t, "2027-10-04"), day(t, "2027-10-05")},
		Workdays: []calendar.Date{day(t, "2027-09-26")}}})
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions()
	opts.Calendars = notice
	p, err = Parse([]byte(plan2027), YAML, opts)
	if err != nil {
		t.Fatal(err)
	}
	res, _ = Schedule(p)
	task, _ := p.Task("GQ")
	ms := Milestones(p, task, res.Tasks[0])
	// b: 10-08, 07, 06, then 10-05..01 off, 09-30, 09-29; a: 09-28, 09-27.
	if ms[0].Start.String() != "2027-09-27" || ms[1].Start.String() != "2027-09-29" || ms[0].Provisional || res.Tasks[0].Provisional {
		t.Errorf("GQ on the notice: %+v", ms)
	}
}
