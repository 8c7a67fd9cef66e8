// Package metricstest reads series back from a Prometheus registry, for the
// tests of closeout's metrics and of the SDK's.
package metricstest

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// Sample is one series as gathered: its labels and its value (a histogram's
// count, with its sum).
type Sample struct {
	Labels map[string]string
	Value  float64
	Sum    float64
}

// Gather reads every series of name from reg, failing on a registry that
// cannot be gathered (what a scrape would answer 500 to).
func Gather(t testing.TB, reg prometheus.Gatherer, name string) []Sample {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	var out []Sample
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			s := Sample{Labels: map[string]string{}}
			for _, l := range m.GetLabel() {
				s.Labels[l.GetName()] = l.GetValue()
			}
			switch {
			case m.GetCounter() != nil:
				s.Value = m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				s.Value = m.GetGauge().GetValue()
			case m.GetHistogram() != nil:
				s.Value = float64(m.GetHistogram().GetSampleCount())
				s.Sum = m.GetHistogram().GetSampleSum()
			}
			out = append(out, s)
		}
	}
	return out
}

// Find is the sample of name whose labels include want; ok false if none.
func Find(t testing.TB, reg prometheus.Gatherer, name string, want map[string]string) (Sample, bool) {
	t.Helper()
next:
	for _, s := range Gather(t, reg, name) {
		for k, v := range want {
			if s.Labels[k] != v {
				continue next
			}
		}
		return s, true
	}
	return Sample{}, false
}
