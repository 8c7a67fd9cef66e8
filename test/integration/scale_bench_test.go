package integration

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// bigPlan is a campaign of n tasks in tracks of 1,000, due over the coming
// months, each with two phases.
func bigPlan(id string, n int) map[string]any {
	var tracks []map[string]any
	for i := 0; i < n; i++ {
		if i%1000 == 0 {
			tracks = append(tracks, map[string]any{"id": fmt.Sprintf("t%d", i/1000), "tasks": []map[string]any{}})
		}
		tr := tracks[len(tracks)-1]
		tr["tasks"] = append(tr["tasks"].([]map[string]any), map[string]any{
			"id": fmt.Sprintf("T%05d", i), "title": fmt.Sprintf("task %d", i), "owner": "li", "supervisor": "zhao",
			"deadline": time.Now().AddDate(0, 2, i%60).Format("2006-01-02"),
		})
	}
	return map[string]any{
		"id": id, "title": id, "owner": "boss", "calendar": "weekdays", "timezone": "Asia/Shanghai",
		"phases": []map[string]any{{"name": "do", "workdays": 10}, {"name": "check", "workdays": 2}},
		"tracks": tracks,
	}
}

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

// BenchmarkImport1000 measures importing a 1,000-task plan on closeout dev:
// one request, answered once every task is listed and its workflow started.
func BenchmarkImport1000(b *testing.B) {
	d := startDev(b, b.TempDir(), "")
	d.person("boss", "manager")
	d.person("li")
	d.person("zhao")
	took := d.importBig(b, bigPlan("big", 1000))
	b.ReportMetric(took.Seconds(), "import-s")
	b.ReportMetric(1000/took.Seconds(), "tasks/s")
	b.Logf("1,000-task import on closeout dev: %.1fs (%.0f tasks/s)", took.Seconds(), 1000/took.Seconds())
}

// BenchmarkDevMemory10k measures closeout dev's resident memory with 10,000
// open tasks (target: under 500 MB), once the import is done and every task
// workflow has run.
func BenchmarkDevMemory10k(b *testing.B) {
	d := startDev(b, b.TempDir(), "")
	d.person("boss", "manager")
	d.person("li")
	d.person("zhao")
	took := d.importBig(b, bigPlan("mem", 10000))
	var v struct {
		Progress struct{ Tasks int } `json:"progress"`
	}
	d.must(200, d.admin, "GET", "/api/v1/campaigns/mem", nil, &v)
	if v.Progress.Tasks != 10000 {
		b.Fatalf("%d tasks listed", v.Progress.Tasks)
	}
	rss := rssMB(b, d.cmd.Process.Pid)
	b.ReportMetric(rss, "rss-MB")
	b.Logf("10,000 tasks imported in %.0fs; closeout dev resident memory %.0f MB (target < 500)", took.Seconds(), rss)
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
