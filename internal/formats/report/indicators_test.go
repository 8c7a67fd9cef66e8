package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/platform/store"
)

func returnedStaff(value, target, town, village float64) task.IndicatorView {
	return task.IndicatorView{ID: "returned", Name: "返岗人数", Unit: "名", Target: target, Value: value,
		Parts: []task.PartView{{ID: "town", Name: "镇街", Value: town}, {ID: "village", Name: "村居", Value: village}}}
}

// Indicators are worded as the seed reports its figures.
func TestIndicatorSentenceReadsLikeTheSeed(t *testing.T) {
	for _, tc := range []struct {
		iv     task.IndicatorView
		zh, en string
	}{
		{returnedStaff(565, 565, 532, 33), "返岗人数565名(镇街532名、村居33名),完成目标100%", "returned 565 (town 532, village 33), 100% of target"},
		{returnedStaff(500, 0, 480, 20), "返岗人数500名(镇街480名、村居20名)", "returned 500 (town 480, village 20)"},
		{task.IndicatorView{ID: "trained", Name: "培训", Unit: "人次", Target: 400, Value: 268}, "培训268人次,完成目标67%", "trained 268, 67% of target"},
		{task.IndicatorView{ID: "plates", Name: "清理标牌", Unit: "块", Value: 24647}, "清理标牌24647块", "plates 24647"},
		{task.IndicatorView{ID: "reduced", Name: "平均减少", Unit: "%", Target: 31, Value: 15.5}, "平均减少15.5%,完成目标50%", "reduced 15.5%, 50% of target"}, // 50.0
		{task.IndicatorView{ID: "road", Name: "道路", Unit: "km", Target: 8, Value: 1}, "道路1km,完成目标13%", "road 1 km, 13% of target"},                 // 12.5 → 13
		{task.IndicatorView{ID: "x", Name: "比例", Target: 1, Value: 0.145}, "比例0.15,完成目标15%", "x 0.15, 15% of target"},                              // 14.5 → 15
	} {
		zh, en := IndicatorSentence(tc.iv)
		if zh != tc.zh || en != tc.en {
			t.Errorf("%s:\n got %s | %s\nwant %s | %s", tc.iv.ID, zh, en, tc.zh, tc.en)
		}
	}
	if got := Number(2.0000001); got != "2" {
		t.Errorf("Number(2.0000001) = %s", got)
	}
}

// fakeSource is a report's source with fixed answers.
type fakeSource struct {
	flagged, overdue []store.TaskLine
	units            []store.UnitRank
	indicators       []store.TaskIndicators
}

func (f fakeSource) GetCampaign(ctx context.Context, id string) (store.Campaign, error) {
	if id != "xmlc" {
		return store.Campaign{}, store.ErrNotFound
	}
	return store.Campaign{ID: "xmlc", Title: "攻坚行动", Timezone: "Asia/Shanghai", Tracks: []store.Track{{ID: "qingche", Title: "轻车"}}}, nil
}

func (f fakeSource) Rollup(ctx context.Context, campaign string) ([]Row, error) {
	return []Row{{Track: "qingche", Status: "closed", Light: "done", OnTime: true, N: 1}, {Track: "qingche", Status: "open", Light: "red", Late: true, N: 1}}, nil
}

func (f fakeSource) FlaggedTasks(ctx context.Context, campaign string) ([]store.TaskLine, error) {
	return f.flagged, nil
}

func (f fakeSource) OverdueTasks(ctx context.Context, campaign string) ([]store.TaskLine, error) {
	return f.overdue, nil
}

func (f fakeSource) UnitRanking(ctx context.Context, campaign string, now time.Time) ([]store.UnitRank, error) {
	return f.units, nil
}

func (f fakeSource) IndicatorTasks(ctx context.Context, campaign string) ([]store.TaskIndicators, error) {
	return f.indicators, nil
}

func seedSource() fakeSource {
	now := time.Date(2024, 7, 10, 4, 0, 0, 0, time.UTC)
	t01 := store.TaskLine{Campaign: "xmlc", ID: "T01", Title: "清理借调乡镇(街道)、村(社区)工作人员", Track: "qingche", Owner: "unit:shegongbu",
		Leader: "wang", Flagged: true, Status: task.StatusClosed, Light: task.LightDone, Deadline: now.AddDate(0, 0, -10)}
	t02 := store.TaskLine{Campaign: "xmlc", ID: "T02", Title: "清理村(社区)标牌", Track: "qingche", Owner: "unit:hn-haikou",
		Status: task.StatusOpen, Light: task.LightRed, Deadline: now.AddDate(0, 0, -2), EscalationLevel: 1}
	t03 := store.TaskLine{Campaign: "xmlc", ID: "T03", Title: "取消的任务", Owner: "li", Status: task.StatusCancelled, Light: task.LightDone}
	plates := task.IndicatorView{ID: "plates", Name: "清理标牌", Unit: "块", Value: 24647}
	pct := 100.0
	haikouReturned := returnedStaff(532, 0, 500, 32)
	return fakeSource{
		flagged: []store.TaskLine{t01},
		overdue: []store.TaskLine{t02},
		units: []store.UnitRank{
			{Rank: 1, ID: "shegongbu", Name: "shegongbu", Tasks: 1, Closed: 1, ClosedOnTime: 1, OnTimePct: 100,
				Indicators: []task.IndicatorView{func() task.IndicatorView { v := returnedStaff(565, 565, 532, 33); v.Percent = &pct; return v }()}},
			{Rank: 2, ID: "hn-haikou", Name: "海口市", Tasks: 3, Closed: 1, ClosedOnTime: 1, Overdue: 1, OnTimePct: 33, AvgDaysLate: 2.5,
				Indicators: []task.IndicatorView{haikouReturned, plates}},
		},
		indicators: []store.TaskIndicators{
			{TaskLine: t01, Indicators: []task.IndicatorView{returnedStaff(565, 565, 532, 33)}},
			{TaskLine: t02, Indicators: []task.IndicatorView{plates}},
			{TaskLine: t03, Indicators: []task.IndicatorView{plates}},
		},
	}
}

// The report carries the ranking, and its task lines their indicators in
// the seed's words; the indicators section lists every top-level task that
// has some, cancelled ones left out.
func TestReportCarriesUnitsAndIndicators(t *testing.T) {
	src := seedSource()
	now := time.Date(2024, 7, 10, 4, 0, 0, 0, time.UTC)
	r, err := Build(context.Background(), src, "xmlc", now)
	if err != nil {
		t.Fatal(err)
	}
	seed := "返岗人数565名(镇街532名、村居33名),完成目标100%"
	if len(r.Flagged) != 1 || len(r.Flagged[0].Indicators) != 1 || r.Flagged[0].Indicators[0].SentenceZH != seed ||
		r.Flagged[0].Indicators[0].SentenceEN != "returned 565 (town 532, village 33), 100% of target" || *r.Flagged[0].Indicators[0].Percent != 100 {
		t.Fatalf("flagged: %+v", r.Flagged)
	}
	if len(r.Overdue) != 1 || r.Overdue[0].Indicators[0].SentenceZH != "清理标牌24647块" || r.Overdue[0].Indicators[0].Percent != nil {
		t.Fatalf("overdue: %+v", r.Overdue)
	}
	if ids := []string{r.Indicators[0].ID, r.Indicators[1].ID}; len(r.Indicators) != 2 || !cmp.Equal(ids, []string{"T01", "T02"}) {
		t.Fatalf("indicators: %+v", r.Indicators)
	}
	if !cmp.Equal(r.Units, src.units) {
		t.Fatalf("units: %+v", r.Units)
	}

	// JSON: the line's own fields and its indicators side by side.
	doc, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Units   []map[string]any `json:"units"`
		Flagged []map[string]any `json:"flagged"`
	}
	if err := json.Unmarshal(doc, &back); err != nil {
		t.Fatal(err)
	}
	if back.Flagged[0]["id"] != "T01" || back.Flagged[0]["indicators"].([]any)[0].(map[string]any)["sentence_zh"] != seed {
		t.Fatalf("flagged JSON: %v", back.Flagged)
	}
	if back.Units[1]["id"] != "hn-haikou" || back.Units[1]["on_time_pct"] != float64(33) || back.Units[1]["avg_days_late"] != 2.5 {
		t.Fatalf("units JSON: %v", back.Units)
	}

	var md bytes.Buffer
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## 单位考评 Units",
		"| 1 | shegongbu | 1 | 1 | 1 | 0 | 100 | 0 | " + seed + " | returned 565 (town 532, village 33), 100% of target |",
		"| 2 | 海口市 (hn-haikou) | 3 | 1 | 1 | 1 | 33 | 2.5 | 返岗人数532名(镇街500名、村居32名);清理标牌24647块 | returned 532 (town 500, village 32); plates 24647 |",
		"| 状态 Status | 灯 Light | 指标 Indicators |",
		"| closed | done | " + seed + " / returned 565 (town 532, village 33), 100% of target |",
		"| 2 | 1 | 清理标牌24647块 / plates 24647 |",
		"## 指标 Indicators",
		"| T01 清理借调乡镇(街道)、村(社区)工作人员 | unit:shegongbu | closed | " + seed + " |",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	if strings.Contains(md.String(), "取消的任务") {
		t.Errorf("markdown lists a cancelled task:\n%s", md.String())
	}

	var out bytes.Buffer
	if err := WriteCSV(&out, r); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(&out)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"rank", "unit", "name", "tasks", "closed", "closed_on_time", "overdue", "on_time_pct", "avg_days_late", "returned", "returned.town", "returned.village", "plates"},
		{"1", "shegongbu", "shegongbu", "1", "1", "1", "0", "100", "0", "565", "532", "33", ""},
		{"2", "hn-haikou", "海口市", "3", "1", "1", "1", "33", "2.5", "532", "500", "32", "24647"},
		{"task", "title", "indicator", "part", "name", "unit", "target", "value", "target_pct"},
		{"T01", "清理借调乡镇(街道)、村(社区)工作人员", "returned", "", "返岗人数", "名", "565", "565", "100"},
		{"T01", "清理借调乡镇(街道)、村(社区)工作人员", "returned", "town", "镇街", "名", "", "532", ""},
		{"T01", "清理借调乡镇(街道)、村(社区)工作人员", "returned", "village", "村居", "名", "", "33", ""},
		{"T02", "清理村(社区)标牌", "plates", "", "清理标牌", "块", "", "24647", ""},
	}
	if diff := cmp.Diff(want, recs[1+1+len(r.Tracks):]); diff != "" {
		t.Fatalf("CSV sections (-want +got):\n%s", diff)
	}

	// The ranking alone, as GET /campaigns/{id}/units serves it.
	rk, err := BuildRanking(context.Background(), src, "xmlc", now)
	if err != nil || rk.Title != "攻坚行动" || len(rk.Units) != 2 {
		t.Fatalf("ranking: %+v %v", rk, err)
	}
	if _, err := BuildRanking(context.Background(), src, "nope", now); err != store.ErrNotFound {
		t.Fatalf("unknown campaign: %v", err)
	}
	out.Reset()
	if err := WriteRankingCSV(&out, rk); err != nil {
		t.Fatal(err)
	}
	if recs, err := csv.NewReader(&out).ReadAll(); err != nil || !cmp.Equal(recs, want[:3]) {
		t.Fatalf("ranking CSV: %v %v", recs, err)
	}
	md.Reset()
	if err := WriteRankingMarkdown(&md, rk); err != nil || !strings.Contains(md.String(), "单位考评 / Unit ranking, 2024-07-10 12:00") ||
		!strings.Contains(md.String(), "| 2 | 海口市 (hn-haikou) | 3 |") {
		t.Fatalf("ranking markdown: %v\n%s", err, md.String())
	}
}

// A campaign without units or indicators reports exactly as before: no
// new sections, no new columns.
func TestReportWithoutUnitsIsUnchanged(t *testing.T) {
	src := seedSource()
	src.units, src.indicators = nil, nil
	r, err := Build(context.Background(), src, "xmlc", time.Date(2024, 7, 10, 4, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var md, out bytes.Buffer
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(&out, r); err != nil {
		t.Fatal(err)
	}
	for _, not := range []string{"单位考评", "指标"} {
		if strings.Contains(md.String(), not) {
			t.Errorf("markdown has %q:\n%s", not, md.String())
		}
	}
	if recs, err := csv.NewReader(&out).ReadAll(); err != nil || len(recs) != 3 {
		t.Errorf("CSV: %d rows, %v", len(recs), err)
	}
	if r.Units == nil || r.Indicators == nil {
		t.Errorf("empty lists should be [] in JSON: %#v %#v", r.Units, r.Indicators)
	}
}
