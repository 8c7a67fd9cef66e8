//go:build chaos

package chaos

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
)

// Every error the store gives while PostgreSQL crashes and comes back, over
// and over, must be one IsUnavailable knows (the API's 503, the workflows'
// retry) or the caller's own deadline: anything else is a bare 500 in the
// API's answers. The queries are the ones an action runs before it reaches
// its workflow (token, units, standins, idempotency claim), a task read and
// projection writes, from 16 goroutines sharing one pool, as in closeout dev.
func TestStoreErrorsDuringRestartsAreUnavailable(t *testing.T) {
	pg, err := newPostgres()
	if err != nil {
		t.Fatal(err)
	}
	closeWhenDone(t, pg)
	ctx := context.Background()
	db, err := store.Open(ctx, pg.url())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CreatePerson(ctx, store.Person{ID: "li", Name: "Li"}); err != nil {
		t.Fatal(err)
	}
	var (
		mu     sync.Mutex
		odd    = map[string]int{}
		ok, un atomic.Int64
		stop   atomic.Bool
		wg     sync.WaitGroup
	)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				qctx, cancel := context.WithTimeout(ctx, 2*time.Second)
				var err error
				switch i % 6 {
				case 5:
					v := int64(i/6 + 1)
					err = db.ProjectTask(qctx, task.ProjectionWrite{Task: task.View{
						Campaign: "c1", ID: fmt.Sprintf("T%02d", g), Title: "t", Track: "t1", Owner: "li",
						Status: task.StatusOpen, Light: task.LightGreen, Version: v, Seq: v,
						Deadline: time.Date(2027, 6, 30, 16, 0, 0, 0, time.UTC),
					}, Events: []task.Event{{Seq: v, At: time.Now().UTC(), Actor: "li", Type: "progress", Data: map[string]any{"n": float64(v)}}}})
				case 0:
					_, err = db.PersonByTokenHash(qctx, "nohash")
					if errors.Is(err, store.ErrNotFound) {
						err = nil
					}
				case 1:
					_, err = db.UnitsOf(qctx, "li")
				case 2:
					_, err = db.StandsInFor(qctx, "li", time.Now())
				case 3:
					_, err = db.GetTask(qctx, "c", "T01")
					if errors.Is(err, store.ErrNotFound) {
						err = nil
					}
				case 4:
					_, err = db.ClaimIdempotencyKey(qctx, "li", fmt.Sprintf("k%d-%d", g, i), "h", time.Now())
				}
				cancel()
				switch {
				case err == nil:
					ok.Add(1)
				case store.IsUnavailable(err) || errors.Is(err, context.DeadlineExceeded):
					un.Add(1)
				default:
					mu.Lock()
					odd[fmt.Sprintf("%T: %v", err, err)]++
					mu.Unlock()
				}
				time.Sleep(time.Millisecond) // pace, so the pool is not just spinning on a dead server
			}
		}(g)
	}
	for r := 0; r < 10; r++ {
		time.Sleep(700 * time.Millisecond)
		if err := pg.stop(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		if err := pg.start(); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(time.Second)
	stop.Store(true)
	wg.Wait()
	t.Logf("store outage: restarts=10 answered=%d unavailable=%d other=%d", ok.Load(), un.Load(), len(odd))
	if un.Load() == 0 {
		t.Error("no query met an outage: the test tested nothing")
	}
	for k, n := range odd {
		t.Errorf("%d x %s", n, k)
	}
}
