package plan

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseTask(t *testing.T) {
	p := mustParse(t, smallYAML, YAML)
	body := `{"track": "main", "id": "C", "title": "新增", "owner": "li", "supervisor": "boss", "deadline": "2024-11-30", "depends_on": ["A"]}`
	task, err := ParseTask([]byte(body), JSON, p, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := Task{
		ID: "C", Title: "新增", Track: "main", Owner: "li", Supervisor: "boss", Approvers: []string{"boss"}, DependsOn: []string{"A"},
		Deadline: Moment{Time: time.Date(2024, 11, 30, 23, 59, 59, 0, shanghai(t)), Date: day(t, "2024-11-30"), DateOnly: true},
		Phases:   p.Phases,
	}
	if diff := cmp.Diff(want, *task, planComparer); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if err := p.AddTask(*task); err != nil {
		t.Fatal(err)
	}
	if err := p.AddTask(*task); err == nil {
		t.Error("added the same task twice")
	}
	if got, ok := p.Task("C"); !ok || got.Track != "main" {
		t.Errorf("Task(C) = %+v, %v", got, ok)
	}
	if res, err := Schedule(p); err != nil || len(res.Tasks) != 3 {
		t.Errorf("Schedule after AddTask: %v, %d tasks", err, len(res.Tasks))
	}
}

func TestParseTaskErrors(t *testing.T) {
	p := mustParse(t, smallYAML, YAML)
	body := "track: nope\nid: A\ntitle: 重复\nowner: ghost\ndepends_on: [Z]\ndeadline: 2024-13-01\n"
	_, err := ParseTask([]byte(body), YAML, p, testOptions())
	got := fieldErrors(t, err)
	// A missing field is reported at the start of its object, so first.
	want := []string{"approvers", "track", "id", "owner", "depends_on[0]", "deadline"}
	var fields []string
	for _, e := range got {
		fields = append(fields, e.Field)
	}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s\n%s", diff, describeErrors(got))
	}
	if _, err := ParseTask([]byte("[]"), JSON, p, testOptions()); err == nil {
		t.Error("a list was accepted as a task")
	}
	if _, err := ParseTask([]byte("null"), JSON, p, testOptions()); err == nil {
		t.Error("null was accepted as a task")
	}
}
