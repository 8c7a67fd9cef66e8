package sdkmetrics

import (
	"math"
	"slices"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
)

// How the SDK's metrics are exported at scrape time (temporal.go records
// them): each family under the union of its series' keys, names and keys
// made valid for Prometheus.

// Describe sends nothing: the collector is unchecked, since its label sets
// grow as the SDK adds tags. Its names all start with temporal_, which
// closeout's own metrics do not.
func (s *temporalSet) Describe(chan<- *prometheus.Desc) {}

// Collect exports every series, each family with the union of its keys.
func (s *temporalSet) Collect(ch chan<- prometheus.Metric) {
	type snapshot struct {
		desc   *prometheus.Desc
		kind   kind
		keys   []string
		series []*series
	}
	// Copy under the lock, send outside it: the SDK's goroutines keep
	// recording while the scrape is written out.
	s.mu.Lock()
	snaps := make([]snapshot, 0, len(s.families))
	for _, f := range s.families {
		keys := make([]string, 0, len(f.keys))
		for k := range f.keys {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		sn := snapshot{desc: prometheus.NewDesc(f.name, f.help, keys, nil), kind: f.kind, keys: keys}
		for _, sr := range f.series {
			sn.series = append(sn.series, sr)
		}
		snaps = append(snaps, sn)
	}
	s.mu.Unlock()

	for _, sn := range snaps {
		for _, sr := range sn.series {
			values := labelValues(sn.keys, sr.tags)
			var (
				m   prometheus.Metric
				err error
			)
			switch sn.kind {
			case kindCounter:
				m, err = prometheus.NewConstMetric(sn.desc, prometheus.CounterValue, math.Float64frombits(sr.value.Load()), values...)
			case kindGauge:
				m, err = prometheus.NewConstMetric(sn.desc, prometheus.GaugeValue, math.Float64frombits(sr.value.Load()), values...)
			case kindTimer:
				m, err = constHistogram(sn.desc, sr, values)
			}
			if err == nil { // labels are sanitised; a metric that still fails is left out, not the scrape
				ch <- m
			}
		}
	}
}

// constHistogram reads a timer's buckets as Prometheus wants them:
// cumulative, the count being the +Inf bucket. The count is summed from the
// same reads as the buckets, so the two always agree.
func constHistogram(desc *prometheus.Desc, sr *series, values []string) (prometheus.Metric, error) {
	cumulative := make(map[float64]uint64, len(TemporalBuckets))
	var n uint64
	for i, le := range TemporalBuckets {
		n += sr.buckets[i].Load()
		cumulative[le] = n
	}
	n += sr.buckets[len(TemporalBuckets)].Load()
	return prometheus.NewConstHistogram(desc, n, math.Float64frombits(sr.value.Load()), cumulative, values...)
}

// labelValues lists the values of tags in the order of keys ("" for a key
// the series lacks).
func labelValues(keys []string, tags []tag) []string {
	out := make([]string, len(keys))
	j := 0
	for i, k := range keys { // both sorted
		for j < len(tags) && tags[j].key < k {
			j++
		}
		if j < len(tags) && tags[j].key == k {
			out[i] = tags[j].value
		}
	}
	return out
}

func exportedName(k kind, name string) string {
	n := metricName(name)
	switch k {
	case kindCounter:
		if !strings.HasSuffix(n, "_total") {
			n += "_total"
		}
	case kindTimer:
		if !strings.HasSuffix(n, "_seconds") {
			n += "_seconds"
		}
	}
	return n
}

func help(k kind, name string) string {
	switch k {
	case kindCounter:
		return "Temporal SDK counter " + name + "."
	case kindTimer:
		return "Temporal SDK timer " + name + ", in seconds."
	}
	return "Temporal SDK gauge " + name + "."
}

// metricName makes name a valid Prometheus metric name; the SDK's own names
// already are, but workflow code may name its metrics anyhow.
func metricName(name string) string {
	return sanitize(name, true)
}

// labelName makes a tag key a valid label name, off the names Prometheus
// keeps for itself (le on histograms, __ prefixes).
func labelName(key string) string {
	n := sanitize(key, false)
	if n == "le" || strings.HasPrefix(n, "__") {
		n = "tag_" + n
	}
	return n
}

func sanitize(s string, colon bool) string {
	if s == "" {
		return "_"
	}
	b := []byte(s)
	for i, c := range b {
		ok := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (i > 0 && c >= '0' && c <= '9') || (colon && c == ':')
		if !ok {
			b[i] = '_'
		}
	}
	return string(b)
}
