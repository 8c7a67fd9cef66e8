package integration

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// After the demo, /metrics (unauthenticated, for Prometheus, on its own address)
// shows what it did: sign-offs counted as approve ok, the notifications
// they sent, the demo's tasks by light (its 18 closed ones done), its import
// complete, and the Temporal SDK's own metrics; and every metric the Grafana
// dashboard queries is there (a failure counter of the SDK's once a request
// of its kind has failed: the test makes an update fail).
func TestMetricsAfterTheDemo(t *testing.T) {
	d := startDev(t, t.TempDir(), "", "--demo")
	// An action on a task that does not exist: a not_found outcome, and a
	// failed Temporal request (the update finds no workflow).
	d.must(404, d.admin, "POST", "/api/v1/tasks/xmlc-demo/NO-SUCH-TASK/approve", map[string]any{}, nil)

	checks := []struct {
		what   string
		name   string
		labels map[string]string
		ok     func(float64) bool
	}{
		{"approvals", "closeout_actions_total", map[string]string{"action": "approve", "outcome": "ok"}, positive},
		{"the unknown task", "closeout_actions_total", map[string]string{"action": "approve", "outcome": "not_found"}, positive},
		{"notifications sent", "closeout_notifications_total", map[string]string{"notifier": "console", "outcome": "sent"}, positive},
		{"closed demo tasks", "closeout_tasks", map[string]string{"campaign": "xmlc-demo", "light": "done"}, equal(18)},
		{"import progress", "closeout_import_tasks_started_total", map[string]string{"campaign": "xmlc-demo"}, positive},
		{"Temporal requests", "temporal_request_total", nil, positive},
		// An update waits for its outcome: the SDK counts it as a long request.
		{"Temporal request failures", "temporal_long_request_failure_total", map[string]string{"operation": "UpdateWorkflowExecution"}, positive},
		{"workflow tasks run", "temporal_workflow_task_execution_latency_seconds_count", nil, positive},
	}
	// Notifications are activities of their own: give the last ones a moment.
	var (
		samples []promSample
		failed  []string
	)
	for deadline := time.Now().Add(30 * time.Second); ; {
		samples = d.scrape()
		failed = nil
		for _, c := range checks {
			if v, found := sum(samples, c.name, c.labels); !found || !c.ok(v) {
				failed = append(failed, c.what+": "+c.name+" "+strconv.FormatFloat(v, 'g', -1, 64))
			}
		}
		if len(failed) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	for _, f := range failed {
		t.Error(f)
	}
	started, _ := sum(samples, "closeout_import_tasks_started_total", map[string]string{"campaign": "xmlc-demo"})
	planned, _ := sum(samples, "closeout_import_tasks_planned", map[string]string{"campaign": "xmlc-demo"})
	if started != planned {
		t.Errorf("the demo's import started %v of %v tasks", started, planned)
	}

	have := map[string]bool{}
	for _, s := range samples {
		have[s.name] = true
	}
	for _, name := range dashboardMetrics(t) {
		// The SDK's failure counters appear with their first failure, and a
		// healthy demo makes no short request fail; their requests must show.
		if base, ok := strings.CutSuffix(name, "_failure_total"); ok && !have[name] && have[base+"_total"] {
			continue
		}
		if !have[name] {
			t.Errorf("the Grafana dashboard queries %s, which /metrics does not show", name)
		}
	}
}

func positive(v float64) bool { return v > 0 }

func equal(want float64) func(float64) bool { return func(v float64) bool { return v == want } }

// promSample is one line of the text exposition format.
type promSample struct {
	name   string
	labels map[string]string
	value  float64
}

// scrape reads /metrics, on the metrics address.
func (d *dev) scrape() []promSample {
	d.t.Helper()
	resp, err := http.Get(d.metrics)
	if err != nil {
		d.t.Fatalf("scrape %s: %v", d.metrics, err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		d.t.Fatalf("scrape %s: %d %v: %s", d.metrics, resp.StatusCode, err, body)
	}
	var out []promSample
	for _, line := range strings.Split(string(body), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, ok := parseSample(line)
		if !ok {
			d.t.Fatalf("/metrics has a line that is not a sample: %q", line)
		}
		out = append(out, s)
	}
	return out
}

// parseSample reads `name{k="v",…} value`; values may hold escaped quotes.
func parseSample(line string) (promSample, bool) {
	s := promSample{labels: map[string]string{}}
	i := strings.IndexAny(line, "{ ")
	if i <= 0 {
		return s, false
	}
	s.name, line = line[:i], line[i:]
	if line[0] == '{' {
		line = line[1:]
		for line != "" && line[0] != '}' {
			eq := strings.Index(line, `="`)
			if eq <= 0 {
				return s, false
			}
			key := line[:eq]
			line = line[eq+2:]
			var v strings.Builder
			for line != "" && line[0] != '"' {
				if line[0] == '\\' && len(line) > 1 {
					line = line[1:]
					if line[0] == 'n' {
						v.WriteByte('\n')
						line = line[1:]
						continue
					}
				}
				v.WriteByte(line[0])
				line = line[1:]
			}
			if line == "" {
				return s, false
			}
			s.labels[key] = v.String()
			line = strings.TrimPrefix(line[1:], ",")
		}
		if line == "" {
			return s, false
		}
		line = line[1:]
	}
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return s, false
	}
	v, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return s, false
	}
	s.value = v
	return s, true
}

// sum adds up the samples of name whose labels include want.
func sum(samples []promSample, name string, want map[string]string) (float64, bool) {
	total, found := 0.0, false
next:
	for _, s := range samples {
		if s.name != name {
			continue
		}
		for k, v := range want {
			if s.labels[k] != v {
				continue next
			}
		}
		total, found = total+s.value, true
	}
	return total, found
}

// metricInExpr finds the metric names in a PromQL expression: closeout's and
// the Temporal SDK's all start with one of these prefixes, and no function,
// label or keyword does.
var metricInExpr = regexp.MustCompile(`\b(?:closeout|temporal)_[a-zA-Z0-9_]+`)

// dashboardMetrics lists the metric names in the expr of every query of
// deploy/grafana/closeout.json.
func dashboardMetrics(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../../deploy/grafana/closeout.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("the Grafana dashboard: %v", err)
	}
	seen := map[string]bool{}
	var names []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if expr, ok := v["expr"].(string); ok {
				for _, n := range metricInExpr.FindAllString(expr, -1) {
					if !seen[n] {
						seen[n] = true
						names = append(names, n)
					}
				}
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(doc)
	if len(names) == 0 {
		t.Fatal("the Grafana dashboard has no queries")
	}
	return names
}
