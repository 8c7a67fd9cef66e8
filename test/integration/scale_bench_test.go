package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/closeout/closeout/test/benchreport"
	"github.com/closeout/closeout/test/e2e"
)

// importBig posts a plan and waits as long as the import takes.
func (d *dev) importBig(b *testing.B, plan map[string]any) time.Duration {
	body, _ := json.Marshal(plan)
	req, _ := http.NewRequest("POST", d.base+"/api/v1/campaigns", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+d.admin)
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := (&http.Client{Timeout: 30 * time.Minute}).Do(req)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		b.Fatalf("import: %d", resp.StatusCode)
	}
	return time.Since(start)
}

// BenchmarkDevMemory10k measures closeout dev at 10,000 tasks: the import of
// a 10,000-task plan against 10,000 bare starts of a no-op workflow by 32
// callers from this process (each on a fresh closeout dev; target: at most
// 1.25 times as long), and the resident memory once every task workflow has
// run (target: under 500 MB).
func BenchmarkDevMemory10k(b *testing.B) {
	const n = 10000
	bare := bareStarts(b, n)
	d := startDev(b, b.TempDir(), "")
	d.person("boss", "manager")
	d.person("li")
	d.person("zhao")
	took := d.importBig(b, e2e.BigPlan("mem", n))
	var v struct {
		Progress struct{ Tasks int } `json:"progress"`
	}
	d.must(200, d.admin, "GET", "/api/v1/campaigns/mem", nil, &v)
	if v.Progress.Tasks != n {
		b.Fatalf("%d tasks listed", v.Progress.Tasks)
	}
	rss := rssMB(b, d.cmd.Process.Pid)
	ratio := took.Seconds() / bare.Seconds()
	b.ReportMetric(rss, "rss-MB")
	b.ReportMetric(ratio, "import-ratio")
	benchreport.Record(benchreport.Row{
		Order: 40, Target: "10,000-task import, closeout dev", Value: ratio, Limit: 1.25, Unit: "x",
		Measure: fmt.Sprintf("`POST /campaigns` of %d tasks against %d bare no-op starts by 32 callers from another process, fresh closeout devs", n, n),
		Result:  fmt.Sprintf("%.0f s against %.0f s", took.Seconds(), bare.Seconds()),
	})
	benchreport.Record(benchreport.Row{
		Order: 41, Target: "memory with 10,000 open tasks", Value: rss, Limit: 500, Unit: " MB",
		Measure: "closeout dev's resident memory after the import, every task workflow run",
		Result:  fmt.Sprintf("%.0f MB resident", rss),
	})
}

// bareStarts starts n no-op workflows on a fresh closeout dev's Temporal
// server from this process (its own worker on a task queue of its own), 32
// at a time, and returns how long that took.
func bareStarts(b *testing.B, n int) time.Duration {
	port, err := e2e.FreePort()
	if err != nil {
		b.Fatal(err)
	}
	d := startDev(b, b.TempDir(), "", "--temporal-port", strconv.Itoa(port))
	defer d.stop()
	tc, err := client.Dial(client.Options{HostPort: fmt.Sprintf("127.0.0.1:%d", port), Logger: sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler))})
	if err != nil {
		b.Fatal(err)
	}
	defer tc.Close()
	const queue = "bench-bare"
	w := sdkworker.New(tc, queue, sdkworker.Options{})
	w.RegisterWorkflowWithOptions(func(workflow.Context) error { return nil }, workflow.RegisterOptions{Name: "bench-noop"})
	if err := w.Start(); err != nil {
		b.Fatal(err)
	}
	defer w.Stop()
	took, err := e2e.Concurrently(n, 32, func(i int) error {
		_, err := tc.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: fmt.Sprintf("bare-%d", i), TaskQueue: queue}, "bench-noop")
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return took
}

func rssMB(b *testing.B, pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}
