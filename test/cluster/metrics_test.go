//go:build cluster

package cluster

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"
)

// checkWorkerMetrics scrapes the surviving worker's /metrics on its metrics
// address, as Prometheus would: the notifications it sent, the reminders its timers fired (the
// timer campaign's came due on it after the kill) and the Temporal SDK's own
// metrics must all be there with values above zero.
func checkWorkerMetrics(ctx context.Context, tl *tally, w *proc) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+w.metricsAddr+"/metrics", nil)
	if err != nil {
		tl.breakf("metrics: %v", err)
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tl.breakf("metrics: %s: %v", w.name, err)
		return
	}
	defer resp.Body.Close()
	sums := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		series, value, ok := strings.Cut(line, " ")
		v, err := strconv.ParseFloat(strings.Fields(value + " ")[0], 64)
		if !ok || err != nil {
			continue
		}
		name, labels, _ := strings.Cut(series, "{")
		sums[name] += v
		if strings.Contains(labels, `outcome="sent"`) {
			sums[name+"/sent"] += v
		}
	}
	for _, want := range []string{"closeout_notifications_total/sent", "closeout_reminders_total", "temporal_request_total", "temporal_workflow_task_execution_latency_seconds_count"} {
		if sums[want] <= 0 {
			tl.breakf("metrics: %s on %s is %v, want above zero", want, w.name, sums[want])
		}
	}
}
