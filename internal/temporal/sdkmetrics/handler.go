// Package sdkmetrics exports the Temporal SDK's own metrics (temporal_request,
// temporal_workflow_task_execution_latency, …) through closeout's Prometheus
// registry. It is kept apart from internal/platform/metrics so that closeout's
// domain metrics do not depend on the SDK.
package sdkmetrics

import (
	"math"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"
)

// The Temporal SDK reports its metrics (temporal_request,
// temporal_workflow_task_execution_latency, …) to a client.MetricsHandler.
// The usual one, go.temporal.io/sdk/contrib/tally over a tally Prometheus
// reporter, is a module this build cannot fetch, and the interface is four
// methods, so this is a small handler written for it over client_golang.
//
// Prometheus wants one label set per metric name, while the SDK adds tags as
// it goes (WithTags: namespace and task queue first, then operation,
// workflow type, poller type…), so the same name may come with more keys
// later. Series are therefore kept per name and tag set, and exported at
// scrape time with the union of the keys seen for that name, a missing key
// left empty (which Prometheus reads as absent). Counters are exported as
// NAME_total, timers as histograms NAME_seconds, gauges as NAME.

// TemporalBuckets are the histogram buckets of the SDK's timers, in seconds:
// from a millisecond (a local activity) to an hour (an end-to-end latency).
var TemporalBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600}

// Handler is a client.MetricsHandler recording into a Prometheus registry.
// Pass it as client.Options.MetricsHandler; workers made from that client
// report through it too.
type Handler struct {
	set  *temporalSet
	tags []tag // sorted by key, no empty values
	id   string
}

type tag struct{ key, value string }

// New registers a collector of the SDK's metrics in reg and returns
// the handler that feeds it.
func New(reg prometheus.Registerer) *Handler {
	set := &temporalSet{families: map[familyKey]*family{}, names: map[string]kind{}}
	reg.MustRegister(set)
	return &Handler{set: set}
}

var _ client.MetricsHandler = (*Handler)(nil)

// WithTags returns a handler whose metrics also carry tags; a key already
// set takes the new value.
func (t *Handler) WithTags(tags map[string]string) client.MetricsHandler {
	merged := make(map[string]string, len(t.tags)+len(tags))
	for _, tg := range t.tags {
		merged[tg.key] = tg.value
	}
	for k, v := range tags {
		merged[labelName(k)] = strings.ToValidUTF8(v, "?")
	}
	out := &Handler{set: t.set, tags: make([]tag, 0, len(merged))}
	for k, v := range merged {
		if v != "" { // an empty value is how an absent key is exported: keep the two one series
			out.tags = append(out.tags, tag{k, v})
		}
	}
	sort.Slice(out.tags, func(i, j int) bool { return out.tags[i].key < out.tags[j].key })
	var id strings.Builder
	for _, tg := range out.tags {
		id.WriteString(tg.key)
		id.WriteByte(0)
		id.WriteString(tg.value)
		id.WriteByte(0)
	}
	out.id = id.String()
	return out
}

// Counter obtains a counter for name.
func (t *Handler) Counter(name string) client.MetricsCounter {
	s := t.set.series(kindCounter, name, t)
	if s == nil {
		return client.MetricsNopHandler.Counter(name)
	}
	return counter{s}
}

// Gauge obtains a gauge for name.
func (t *Handler) Gauge(name string) client.MetricsGauge {
	s := t.set.series(kindGauge, name, t)
	if s == nil {
		return client.MetricsNopHandler.Gauge(name)
	}
	return gauge{s}
}

// Timer obtains a timer for name.
func (t *Handler) Timer(name string) client.MetricsTimer {
	s := t.set.series(kindTimer, name, t)
	if s == nil {
		return client.MetricsNopHandler.Timer(name)
	}
	return timer{s}
}

type counter struct{ s *series }

// Inc adds d; a counter only goes up, so a negative d is dropped.
func (c counter) Inc(d int64) {
	if d > 0 {
		addFloat(&c.s.value, float64(d))
	}
}

type gauge struct{ s *series }

func (g gauge) Update(v float64) { g.s.value.Store(math.Float64bits(v)) }

type timer struct{ s *series }

func (t timer) Record(d time.Duration) {
	v := d.Seconds()
	i := sort.SearchFloat64s(TemporalBuckets, v) // the first bucket with le >= v; len means +Inf
	t.s.buckets[i].Add(1)
	addFloat(&t.s.value, v)
}

// addFloat adds d to the float64 stored as bits in u.
func addFloat(u *atomic.Uint64, d float64) {
	for {
		old := u.Load()
		if u.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+d)) {
			return
		}
	}
}

type kind int

const (
	kindCounter kind = iota
	kindGauge
	kindTimer
)

type familyKey struct {
	kind kind
	name string // as the SDK names it
}

// family is one exported metric: its series by tag set, and the union of
// their keys.
type family struct {
	name   string // as exported
	help   string
	kind   kind
	keys   map[string]bool
	series map[string]*series
}

// series is one tag set's value: the counter's total or the gauge's value
// (float64 bits); for a timer, the sum of what it recorded and its
// per-bucket (not cumulative) counts, +Inf last.
type series struct {
	tags    []tag
	value   atomic.Uint64
	buckets []atomic.Uint64
}

// temporalSet holds every family; it is the collector registered.
type temporalSet struct {
	mu       sync.Mutex
	families map[familyKey]*family
	names    map[string]kind // exported names taken, so two kinds never share one
}

// series finds or creates the series of name under t's tags; nil when the
// exported name is taken by a metric of another kind.
func (s *temporalSet) series(k kind, name string, t *Handler) *series {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := familyKey{k, name}
	f := s.families[key]
	if f == nil {
		exported := exportedName(k, name)
		if _, taken := s.names[exported]; taken {
			return nil
		}
		s.names[exported] = k
		f = &family{name: exported, help: help(k, name), kind: k, keys: map[string]bool{}, series: map[string]*series{}}
		s.families[key] = f
	}
	sr := f.series[t.id]
	if sr == nil {
		sr = &series{tags: t.tags}
		if k == kindTimer {
			sr.buckets = make([]atomic.Uint64, len(TemporalBuckets)+1)
		}
		for _, tg := range t.tags {
			f.keys[tg.key] = true
		}
		f.series[t.id] = sr
	}
	return sr
}
