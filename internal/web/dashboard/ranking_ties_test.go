package dashboard

import (
	"context"
	"net/http"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"
)

// Units equal in on-time rate and overdue share their place on the ranking
// page (并列): 海口市 and a second unit closed on time are both first, the
// next unit third.
func TestRankingPageSharesRanks(t *testing.T) {
	f := newFixture(t)
	addUnitTasks(t, f)
	closedAt, onTime := day(5, 20), true
	wenchang := task.View{Campaign: "c1", Track: "t1", ID: "T5", Title: "文昌的任务", Owner: "unit:hn-wenchang", CampaignOwner: "wang",
		Supervisor: "wang", Approvers: []string{"wang"}, Status: task.StatusClosed, Light: task.LightDone, Deadline: day(6, 7),
		ClosedAt: &closedAt, ClosedOnTime: &onTime, Version: 1, Milestones: milestones(task.MilestonePending)}
	if err := f.db.ProjectTask(context.Background(), task.ProjectionWrite{Task: wenchang}); err != nil {
		t.Fatal(err)
	}
	b := f.browser(t)
	b.signIn("zhao")
	rec := b.get("/campaigns/c1/units")
	if rec.Code != http.StatusOK {
		t.Fatalf("ranking: %d\n%s", rec.Code, rec.Body)
	}
	mustContain(t, rec.Body.String(),
		`data-unit="hn-haikou" data-rank="1" `, `data-unit="hn-wenchang" data-rank="1" `,
		`data-unit="shegongbu" data-rank="3" `, `data-unit="hn-sanya" data-rank="4" `,
		// The bars' list shows the same shared places.
		`data-unit="hn-wenchang" data-pct="100">
      <span class="place" title="排名">1</span>`)
}
