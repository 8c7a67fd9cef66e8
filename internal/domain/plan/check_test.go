package plan

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// A plan with parse errors and schedule problems gets them all in one
// answer: the bad date and the unknown person with the late task and the
// cycle, not the first two now and the others after they are fixed.
func TestCheckReportsParseAndScheduleProblemsTogether(t *testing.T) {
	doc := `
id: together
title: t
owner: admin
calendar: weekdays
start: 2024-05-06
deadline: 2024-06-28
phases: [{name: do, workdays: 5}]
tracks:
  - id: a
    tasks:
      - {id: T1, title: bad date, owner: admin, supervisor: admin, deadline: 2024-13-01}
      - {id: T2, title: unknown owner, owner: nobody, supervisor: admin}
      - {id: T3, title: too soon, owner: admin, supervisor: admin, deadline: 2024-05-07}
      - {id: T4, title: cycle one, owner: admin, supervisor: admin, depends_on: [T5]}
      - {id: T5, title: cycle two, owner: admin, supervisor: admin, depends_on: [T4]}
      - {id: T6, title: waits on the bad one, owner: admin, supervisor: admin, depends_on: [T1]}
`
	p, res, err := Check([]byte(doc), YAML, testOptions())
	if p == nil {
		t.Fatal("no plan")
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a ValidationError, got %v", err)
	}
	var fields []string
	for _, fe := range ve.Errors {
		fields = append(fields, fe.Field)
	}
	for _, want := range []string{
		"tracks[0].tasks[0].deadline",   // parse: not a date
		"tracks[0].tasks[1].owner",      // parse: unknown person
		"tracks[0].tasks[2].deadline",   // schedule: cannot start in time
		"tracks[0].tasks[3].depends_on", // schedule: cycle
	} {
		if !slices.Contains(fields, want) {
			t.Errorf("no error at %s; got %v", want, ve.Errors)
		}
	}
	if len(ve.Errors) != 4 {
		t.Errorf("want 4 errors, got %v", ve.Errors)
	}
	if ve.Unmet {
		t.Error("Unmet set on a plan with parse errors")
	}
	if len(res.Tasks) != 5 {
		t.Errorf("scheduled %d tasks, want the 5 readable ones (T1's deadline is bad)", len(res.Tasks))
	}
}

// A well-formed plan checks exactly as Parse then Schedule did.
func TestCheckOfAValidPlanIsParseThenSchedule(t *testing.T) {
	data := readExample(t)
	p, res, err := Check(data, YAML, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	want, err := Schedule(mustParse(t, string(data), YAML))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res, want) {
		t.Error("Check's schedule differs from Parse + Schedule")
	}
	if p.ID == "" {
		t.Error("no plan id")
	}
}

// Schedule problems alone are marked Unmet, and allow_infeasible turns them
// from errors into a result to show.
func TestCheckUnmetAndAllowInfeasible(t *testing.T) {
	doc := `
id: late
title: t
owner: admin
calendar: weekdays
start: 2024-05-06
%s
tracks:
  - id: a
    tasks:
      - {id: T1, title: too soon, owner: admin, supervisor: admin, deadline: 2024-05-07, phases: [{name: do, workdays: 5}]}
`
	_, _, err := Check([]byte(fmt.Sprintf(doc, "")), YAML, testOptions())
	var ve *ValidationError
	if !errors.As(err, &ve) || !ve.Unmet || len(ve.Errors) != 1 || ve.Errors[0].Field != "tracks[0].tasks[0].deadline" {
		t.Fatalf("want one unmet error at the deadline, got %#v", err)
	}
	_, res, err := Check([]byte(fmt.Sprintf(doc, "allow_infeasible: true")), YAML, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if res.Feasible() {
		t.Error("an infeasible plan scheduled as feasible")
	}
}

// A campaign whose own calendar is wrong is not scheduled at all: every
// task's dates would be counted on it.
func TestCheckSkipsTheScheduleWithoutACalendar(t *testing.T) {
	doc := `
id: nocal
title: t
owner: admin
calendar: lunar
start: 2024-05-06
tracks:
  - id: a
    tasks:
      - {id: T1, title: x, owner: nobody, supervisor: admin, deadline: 2024-05-07}
`
	_, res, err := Check([]byte(doc), YAML, testOptions())
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Errors) != 2 {
		t.Fatalf("want the calendar and the owner, got %v", err)
	}
	if len(res.Tasks) != 0 {
		t.Errorf("scheduled %d tasks on no calendar", len(res.Tasks))
	}
}
