package metrics_test

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/web/api"
)

// dashboardFile is the Grafana dashboard built on these metrics.
const dashboardFile = "../../../deploy/grafana/closeout.json"

// metricInExpr finds the metric names in a PromQL expression: closeout's and
// the Temporal SDK's all start with one of these prefixes, and no function,
// label or keyword does.
var metricInExpr = regexp.MustCompile(`\b(?:closeout|temporal)_[a-zA-Z0-9_]+`)

// dashboardMetrics lists the metric names the dashboard's queries use.
func dashboardMetrics(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(dashboardFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", dashboardFile, err)
	}
	names := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				if expr, ok := c.(string); ok && k == "expr" {
					found := metricInExpr.FindAllString(expr, -1)
					if len(found) == 0 {
						t.Errorf("a query names no closeout or temporal metric: %s", expr)
					}
					for _, n := range found {
						names[n] = true
					}
				}
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
		t.Fatal("the dashboard has no queries")
	}
	return names
}

// Every closeout metric the dashboard reads is registered the way the api
// process registers it (the Temporal SDK's are checked against a running
// process, test/integration/metrics_test.go).
func TestDashboardUsesRegisteredMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	d := metrics.NewDomain(reg)
	metrics.NewRollups(reg, &rollups{rows: map[string][]store.RollupRow{}}, 0)
	// A labelled metric is gathered once it has a series: one request, one
	// notifier, one import.
	h := api.New(api.Options{Registry: reg}).Handler()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/healthz", nil))
	d.Notifiers("console")
	d.ImportStarted("c1", 1, 1)
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range fams {
		have[f.GetName()] = true
		if f.GetType().String() == "HISTOGRAM" { // read by its series
			for _, s := range []string{"_bucket", "_sum", "_count"} {
				have[f.GetName()+s] = true
			}
		}
	}
	for name := range dashboardMetrics(t) {
		if strings.HasPrefix(name, "closeout_") && !have[name] {
			t.Errorf("the dashboard reads %s, which no closeout process registers", name)
		}
	}
}
