package reverse

import (
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/calendar"
)

// On cn past its shipped notices the schedule skips the statutory holidays
// of the current revision and says its dates are provisional; a task wholly
// in a shipped year is not marked.
func TestProvisionalYearOnCN(t *testing.T) {
	cn, err := calendar.NewCN(nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(Input{Start: date(t, "2026-12-01"), Calendar: cn, Tasks: []Task{
		// 国庆 2027: Friday 10-01 is off (Saturday and Sunday are anyway),
		// so seven working days back from Friday 10-08 start on 09-29.
		{ID: "guoqing", Deadline: date(t, "2027-10-08"), Phases: phases("a", 2, "b", 5)},
		// 春节 2027: 除夕 Friday 02-05 to 初三 Monday 02-08 are off.
		{ID: "chunjie", Deadline: date(t, "2027-02-10"), Phases: phases("p", 5)},
		{ID: "shipped", Deadline: date(t, "2026-12-18"), Phases: phases("p", 3)},
		// A phase that starts in 2026 and ends in 2027 may still move.
		{ID: "across", Deadline: date(t, "2027-01-05"), Phases: phases("p", 4)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		phases      [][2]string
		provisional bool
	}{
		"guoqing": {[][2]string{{"2027-09-29", "2027-09-30"}, {"2027-10-04", "2027-10-08"}}, true},
		"chunjie": {[][2]string{{"2027-02-02", "2027-02-10"}}, true},
		"shipped": {[][2]string{{"2026-12-16", "2026-12-18"}}, false},
		// 元旦 2027 (Friday 01-01) is off: 12-30, 12-31, 01-04, 01-05.
		"across": {[][2]string{{"2026-12-30", "2027-01-05"}}, true},
	}
	for _, ts := range res.Tasks {
		w := want[ts.ID]
		if ts.Provisional != w.provisional || len(ts.Phases) != len(w.phases) {
			t.Errorf("%s: provisional %v, phases %+v", ts.ID, ts.Provisional, ts.Phases)
			continue
		}
		for i, ph := range ts.Phases {
			if ph.Start.String() != w.phases[i][0] || ph.Due.String() != w.phases[i][1] || ph.Provisional != w.provisional {
				t.Errorf("%s phase %d: %+v, want %v provisional %v", ts.ID, i, ph, w.phases[i], w.provisional)
			}
		}
	}
	var b strings.Builder
	if err := WriteTable(&b, res); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "critical,provisional") && !strings.Contains(b.String(), " provisional ") {
		t.Errorf("the table does not mark provisional tasks:\n%s", b.String())
	}
}
