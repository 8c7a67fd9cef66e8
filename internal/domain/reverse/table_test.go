package reverse

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestWriteTable(t *testing.T) {
	res, err := Run(Input{Start: date(t, "2024-09-23"), Calendar: lookup(t, "cn"), Tasks: []Task{
		{ID: "T01", Track: "qingche", Deadline: date(t, "2024-10-10"), Phases: phases("制定方案", 2, "组织实施", 3)},
		{ID: "T02", Track: "zhuangma", Deadline: date(t, "2024-09-24"), Phases: phases("p", 3), DependsOn: []string{"T01"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// By hand: T02's 3 working days end 09-24 and start 09-20 (a weekend
	// between). T01 must end 09-19; 中秋 (09-15..17) is off and Saturday
	// 09-14 is worked, so 组织实施 is 09-14..19 and 制定方案 09-12..13: six
	// working days (12, 13, 14, 18, 19, 20) before the start.
	var b strings.Builder
	if err := WriteTable(&b, res); err != nil {
		t.Fatal(err)
	}
	want := `start 2024-09-23, calendar cn, 2 tasks, critical: T01

TRACK     TASK  DEADLINE    EFFECTIVE   LATEST START  SLACK  MARK                 PHASES
qingche   T01   2024-10-10  2024-09-19  2024-09-12    -6     critical,INFEASIBLE  制定方案 2024-09-12..2024-09-13; 组织实施 2024-09-14..2024-09-19
zhuangma  T02   2024-09-24  2024-09-24  2024-09-20    -1     INFEASIBLE           p 2024-09-20..2024-09-24

2 problems:
  infeasible: T01: latest start 2024-09-12 is 6 working days before the campaign start 2024-09-23: T01 must finish before T02 starts (latest start 2024-09-20), which is due 2024-09-24
  infeasible: T02: latest start 2024-09-20 is 1 working day before the campaign start 2024-09-23 (due 2024-09-24 after 3 working days of phases)

`
	if got := b.String(); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

func TestResultJSON(t *testing.T) {
	res, err := Run(Input{Start: date(t, "2024-01-02"), Calendar: lookup(t, "cn"), Tasks: []Task{
		{ID: "A", Deadline: date(t, "2024-01-05"), Phases: phases("p", 10)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res.Tasks[0])
	if err != nil {
		t.Fatal(err)
	}
	// Unknown dates (before the calendar's data) are left out.
	want := `{"id":"A","deadline":"2024-01-05","effective_deadline":"2024-01-05","phases":[{"name":"p","due":"2024-01-05"}],` +
		`"slack_workdays":-6,"critical":true,"infeasible":true,"chain":["A"]}`
	if string(b) != want {
		t.Errorf("JSON\n%s\nwant\n%s", b, want)
	}
}
