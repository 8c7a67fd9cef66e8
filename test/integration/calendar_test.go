package integration

import (
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// calendarPlan is a campaign on cn planned now (December 2026) for 2027, a
// year no shipped notice covers: "oct" runs up to 国庆, "feb" after 春节,
// "dec" stays in 2026.
func calendarPlan(id string) map[string]any {
	p := smallPlan(id)
	p["calendar"] = "cn"
	p["start"] = "2026-12-01"
	task := func(id, deadline string, phases ...any) map[string]any {
		var ph []map[string]any
		for i := 0; i < len(phases); i += 2 {
			ph = append(ph, map[string]any{"name": phases[i], "workdays": phases[i+1]})
		}
		return map[string]any{"id": id, "title": "task " + id, "owner": "li", "supervisor": "zhao",
			"approvers": []string{"zhao"}, "deadline": deadline, "phases": ph}
	}
	p["tracks"] = []map[string]any{{"id": "a", "title": "Track A", "tasks": []map[string]any{
		task("oct", "2027-10-15", "方案", 7, "实施", 5),
		task("feb", "2027-02-26", "p", 3),
		task("dec", "2026-12-25", "p", 3),
	}}}
	return p
}

type calendarTaskView struct {
	ID          string `json:"id"`
	Provisional bool   `json:"provisional"`
	Milestones  []struct {
		Name        string    `json:"name"`
		Start       time.Time `json:"start"`
		Due         time.Time `json:"due"`
		Provisional bool      `json:"provisional"`
	} `json:"milestones"`
}

type calendarYear struct {
	Year        int    `json:"year"`
	Kind        string `json:"kind"`
	Provisional bool   `json:"provisional"`
	Source      string `json:"source"`
	LoadedBy    string `json:"loaded_by"`
	Notice      *struct {
		Document string `json:"document"`
	} `json:"notice"`
	Holidays []string `json:"holidays"`
}

// The notice loaded in the test: made up for it, shaped like the real ones.
const testNotice = "国务院办公厅关于2027年部分节假日安排的通知(国办发明电〔2026〕99号,测试用)"

// Calendars past the shipped years, through HTTP on both databases: a 2027
// plan on cn imports today, marked provisional; GET lists the years; only an
// admin loads a notice and bad dates are named; loading a notice with a
// make-up Sunday and extra days off moves the milestones it touches, each
// moved task records why, a task in 2026 gets no event, and loading it again
// moves nothing.
func TestCalendarProvisionalAndLoadedYears(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d := newDev(t, kind)
			tok := d.team()
			shanghai, err := time.LoadLocation("Asia/Shanghai")
			if err != nil {
				t.Fatal(err)
			}
			day := func(at time.Time) string { return at.In(shanghai).Format(time.DateOnly) }

			var dry struct {
				Tasks []calendarTaskView `json:"tasks"`
			}
			d.must(200, tok["boss"], "POST", "/api/v1/campaigns?dry_run=true", calendarPlan("cal"), &dry)
			var imported struct {
				Tasks []calendarTaskView `json:"tasks"`
			}
			d.must(201, tok["boss"], "POST", "/api/v1/campaigns", calendarPlan("cal"), &imported)
			for _, answer := range [][]calendarTaskView{dry.Tasks, imported.Tasks} {
				for _, v := range answer {
					if want := v.ID != "dec"; v.Provisional != want || v.Milestones[0].Provisional != want {
						t.Fatalf("%s: provisional %v at import: %+v", v.ID, v.Provisional, v)
					}
				}
			}
			var oct calendarTaskView
			d.must(200, tok["chen"], "GET", taskPath("cal", "oct", ""), nil, &oct)
			// Provisional 2027: of 国庆 only 10-01 (a Friday) is a weekday
			// off, so 方案's seven days (to 10-08) start a day earlier than
			// weekdays alone would have them: 09-29, not 09-30.
			if got := day(oct.Milestones[0].Start); got != "2027-09-29" {
				t.Fatalf("oct starts %s on the provisional calendar, want 2027-09-29", got)
			}

			var list struct {
				Years []calendarYear `json:"years"`
			}
			d.must(200, tok["chen"], "GET", "/api/v1/calendars/cn", nil, &list)
			kinds := map[int]calendarYear{}
			for _, y := range list.Years {
				kinds[y.Year] = y
			}
			if y := kinds[2025]; y.Kind != "shipped" || y.Provisional || y.Notice == nil || y.Notice.Document != "国办发明电〔2024〕12号" {
				t.Fatalf("2025: %+v", y)
			}
			if y := kinds[2027]; y.Kind != "provisional" || !y.Provisional || !strings.Contains(y.Source, "国务院令第795号") || len(y.Holidays) != 13 {
				t.Fatalf("2027: %+v", y)
			}
			if _, ok := kinds[time.Now().In(shanghai).Year()+2]; !ok {
				t.Fatalf("the list must reach two years ahead: %+v", list.Years)
			}
			expectProblem(t, d.call(tok["chen"], "GET", "/api/v1/calendars/moon", nil), 404, "")

			notice := map[string]any{
				"source": testNotice,
				"holidays": []string{"2027-01-01",
					"2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
					"2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"},
				"workdays": []string{"2027-09-26", "2027-10-09"}, // a Sunday and a Saturday worked
			}
			expectProblem(t, d.call(tok["boss"], "PUT", "/api/v1/calendars/cn/years/2027", notice), 403, "")
			bad := d.call(d.admin, "PUT", "/api/v1/calendars/cn/years/2027", map[string]any{
				"source": testNotice, "holidays": []string{"2027-10-01", "2027-13-01", "2028-01-01"}, "workdays": []string{"2027-10-04"},
			})
			for _, field := range []string{"holidays[1]", "holidays[2]", "workdays[0]"} {
				expectProblem(t, bad, 422, field)
			}
			expectProblem(t, d.call(d.admin, "PUT", "/api/v1/calendars/cn/years/next", notice), 422, "year")

			var load struct {
				Year        calendarYear `json:"year"`
				Changed     bool         `json:"changed"`
				Rescheduled []struct {
					Campaign string `json:"campaign"`
					Task     string `json:"task"`
				} `json:"rescheduled"`
			}
			d.must(200, d.admin, "PUT", "/api/v1/calendars/cn/years/2027", notice, &load)
			var moved []string
			for _, r := range load.Rescheduled {
				moved = append(moved, r.Campaign+"/"+r.Task)
			}
			// oct's 方案 moves; feb keeps its days but they are official now.
			if !load.Changed || load.Year.Kind != "loaded" || load.Year.LoadedBy == "" || strings.Join(moved, ",") != "cal/feb,cal/oct" {
				t.Fatalf("load: %+v", load)
			}
			oct = calendarTaskView{} // a fresh value: absent fields must not keep old ones
			d.must(200, tok["chen"], "GET", taskPath("cal", "oct", ""), nil, &oct)
			// 10-04..10-07 are off now, and the worked Saturday 10-09 and
			// Sunday 09-26 both count: 方案 is 10-09, 10-08, 09-30..09-26.
			if got := day(oct.Milestones[0].Start); got != "2027-09-26" || oct.Provisional || oct.Milestones[0].Provisional {
				t.Fatalf("oct after the notice: starts %s, %+v", got, oct)
			}
			if got := day(oct.Milestones[1].Start); got != "2027-10-11" {
				t.Fatalf("oct's 实施 starts %s, want 2027-10-11", got)
			}
			eventsOf := func(task string) []eventView {
				var log struct {
					Items []eventView `json:"items"`
				}
				d.must(200, tok["chen"], "GET", taskPath("cal", task, "events"), nil, &log)
				return log.Items
			}
			octLog := eventsOf("oct")
			last := octLog[len(octLog)-1]
			if reason, _ := last.Data["reason"].(string); last.Type != "rescheduled" || reason != "calendar cn 2027: official arrangement loaded ("+testNotice+")" {
				t.Fatalf("oct's last event: %+v", last)
			}
			for _, e := range eventsOf("dec") {
				if e.Type == "rescheduled" {
					t.Fatalf("dec, in 2026, was rescheduled: %+v", e)
				}
			}

			// The same notice again: stored already, nobody moves.
			load.Changed, load.Rescheduled = true, nil
			d.must(200, d.admin, "PUT", "/api/v1/calendars/cn/years/2027", notice, &load)
			if load.Changed || len(load.Rescheduled) != 0 {
				t.Fatalf("load again: %+v", load)
			}
			if n := len(eventsOf("oct")); n != len(octLog) {
				t.Fatalf("loading again added events to oct: %d, was %d", n, len(octLog))
			}
			list.Years = nil
			d.must(200, tok["chen"], "GET", "/api/v1/calendars/cn", nil, &list)
			for _, y := range list.Years {
				if y.Year == 2027 && (y.Kind != "loaded" || y.Provisional || y.Source != testNotice) {
					t.Fatalf("2027 after the load: %+v", y)
				}
			}

			// A plan imported now is planned on the loaded year.
			imported.Tasks = nil
			d.must(201, tok["boss"], "POST", "/api/v1/campaigns", calendarPlan("cal2"), &imported)
			for _, v := range imported.Tasks {
				if v.ID == "oct" && (v.Provisional || day(v.Milestones[0].Start) != "2027-09-26") {
					t.Fatalf("oct imported after the load: %+v", v)
				}
			}
		})
	}
}
