package sdkmetrics_test

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// sample is one series as gathered: its labels and its value (a histogram's
// count, with its sum).
type sample struct {
	labels map[string]string
	value  float64
	sum    float64
}

// gather reads every series of name from reg, failing on a registry that
// cannot be gathered (what a scrape would answer 500 to).
func gather(t *testing.T, reg prometheus.Gatherer, name string) []sample {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	var out []sample
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			s := sample{labels: map[string]string{}}
			for _, l := range m.GetLabel() {
				s.labels[l.GetName()] = l.GetValue()
			}
			switch {
			case m.GetCounter() != nil:
				s.value = m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				s.value = m.GetGauge().GetValue()
			case m.GetHistogram() != nil:
				s.value = float64(m.GetHistogram().GetSampleCount())
				s.sum = m.GetHistogram().GetSampleSum()
			}
			out = append(out, s)
		}
	}
	return out
}

// find is the sample of name whose labels include want; ok false if none.
func find(t *testing.T, reg prometheus.Gatherer, name string, want map[string]string) (sample, bool) {
	t.Helper()
next:
	for _, s := range gather(t, reg, name) {
		for k, v := range want {
			if s.labels[k] != v {
				continue next
			}
		}
		return s, true
	}
	return sample{}, false
}
