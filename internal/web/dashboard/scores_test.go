package dashboard

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/domain/scoring"
	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/web/api"
)

// fixedScores answers every campaign's scores with the same figures (how
// they are counted is the API's and report's tests'); an unknown campaign
// is store.ErrNotFound, as the API's.
type fixedScores report.Scores

func (f fixedScores) Scores(_ context.Context, campaign, _ string) (report.Scores, error) {
	if campaign != f.Campaign {
		return report.Scores{}, store.ErrNotFound
	}
	return report.Scores(f), nil
}

// scoresFixture is the fixture's dashboard with a scores page over s.
func scoresFixture(t *testing.T, s Scores) *fixture {
	t.Helper()
	f := newFixture(t)
	r := gin.New()
	New(Options{Store: f.db, Tasks: f.tasks, Now: func() time.Time { return testNow }, APINotFound: api.NotFound, Scores: s}).Mount(r)
	f.handler = r
	return f
}

// The scores page: one bar list and table per class, ranks shared by equal
// scores, a bar as long as the score against the largest, red below zero,
// the items in the reader's language, typed names escaped.
func TestScoresPage(t *testing.T) {
	f := scoresFixture(t, fixedScores{Campaign: "c1", Title: "破解基层治理攻坚行动", Units: []scoring.UnitScore{
		{Unit: "hn-haikou", Name: "海口市", Class: "市县", Score: 2, Rank: 1, Items: []scoring.Item{
			{What: "closed on time", WhatZh: "按时办结", Points: 1, Task: "T4.hn-haikou"},
			{What: "adjusted by hand: good", WhatZh: "人工调整：经验推广", Points: 1}}},
		{Unit: "hn-sanya", Name: "<b>三亚市</b>", Class: "市县", Score: 2, Rank: 1, Items: []scoring.Item{}},
		{Unit: "hn-danzhou", Name: "儋州市", Class: "市县", Score: -1, Rank: 3, Items: []scoring.Item{
			{What: "returned 1 times", WhatZh: "退回重办 1 次", Points: -1, Task: "T9"}}},
		{Unit: "edu", Name: "教育厅", Class: "省直部门", Score: 0.5, Rank: 1, Items: []scoring.Item{}},
	}})
	b := f.browser(t)
	b.signIn("zhao")
	rec := b.get("/campaigns/c1/scores")
	if rec.Code != http.StatusOK {
		t.Fatalf("scores: %d\n%s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	mustContain(t, body, `id="scores" data-units="4"`, `class="current" aria-current="page">考评得分`,
		`<h3 class="score-class" data-class="市县">市县</h3>`, `<h3 class="score-class" data-class="省直部门">省直部门</h3>`,
		`data-unit="hn-haikou" data-rank="1" data-score="2"`, `data-unit="hn-sanya" data-rank="1" data-score="2"`,
		`data-unit="hn-danzhou" data-rank="3" data-score="-1"`,
		`按时办结 <a href="/tasks/c1/T4.hn-haikou">T4.hn-haikou</a> <span class="points">&#43;1</span>`, // html/template writes + as &#43;
		`人工调整：经验推广 <span class="points">&#43;1</span>`, "&lt;b&gt;三亚市&lt;/b&gt;",
		`<li class="row has-overdue" data-unit="hn-danzhou" data-score="-1">`,
		`href="/api/v1/campaigns/c1/scores?format=xlsx"`)
	if strings.Contains(body, "<b>三亚市") {
		t.Error("a typed unit name is not escaped")
	}
	bars := regexp.MustCompile(`data-unit="([a-z-]+)" data-score="[-\d.]+">\s*<span class="place"[^>]*>(\d+)</span>[\s\S]*?<rect class="fill" width="(\d+)"`).FindAllStringSubmatch(body, -1)
	if len(bars) != 4 || bars[0][3] != "100" || bars[2][3] != "50" || bars[3][1] != "edu" || bars[3][2] != "1" || bars[3][3] != "25" {
		t.Fatalf("bars: %v", bars)
	}
	assertOnlyLocalResources(t, "/campaigns/c1/scores", body)

	en := b.get("/campaigns/c1/scores?lang=en").Body.String()
	mustContain(t, en, "Scores", "closed on time", "adjusted by hand: good", "Items")
	mustContain(t, b.get("/campaigns/c1?lang=zh").Body.String(), `href="/campaigns/c1/scores" id="tab-scores"`)
	if rec := b.get("/campaigns/nope/scores"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown campaign: %d", rec.Code)
	}
}

// Without Options.Scores there is no scores page and no tab.
func TestNoScoresPageWithoutScores(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("zhao")
	if rec := b.get("/campaigns/c1/scores"); rec.Code != http.StatusNotFound {
		t.Errorf("scores page without Scores: %d", rec.Code)
	}
	if strings.Contains(b.get("/campaigns/c1").Body.String(), "tab-scores") {
		t.Error("the board offers a scores tab without Scores")
	}
}
