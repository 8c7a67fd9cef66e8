package sdkmetrics_test

import (
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/closeout/closeout/internal/platform/metrics/metricstest"
	"github.com/closeout/closeout/internal/temporal/sdkmetrics"
)

// The SDK tags a metric more as it goes: the same name, first under the root
// tags and then with a key more, must gather (one label set per name) with
// both series, the key the first lacks left empty.
func TestTemporalNameWithGrowingTags(t *testing.T) {
	reg := prometheus.NewRegistry()
	root := sdkmetrics.New(reg).WithTags(map[string]string{"namespace": "default", "task_queue": "_none_"})
	root.Counter("temporal_request").Inc(2)
	op := root.WithTags(map[string]string{"operation": "StartWorkflowExecution"})
	op.Counter("temporal_request").Inc(1)
	op.Counter("temporal_request").Inc(1) // the same series again

	got := metricstest.Gather(t, reg, "temporal_request_total")
	if len(got) != 2 {
		t.Fatalf("want 2 series of temporal_request_total, got %+v", got)
	}
	for _, s := range got {
		if s.Labels["namespace"] != "default" {
			t.Errorf("series lost the root tags: %+v", s)
		}
	}
	if s, ok := metricstest.Find(t, reg, "temporal_request_total", map[string]string{"operation": "StartWorkflowExecution"}); !ok || s.Value != 2 {
		t.Errorf("tagged series: %+v, %v; want 2", s, ok)
	}
	if s, ok := metricstest.Find(t, reg, "temporal_request_total", map[string]string{"operation": ""}); !ok || s.Value != 2 {
		t.Errorf("root series: %+v, %v; want 2", s, ok)
	}
}

// WithTags overrides a key already set; an empty value is the key absent.
func TestTemporalTagsOverride(t *testing.T) {
	reg := prometheus.NewRegistry()
	h := sdkmetrics.New(reg).WithTags(map[string]string{"worker_type": "_none_", "x": "1"})
	h.WithTags(map[string]string{"worker_type": "WorkflowWorker"}).Gauge("temporal_worker_task_slots_available").Update(7)
	h.WithTags(map[string]string{"worker_type": "WorkflowWorker", "x": ""}).Gauge("temporal_worker_task_slots_available").Update(3)

	if s, ok := metricstest.Find(t, reg, "temporal_worker_task_slots_available", map[string]string{"worker_type": "WorkflowWorker", "x": "1"}); !ok || s.Value != 7 {
		t.Errorf("overridden tag: %+v, %v", s, ok)
	}
	if s, ok := metricstest.Find(t, reg, "temporal_worker_task_slots_available", map[string]string{"worker_type": "WorkflowWorker", "x": ""}); !ok || s.Value != 3 {
		t.Errorf("emptied tag: %+v, %v", s, ok)
	}
	if _, ok := metricstest.Find(t, reg, "temporal_worker_task_slots_available", map[string]string{"worker_type": "_none_"}); ok {
		t.Error("the value before the override got a series of its own")
	}
}

// Timers are histograms in seconds; counters only go up.
func TestTemporalTimerAndCounter(t *testing.T) {
	reg := prometheus.NewRegistry()
	h := sdkmetrics.New(reg)
	tm := h.Timer("temporal_workflow_task_execution_latency")
	tm.Record(20 * time.Millisecond)
	tm.Record(3 * time.Second)
	tm.Record(5 * time.Hour) // past the last bucket: +Inf
	s, ok := metricstest.Find(t, reg, "temporal_workflow_task_execution_latency_seconds", nil)
	if !ok || s.Value != 3 || s.Sum < 18003 || s.Sum > 18003.03 {
		t.Fatalf("timer: %+v, %v; want 3 observations summing to 18003.02s", s, ok)
	}
	c := h.Counter("temporal_workflow_completed")
	c.Inc(-5)
	c.Inc(1)
	if s, _ := metricstest.Find(t, reg, "temporal_workflow_completed_total", nil); s.Value != 1 {
		t.Errorf("counter: %v, want 1 (negative increments dropped)", s.Value)
	}
}

// Odd names and tag keys (workflow code may name its own metrics) are made
// valid instead of failing the scrape.
func TestTemporalSanitises(t *testing.T) {
	reg := prometheus.NewRegistry()
	h := sdkmetrics.New(reg).WithTags(map[string]string{"my.key": "v", "le": "x", "bad": "\xff"})
	h.Counter("my.metric-name").Inc(1)
	h.Gauge("temporal_request").Update(1) // a gauge beside the counter of the same SDK name
	h.Counter("temporal_request").Inc(1)
	s, ok := metricstest.Find(t, reg, "my_metric_name_total", map[string]string{"my_key": "v", "tag_le": "x"})
	if !ok || s.Value != 1 {
		t.Fatalf("sanitised series: %+v, %v", s, ok)
	}
	if len(metricstest.Gather(t, reg, "temporal_request")) != 1 || len(metricstest.Gather(t, reg, "temporal_request_total")) != 1 {
		t.Error("a gauge and a counter of one SDK name are two metrics")
	}
}

// The SDK records from many goroutines while Prometheus scrapes.
func TestTemporalConcurrent(t *testing.T) {
	reg := prometheus.NewRegistry()
	h := sdkmetrics.New(reg)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tagged := h.WithTags(map[string]string{"worker": string(rune('a' + i%2))})
			for range 1000 {
				tagged.Counter("temporal_poller_start").Inc(1)
				tagged.Timer("temporal_request_latency").Record(time.Millisecond)
			}
		}()
	}
	for range 10 {
		metricstest.Gather(t, reg, "temporal_poller_start_total")
	}
	wg.Wait()
	total := 0.0
	for _, s := range metricstest.Gather(t, reg, "temporal_poller_start_total") {
		total += s.Value
	}
	if total != 8000 {
		t.Fatalf("counted %v, want 8000", total)
	}
}
