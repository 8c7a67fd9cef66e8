package metrics_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/metrics/metricstest"
	"github.com/closeout/closeout/internal/platform/store"
)

// rollups is a projection of two campaigns that counts its reads.
type rollups struct {
	reads int
	err   error
	rows  map[string][]store.RollupRow
}

func (r *rollups) ListCampaigns(context.Context) ([]store.Campaign, error) {
	r.reads++
	if r.err != nil {
		return nil, r.err
	}
	return []store.Campaign{{ID: "c1"}, {ID: "c2"}}, nil
}

func (r *rollups) Rollup(_ context.Context, campaign string) ([]store.RollupRow, error) {
	return r.rows[campaign], nil
}

// Tasks are counted by light per campaign, over tracks and statuses, with
// cancelled ones left out and every light present; a scrape within the TTL
// reads nothing.
func TestRollupsCountByLight(t *testing.T) {
	src := &rollups{rows: map[string][]store.RollupRow{
		"c1": {
			{Track: "a", Status: "closed", Light: "done", OnTime: true, N: 10},
			{Track: "b", Status: "closed", Light: "done", N: 8},
			{Track: "a", Status: "open", Light: "green", N: 3},
			{Track: "b", Status: "submitted", Light: "green", N: 2},
			{Track: "a", Status: "open", Light: "red", Late: true, N: 1},
			{Track: "a", Status: "cancelled", Light: "done", N: 4},
		},
	}}
	reg := prometheus.NewRegistry()
	metrics.NewRollups(reg, src, time.Hour)
	for light, want := range map[string]float64{"done": 18, "green": 5, "red": 1, "yellow": 0} {
		if s, ok := metricstest.Find(t, reg, "closeout_tasks", map[string]string{"campaign": "c1", "light": light}); !ok || s.Value != want {
			t.Errorf("c1 %s: %+v, %v; want %v", light, s, ok, want)
		}
	}
	if got := len(metricstest.Gather(t, reg, "closeout_tasks")); got != 8 {
		t.Errorf("%d series, want 4 lights of 2 campaigns", got)
	}
	if src.reads != 1 {
		t.Errorf("%d reads for several scrapes within the TTL, want 1", src.reads)
	}
}

// A failed read leaves the tasks out of the scrape (it does not fail it),
// counts the failure, and is not repeated within the TTL.
func TestRollupsReadFails(t *testing.T) {
	src := &rollups{err: errors.New("database down")}
	reg := prometheus.NewRegistry()
	metrics.NewRollups(reg, src, time.Hour)
	if got := metricstest.Gather(t, reg, "closeout_tasks"); len(got) != 0 {
		t.Errorf("tasks from a failed read: %+v", got)
	}
	if s, _ := metricstest.Find(t, reg, "closeout_rollup_read_failures_total", nil); s.Value != 1 || src.reads != 1 {
		t.Errorf("failures %v after %d reads, want 1 after 1", s.Value, src.reads)
	}
}

// Once the TTL has passed, a scrape reads again.
func TestRollupsTTL(t *testing.T) {
	src := &rollups{}
	reg := prometheus.NewRegistry()
	metrics.NewRollups(reg, src, time.Millisecond)
	metricstest.Gather(t, reg, "closeout_tasks")
	time.Sleep(5 * time.Millisecond)
	metricstest.Gather(t, reg, "closeout_tasks")
	if src.reads != 2 {
		t.Errorf("%d reads, want 2", src.reads)
	}
}
