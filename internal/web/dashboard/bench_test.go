package dashboard

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// The pages over a 10,000-task campaign, on each projection database: what a
// board, a chart or "my tasks" costs when the campaign is large.
func BenchmarkPages10k(b *testing.B) {
	for _, kind := range storetest.Kinds {
		b.Run(kind, func(b *testing.B) {
			f := newFixtureOn(b, kind)
			seedLargeCampaign(b, f, 10000)
			br := f.browser(b)
			br.signIn("zhao")
			for _, path := range []string{"/", "/campaigns/c1", "/campaigns/c1?track=t2", "/campaigns/c1/burndown", "/campaigns/c1/gantt", "/campaigns/c1/units", "/my"} {
				b.Run(path, func(b *testing.B) {
					for b.Loop() {
						if rec := br.get(path); rec.Code != http.StatusOK {
							b.Fatalf("%s: %d", path, rec.Code)
						}
					}
				})
			}
		})
	}
}

// seedLargeCampaign adds n tasks to c1, a fifth of them closed, spread over
// both tracks and five owners.
func seedLargeCampaign(tb testing.TB, f *fixture, n int) {
	tb.Helper()
	tmpl := fixtureTasks()[2]
	var batch []task.View
	for i := range n {
		t := tmpl
		t.ID = fmt.Sprintf("L%05d", i)
		t.Track = []string{"t1", "t2"}[i%2]
		t.Owner = []string{"li", "zhao", "wang", "p4", "p5"}[i%5]
		t.Deadline = day(6, 1).AddDate(0, 0, i%200)
		if i%5 == 0 {
			t.Status, t.Light = task.StatusClosed, task.LightDone
			closed := day(5, 1).AddDate(0, 0, i%30)
			t.ClosedAt = &closed
		}
		batch = append(batch, t)
		if len(batch) == 500 || i == n-1 {
			if err := f.db.SeedTasks(context.Background(), batch); err != nil {
				tb.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}
