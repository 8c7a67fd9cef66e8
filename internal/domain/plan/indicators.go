package plan

import "slices"

// Indicator is a figure a task reports (指标): 返岗人数 565 名, in parts
// (镇街, 村居) when it has parts. Target zero means none: a dispatched child
// reports towards its parent's.
type Indicator struct {
	ID     string          `json:"id"`
	Name   string          `json:"name"`
	Unit   string          `json:"unit,omitempty"` // of measure (名, 块), not an office
	Target float64         `json:"target,omitempty"`
	Parts  []IndicatorPart `json:"parts,omitempty"`
}

// IndicatorPart is one part of an indicator.
type IndicatorPart struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// maxIndicatorValue bounds targets as the workflows bound reported values
// (10¹²), far inside float64's exact integers.
const maxIndicatorValue = 1e12

// withoutTargets copies indicators for a dispatched child, which reports
// the same figures with no target of its own.
func withoutTargets(in []Indicator) []Indicator {
	if in == nil {
		return nil
	}
	out := make([]Indicator, len(in))
	for i, ind := range in {
		ind.Target = 0
		ind.Parts = slices.Clone(ind.Parts)
		out[i] = ind
	}
	return out
}
