package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

var rankShanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// rankDay is the end of a day of 2024 in Shanghai (a plan's deadline), or an
// hour and minute of it.
func rankDay(m time.Month, d int, hm ...int) time.Time {
	if len(hm) == 2 {
		return time.Date(2024, m, d, hm[0], hm[1], 0, 0, rankShanghai).UTC()
	}
	return time.Date(2024, m, d, 23, 59, 59, 0, rankShanghai).UTC()
}

// rankingWorld is a campaign of unit-owned tasks: a parent dispatched to two
// cities, and tasks of five other units, a person and a cancelled one.
func rankingWorld(t *testing.T, kind string) (*store.DB, time.Time) {
	t.Helper()
	db := storetest.Open(t, kind)
	ctx := context.Background()
	now := rankDay(7, 10, 12, 0)
	if _, _, err := db.SaveCampaign(ctx, store.Campaign{
		ID: "c1", Title: "攻坚行动", Owner: "wang", Timezone: "Asia/Shanghai", Calendar: []byte(`"weekdays"`),
		Start: rankDay(5, 1), Deadline: rankDay(12, 31), Status: store.CampaignActive,
		Tracks: []store.Track{{ID: "t1", Title: "轻车"}}, CreatedAt: now,
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertUnits(ctx, []store.Unit{
		{ID: "hn-haikou", Name: "海口市"}, {ID: "hn-sanya", Name: "三亚市"},
		{ID: "hn-wenchang", Name: "文昌市"}, {ID: "qiongzhong", Name: "琼中县"},
	}); err != nil {
		t.Fatal(err)
	}
	onTime, late := true, false
	v := func(id, owner string, status task.Status, due time.Time) task.View {
		light := task.LightGreen
		if status.Terminal() {
			light = task.LightDone
		}
		return task.View{Campaign: "c1", ID: id, Title: "task " + id, Track: "t1", Owner: owner,
			Status: status, Light: light, Deadline: due, Version: 1, Seq: 1}
	}
	closed := func(t task.View, at time.Time, inTime bool) task.View {
		t.ClosedAt = &at
		t.ClosedOnTime = &late
		if inTime {
			t.ClosedOnTime = &onTime
		}
		return t
	}
	returned := func(value, target, town, village float64) []task.IndicatorView {
		return []task.IndicatorView{{ID: "returned", Name: "返岗人数", Unit: "名", Target: target, Value: value,
			Parts: []task.PartView{{ID: "town", Name: "镇街", Value: town}, {ID: "village", Name: "村居", Value: village}}}}
	}
	child := func(t task.View) task.View { t.Parent = "T01"; return t }

	parent := closed(v("T01", "unit:shegongbu", task.StatusClosed, rankDay(6, 30)), rankDay(6, 28, 9, 0), true)
	parent.Indicators = returned(565, 565, 532, 33)
	parent.Children = []task.ChildView{{ID: "T01.hn-haikou", Owner: "unit:hn-haikou"}, {ID: "T01.hn-sanya", Owner: "unit:hn-sanya"}}
	haikou := child(closed(v("T01.hn-haikou", "unit:hn-haikou", task.StatusClosed, rankDay(6, 23)), rankDay(6, 20, 9, 0), true))
	haikou.Indicators = returned(500, 0, 480, 20)
	sanya := child(closed(v("T01.hn-sanya", "unit:hn-sanya", task.StatusClosed, rankDay(6, 23)), rankDay(6, 26, 10, 0), false)) // 3 days late
	sanya.Indicators = returned(65, 0, 52, 13)
	plates := v("T02", "unit:hn-haikou", task.StatusSubmitted, rankDay(7, 5)) // 5 days overdue, though submitted
	plates.Indicators = []task.IndicatorView{{ID: "plates", Name: "清理标牌", Unit: "块", Target: 200, Value: 100}}
	tasks := []task.View{
		parent, haikou, sanya, plates,
		v("T03", "unit:hn-sanya", task.StatusOpen, rankDay(8, 31)),                                         // not due
		v("T04", "unit:hn-sanya", task.StatusCancelled, rankDay(6, 1)),                                     // left out
		v("T05", "li", task.StatusOpen, rankDay(6, 1)),                                                     // a person's
		closed(v("T06", "unit:hn-danzhou", task.StatusClosed, rankDay(6, 30)), rankDay(6, 29, 9, 0), true), // a unit not in the table
		closed(v("T07", "unit:hn-haikou", task.StatusClosed, rankDay(7, 1)), rankDay(7, 3, 9, 0), true),    // submitted in time, signed off later
		v("T08", "unit:hn-danzhou", task.StatusOpen, rankDay(7, 8)),                                        // 2 days overdue
		closed(v("T09", "unit:qiongzhong", task.StatusClosed, rankDay(6, 30)), rankDay(6, 30, 9, 0), true),
		v("T10", "unit:qiongzhong", task.StatusOpen, rankDay(9, 30)),
		closed(v("T11", "unit:hn-wenchang", task.StatusClosed, rankDay(6, 30)), rankDay(6, 2, 9, 0), true),
		closed(v("T13", "unit:hn-sanya", task.StatusClosed, rankDay(7, 1)), rankDay(7, 2, 0, 30), false), // half an hour late: the next day
		v("T14", "unit:hn-sanya", task.StatusOpen, rankDay(7, 9)),                                        // 1 day overdue
	}
	tasks[10].Track = "t2"                              // T09
	tasks[6].Title = `一项写明"indicators":[{"id":"x"}]的任务` // T05: no title passes for indicators
	for _, tk := range tasks {
		if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: tk}); err != nil {
			t.Fatal(err)
		}
	}
	return db, now
}

// The ranking has one row per owning unit, children included, with every
// column computed, sorted by on-time percent, then fewest overdue, then id;
// units equal on percent and overdue share a rank (wenchang and shegongbu
// are both first, haikou third).
func TestUnitRanking(t *testing.T) {
	pct := func(v float64) *float64 { return &v }
	parts := func(town, village float64) []task.PartView {
		return []task.PartView{{ID: "town", Name: "镇街", Value: town}, {ID: "village", Name: "村居", Value: village}}
	}
	want := []store.UnitRank{
		{Rank: 1, ID: "hn-wenchang", Name: "文昌市", Tasks: 1, Closed: 1, ClosedOnTime: 1, OnTimePct: 100, Indicators: []task.IndicatorView{}},
		{Rank: 1, ID: "shegongbu", Name: "shegongbu", Tasks: 1, Closed: 1, ClosedOnTime: 1, OnTimePct: 100,
			Indicators: []task.IndicatorView{{ID: "returned", Name: "返岗人数", Unit: "名", Target: 565, Value: 565, Percent: pct(100), Parts: parts(532, 33)}}},
		{Rank: 3, ID: "hn-haikou", Name: "海口市", Tasks: 3, Closed: 2, ClosedOnTime: 2, Overdue: 1, OnTimePct: 67, AvgDaysLate: 5,
			Indicators: []task.IndicatorView{
				{ID: "returned", Name: "返岗人数", Unit: "名", Value: 500, Parts: parts(480, 20)},
				{ID: "plates", Name: "清理标牌", Unit: "块", Target: 200, Value: 100, Percent: pct(50)},
			}},
		{Rank: 4, ID: "qiongzhong", Name: "琼中县", Tasks: 2, Closed: 1, ClosedOnTime: 1, OnTimePct: 50, Indicators: []task.IndicatorView{}},
		{Rank: 5, ID: "hn-danzhou", Name: "hn-danzhou", Tasks: 2, Closed: 1, ClosedOnTime: 1, Overdue: 1, OnTimePct: 50, AvgDaysLate: 2, Indicators: []task.IndicatorView{}},
		{Rank: 6, ID: "hn-sanya", Name: "三亚市", Tasks: 4, Closed: 2, ClosedOnTime: 0, Overdue: 1, OnTimePct: 0, AvgDaysLate: 1.7, // (3+1+1)/3
			Indicators: []task.IndicatorView{{ID: "returned", Name: "返岗人数", Unit: "名", Value: 65, Parts: parts(52, 13)}}},
	}
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db, now := rankingWorld(t, kind)
			ctx := context.Background()
			got, err := db.UnitRanking(ctx, "c1", now)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("ranking (-want +got):\n%s", diff)
			}
			if _, err := db.UnitRanking(ctx, "nope", now); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("unknown campaign: %v", err)
			}

			// The report's indicator lines: top-level tasks with indicators.
			lines, err := db.IndicatorTasks(ctx, "c1")
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) != 2 || lines[0].ID != "T01" || lines[1].ID != "T02" ||
				lines[0].Indicators[0].Value != 565 || lines[0].Indicators[0].Parts[1].Value != 33 || lines[1].Owner != "unit:hn-haikou" {
				t.Fatalf("indicator tasks: %+v", lines)
			}

			// The campaign's own lists: no children, by track, a page at a time.
			var ids []string
			cursor := ""
			for range 10 {
				page, next, err := db.TopTasks(ctx, "c1", "t1", cursor, 4)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range page {
					ids = append(ids, v.ID)
				}
				if cursor = next; cursor == "" {
					break
				}
			}
			if want := []string{"T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T10", "T11", "T13", "T14"}; !cmp.Equal(ids, want) {
				t.Fatalf("top tasks of t1: %v, want %v", ids, want)
			}
			if page, next, err := db.TopTasks(ctx, "c1", "", "", 100); err != nil || len(page) != 13 || next != "" {
				t.Fatalf("top tasks: %d %q %v", len(page), next, err)
			}
			if _, _, err := db.TopTasks(ctx, "c1", "", "!!", 10); !errors.Is(err, store.ErrBadCursor) {
				t.Fatalf("bad cursor: %v", err)
			}

			names, err := db.UnitNames(ctx, []string{"hn-sanya", "hn-danzhou", "hn-haikou", "hn-sanya"})
			if err != nil || !cmp.Equal(names, map[string]string{"hn-sanya": "三亚市", "hn-haikou": "海口市"}) {
				t.Fatalf("unit names: %v %v", names, err)
			}
		})
	}
}

// A 10,000-task campaign is ranked in one query, quickly.
func TestUnitRankingLargeCampaign(t *testing.T) {
	if testing.Short() {
		t.Skip("large campaign")
	}
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db, now := rankingWorld(t, kind)
			ctx := context.Background()
			var batch []task.View
			for i := range 10000 {
				v := task.View{Campaign: "c1", ID: fmt.Sprintf("L%05d", i), Title: "清理借调乡镇(街道)、村(社区)工作人员", Track: "t1",
					Owner: task.UnitRef(fmt.Sprintf("u%02d", i%40)), Parent: "T01", Status: task.StatusOpen, Light: task.LightGreen,
					Deadline: rankDay(6, 1).AddDate(0, 0, i%90), Version: 1,
					Milestones: []task.MilestoneView{{Name: "制定方案", Due: rankDay(5, 10)}, {Name: "组织实施", Due: rankDay(6, 7)}},
					Indicators: []task.IndicatorView{{ID: "returned", Name: "返岗人数", Unit: "名", Value: 1,
						Parts: []task.PartView{{ID: "town", Name: "镇街", Value: 1}, {ID: "village", Name: "村居"}}}}}
				batch = append(batch, v)
				if len(batch) == 1000 {
					if err := db.SeedTasks(ctx, batch); err != nil {
						t.Fatal(err)
					}
					batch = batch[:0]
				}
			}
			if err := db.Analyze(ctx); err != nil {
				t.Fatal(err)
			}
			// Only the answer is checked here: its speed is measured by
			// benchmarks (docs/performance.md), never by a timed test.
			rows, err := db.UnitRanking(ctx, "c1", now)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 46 {
				t.Fatalf("%d rows", len(rows))
			}
			for _, r := range rows {
				if r.ID == "u07" && (r.Tasks != 250 || r.Indicators[0].Value != 250 || r.Indicators[0].Parts[0].Value != 250) {
					t.Fatalf("u07: %+v", r)
				}
			}
		})
	}
}
