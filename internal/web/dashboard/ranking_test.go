package dashboard

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
)

// addUnitTasks adds to the fixture a task of 社工部 dispatched to two cities
// (SPEC section 10): T4, its child of 海口市 closed on time, and its child of
// 三亚市 two days overdue, each with the returned-staff indicator.
func addUnitTasks(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	if err := f.db.UpsertUnits(ctx, []store.Unit{{ID: "hn-haikou", Name: "海口市", CreatedAt: testNow}, {ID: "hn-sanya", Name: "三亚市", CreatedAt: testNow}}); err != nil {
		t.Fatal(err)
	}
	returned := func(value, target, town, village float64) []task.IndicatorView {
		iv := task.IndicatorView{ID: "returned", Name: "返岗人数", Unit: "名", Target: target, Value: value,
			Parts: []task.PartView{{ID: "town", Name: "镇街", Value: town}, {ID: "village", Name: "村居", Value: village}}}
		if target > 0 {
			pct := value / target * 100
			iv.Percent = &pct
		}
		return []task.IndicatorView{iv}
	}
	base := task.View{Campaign: "c1", Track: "t1", CampaignOwner: "wang", Supervisor: "wang", Approvers: []string{"wang"},
		Status: task.StatusOpen, Light: task.LightGreen, Deadline: day(6, 14), Version: 1, Milestones: milestones(task.MilestonePending)}
	parent, haikou, sanya := base, base, base
	parent.ID, parent.Title, parent.Owner, parent.Light = "T4", "清理借调乡镇(街道)、村(社区)工作人员", "unit:shegongbu", task.LightRed
	parent.Indicators = returned(565, 565, 532, 33)
	parent.Children = []task.ChildView{
		{ID: "T4.hn-haikou", Owner: "unit:hn-haikou", Status: task.StatusClosed, Light: task.LightDone},
		{ID: "T4.hn-sanya", Owner: "unit:hn-sanya", Status: task.StatusOpen, Light: task.LightRed},
	}
	closedAt, onTime := day(5, 20), true
	haikou.ID, haikou.Title, haikou.Owner, haikou.Parent = "T4.hn-haikou", parent.Title, "unit:hn-haikou", "T4"
	haikou.Status, haikou.Light, haikou.ClosedAt, haikou.ClosedOnTime = task.StatusClosed, task.LightDone, &closedAt, &onTime
	haikou.Deadline, haikou.Indicators = day(6, 7), returned(532, 0, 500, 32)
	sanya.ID, sanya.Title, sanya.Owner, sanya.Parent = "T4.hn-sanya", parent.Title, "unit:hn-sanya", "T4"
	sanya.Light, sanya.Overdue, sanya.Deadline, sanya.Indicators = task.LightRed, true, day(5, 30), returned(33, 0, 32, 1)
	for _, v := range []task.View{parent, haikou, sanya} {
		if err := f.db.ProjectTask(ctx, task.ProjectionWrite{Task: v}); err != nil {
			t.Fatal(err)
		}
	}
}

// The ranking page: the units in order with every figure, a bar per unit as
// long as its on-time rate, and their indicators in the reader's language.
func TestRankingPage(t *testing.T) {
	f := newFixture(t)
	addUnitTasks(t, f)
	b := f.browser(t)
	b.signIn("zhao")

	rec := b.get("/campaigns/c1/units")
	if rec.Code != http.StatusOK {
		t.Fatalf("ranking: %d\n%s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	mustContain(t, body, `id="ranking" data-units="3"`, "单位考评", `class="current" aria-current="page">单位考评`,
		`id="ranking-chart"`,
		`data-unit="hn-haikou" data-rank="1" data-tasks="1" data-closed="1" data-closed-on-time="1" data-overdue="0" data-pct="100" data-days-late="0"`,
		`data-unit="shegongbu" data-rank="2" data-tasks="1" data-closed="0" data-closed-on-time="0" data-overdue="0" data-pct="0" data-days-late="0"`,
		`data-unit="hn-sanya" data-rank="3" data-tasks="1" data-closed="0" data-closed-on-time="0" data-overdue="1" data-pct="0" data-days-late="2"`,
		"海口市", "三亚市", "返岗人数532名(镇街500名、村居32名)", "返岗人数565名(镇街532名、村居33名),完成目标100%",
		`<li class="row has-overdue" data-unit="hn-sanya" data-pct="0">`,
	)
	// The bars: 100% fills the track, 0% is empty, in ranking order, each
	// after its place.
	bars := regexp.MustCompile(`data-unit="([a-z-]+)" data-pct="\d+">\s*<span class="place"[^>]*>(\d+)</span>[\s\S]*?<rect class="fill" width="(\d+)"`).FindAllStringSubmatch(body, -1)
	if len(bars) != 3 || bars[0][1] != "hn-haikou" || bars[0][2] != "1" || bars[0][3] != "100" || bars[1][3] != "0" || bars[2][1] != "hn-sanya" || bars[2][2] != "3" {
		t.Fatalf("bars: %v", bars)
	}
	assertOnlyLocalResources(t, "/campaigns/c1/units", body)
	if i, j := strings.Index(body, `data-rank="1"`), strings.Index(body, `data-rank="3"`); i < 0 || j < i {
		t.Fatalf("rows out of order")
	}

	en := b.get("/campaigns/c1/units?lang=en").Body.String()
	mustContain(t, en, "Unit ranking", "On-time rate", "returned 565 (town 532, village 33), 100% of target", "returned 33 (town 32, village 1)")

	// Every campaign page links the ranking.
	mustContain(t, b.get("/campaigns/c1?lang=zh").Body.String(), `href="/campaigns/c1/units" id="tab-units"`)
	if rec := b.get("/campaigns/nope/units"); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "没有这项攻坚行动") {
		t.Fatalf("unknown campaign: %d", rec.Code)
	}
}

// A campaign without unit-owned tasks says so.
func TestRankingPageEmpty(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("li")
	rec := b.get("/campaigns/c1/units")
	if rec.Code != http.StatusOK {
		t.Fatalf("ranking: %d\n%s", rec.Code, rec.Body)
	}
	mustContain(t, rec.Body.String(), `data-units="0"`, `id="ranking-empty"`, "本行动还没有由单位承办的任务")
}

// The board lists parents and plain tasks, a parent with how many of its
// children are closed; the parent's page lists its indicators and children,
// a child's page links its parent.
func TestParentsAndChildrenPages(t *testing.T) {
	f := newFixture(t)
	addUnitTasks(t, f)
	b := f.browser(t)
	b.signIn("wang")

	board := b.get("/campaigns/c1").Body.String()
	mustContain(t, board, `id="campaign-totals" data-closed="1" data-total="4"`, `data-task="T4"`,
		`data-children="2" data-children-closed="1">1/2个单位已销号`, "unit:shegongbu")
	if strings.Contains(board, `data-task="T4.hn-haikou"`) || strings.Contains(board, `data-task="T4.hn-sanya"`) {
		t.Errorf("the board lists dispatched children:\n%s", board)
	}
	if gantt := b.get("/campaigns/c1/gantt").Body.String(); !strings.Contains(gantt, `data-rows="4"`) {
		t.Errorf("the Gantt view should show the 4 top-level tasks")
	}

	rec := b.get("/tasks/c1/T4")
	if rec.Code != http.StatusOK {
		t.Fatalf("parent page: %d\n%s", rec.Code, rec.Body)
	}
	page := rec.Body.String()
	mustContain(t, page, `id="indicators"`, `data-indicator="returned" data-value="565" data-target="565"`, "565 / 565 名", "100%",
		`data-part="town">镇街 532`, `data-part="village">村居 33`, "返岗人数565名(镇街532名、村居33名),完成目标100%",
		`id="children-count" data-closed="1" data-total="2">1/2个单位已销号`,
		`data-task="T4.hn-haikou" data-status="closed" data-light="done"`, `href="/tasks/c1/T4.hn-haikou"`, "海口市",
		`data-task="T4.hn-sanya" data-status="open" data-light="red"`, `href="/tasks/c1/T4.hn-sanya"`, "三亚市")

	child := b.get("/tasks/c1/T4.hn-sanya?lang=en").Body.String()
	mustContain(t, child, `href="/tasks/c1/T4" id="parent-task"`, "returned 33 (town 32, village 1)", "Value / target")
	if strings.Contains(child, `id="children"`) {
		t.Errorf("a child lists children")
	}
}
