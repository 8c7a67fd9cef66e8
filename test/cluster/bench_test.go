//go:build cluster

package cluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/test/benchreport"
	"github.com/closeout/closeout/test/e2e"
)

// BenchmarkCluster measures task creation and a 1,000-task import on
// production's shape: Temporal's own server on PostgreSQL (4 shards), one
// `closeout api` and one `closeout worker` process, the PostgreSQL
// projection. The baseline is bare starts of a no-op workflow by 32 callers
// from this process (its own worker, its own task queue) on the same
// server, measured before closeout's side. Targets as on closeout dev:
// creation at least 0.8 times the bare rate, the import at most 1.25 times
// as long as the bare starts.
func BenchmarkCluster(b *testing.B) {
	const callers, creates, imported = 32, 600, 1000
	ctx := context.Background()
	logDir := keptDir(b)
	prof := newServerProfiler(b)
	tc := startTemporal(b, logDir)
	dbURL := storetest.URL(b, storetest.Postgres)
	if code, out, err := runCloseout(ctx, tc.addr, dbURL, "migrate"); err != nil || code != 0 || !strings.Contains(out, "schema is up to date") {
		b.Fatalf("closeout migrate: exit %d, %v: %s", code, err, out)
	}
	procs := []*proc{startProc(b, logDir, "worker-1", "worker", tc.addr, dbURL), startProc(b, logDir, "api-1", "api", tc.addr, dbURL)}
	ready, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for _, p := range procs {
		if err := p.waitReady(ready); err != nil {
			b.Fatal(err)
		}
	}
	api := newAPIClient(procs[1])
	tokens, err := api.Team(ctx, adminToken)
	if err != nil {
		b.Fatal(err)
	}

	const queue = "bench-bare"
	w := sdkworker.New(tc.client, queue, sdkworker.Options{})
	w.RegisterWorkflowWithOptions(func(workflow.Context) error { return nil }, workflow.RegisterOptions{Name: "bench-noop"})
	if err := w.Start(); err != nil {
		b.Fatal(err)
	}
	defer w.Stop()
	// The update-with-start baseline polls a queue of its own, so it does
	// not wait behind the no-op starts' workflow tasks.
	const initQueue = "bench-init"
	wi := sdkworker.New(tc.client, initQueue, sdkworker.Options{})
	wi.RegisterWorkflowWithOptions(initOnce, workflow.RegisterOptions{Name: "bench-init"})
	if err := wi.Start(); err != nil {
		b.Fatal(err)
	}
	defer wi.Stop()
	bare := func(prefix string, n int) time.Duration {
		return timed(b, n, callers, func(i int) error {
			_, err := tc.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprintf("%s-%d", prefix, i), TaskQueue: queue}, "bench-noop")
			return err
		})
	}

	// phase times one phase of n operations: its CPU by process, and a
	// profile of the server's first profileSeconds when one is asked for.
	cpu := newCPUSplit(b, tc.pgrp, procs)
	phase := func(name, title string, profileSeconds, n int, f func() time.Duration) time.Duration {
		done := prof.during(name, profileSeconds)
		defer done()
		var took time.Duration
		cpu.during(title, n, func() { took = f() })
		return took
	}
	bareCreate := phase("bare-starts", "bare starts", 3, creates, func() time.Duration { return bare("bare", creates) })
	// Not a target, the context of one: a bare start is answered before its
	// first workflow task runs, a creation only after (read-your-writes), so
	// this measures what Temporal alone costs for an answer that late.
	bareInit := phase("bare-update-with-start", "bare update-with-start", 3, creates, func() time.Duration {
		return timed(b, creates, callers, func(i int) error {
			return e2e.UpdateWithStart(ctx, tc.client, fmt.Sprintf("bare-init-%d", i), initQueue, "bench-init", "init")
		})
	})
	due := func(int) string { return time.Now().AddDate(1, 0, 0).Format(time.DateOnly) }
	if err := api.Must(ctx, 201, tokens["boss"], "POST", "/api/v1/campaigns", plan("bench", []string{"T0"}, due, []string{"zhao"}, "1d"), nil); err != nil {
		b.Fatal(err)
	}
	apiCreate := phase("creations", "creations", 8, creates, func() time.Duration {
		return timed(b, creates, callers, func(i int) error {
			return api.Must(ctx, 201, tokens["boss"], "POST", "/api/v1/campaigns/bench/tasks", map[string]any{
				"id": fmt.Sprintf("T%d", i+1), "track": "a", "title": "task", "owner": "li", "supervisor": "zhao", "deadline": due(0),
			}, nil)
		})
	})
	bareImport := phase("bare-import", "bare starts (import's baseline)", 4, imported, func() time.Duration { return bare("bare-import", imported) })
	ids := make([]string, imported)
	for i := range ids {
		ids[i] = fmt.Sprintf("I%04d", i)
	}
	importTook := phase("import", "import", 10, imported, func() time.Duration {
		began := time.Now()
		if err := api.Must(ctx, 201, tokens["boss"], "POST", "/api/v1/campaigns", plan("big", ids, due, []string{"zhao"}, "1d"), nil); err != nil {
			b.Fatal(err)
		}
		return time.Since(began)
	})

	bareRate, apiRate := float64(creates)/bareCreate.Seconds(), float64(creates)/apiCreate.Seconds()
	benchreport.Record(benchreport.Row{
		Order: 80, Target: "task creation, cluster", Value: apiRate / bareRate, Limit: 0.8, AtLeast: true, Unit: "x",
		Measure: fmt.Sprintf("as on dev, through `closeout api` and `closeout worker` on Temporal's server over PostgreSQL, %d callers, %d each", callers, creates),
		Result: fmt.Sprintf("%.0f creates/s against %.0f starts/s (bare update-with-start answered after its first workflow task: %.0f/s)",
			apiRate, bareRate, float64(creates)/bareInit.Seconds()),
	})
	benchreport.Record(benchreport.Row{
		Order: 81, Target: "1,000-task import, cluster", Value: importTook.Seconds() / bareImport.Seconds(), Limit: 1.25, Unit: "x",
		Measure: fmt.Sprintf("`POST /campaigns` of %d tasks against %d bare starts by %d callers, same cluster", imported, imported, callers),
		Result:  fmt.Sprintf("%.1f s against %.1f s", importTook.Seconds(), bareImport.Seconds()),
	})
}

// timed runs op n times from callers goroutines and returns how long that took.
func timed(b *testing.B, n, callers int, op func(i int) error) time.Duration {
	took, err := e2e.Concurrently(n, callers, op)
	if err != nil {
		b.Fatal(err)
	}
	return took
}

// serverProfiler takes CPU profiles of the Temporal server while a phase runs,
// when CLUSTER_PROFILE_DIR names a folder for them (go tool pprof reads them
// with the server binary in ~/.cache/closeout). Otherwise it does nothing.
type serverProfiler struct {
	b    *testing.B
	dir  string
	port int
}

func newServerProfiler(b *testing.B) *serverProfiler {
	p := &serverProfiler{b: b, dir: os.Getenv("CLUSTER_PROFILE_DIR")}
	if p.dir == "" {
		return p
	}
	port, err := e2e.FreePort()
	if err != nil {
		b.Fatal(err)
	}
	p.port = port
	b.Setenv("TEMPORAL_CLUSTER_PPROF_PORT", strconv.Itoa(port))
	return p
}

// during starts a profile of seconds and returns a function that waits for it
// and writes it to name.pprof.
func (p *serverProfiler) during(name string, seconds int) (wait func()) {
	if p.dir == "" {
		return func() {}
	}
	got := make(chan error, 1)
	go func() {
		resp, err := http.Get(fmt.Sprintf("http://localhost:%d/debug/pprof/profile?seconds=%d", p.port, seconds))
		if err != nil {
			got <- err
			return
		}
		defer resp.Body.Close()
		f, err := os.Create(filepath.Join(p.dir, name+".pprof"))
		if err != nil {
			got <- err
			return
		}
		_, err = io.Copy(f, resp.Body)
		got <- errors.Join(err, f.Close()) // Close writes the profile's tail
	}()
	return func() {
		if err := <-got; err != nil {
			p.b.Errorf("profile %s: %v", name, err)
		}
	}
}

// initOnce is the bare counterpart of a task's creation: it accepts one
// update, answered from its first workflow task, and ends.
func initOnce(ctx workflow.Context) error {
	done := false
	if err := workflow.SetUpdateHandler(ctx, "init", func(workflow.Context) error { done = true; return nil }); err != nil {
		return err
	}
	return workflow.Await(ctx, func() bool { return done })
}
