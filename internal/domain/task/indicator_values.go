package task

import (
	"math"
	"slices"

	"github.com/closeout/closeout/internal/i18n"
)

// Indicator values as requests carry them (SPEC section 10): a number, or for
// an indicator with parts an object of numbers by part id. They are checked
// against the task's indicators in the rules, so a bad value is refused with
// the field that is wrong and nothing enters the history.

// maxIndicatorValue bounds a reported figure: far above any real count, low
// enough that sums over thousands of children stay exact in a float64.
const maxIndicatorValue = 1e12

// parseValues checks raw values against the task's indicators and returns
// them normalised. An indicator with parts takes an object; the parts it
// leaves out are zero (the latest report replaces the value whole).
func parseValues(field string, defs []Indicator, raw map[string]any) (map[string]IndicatorValue, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	out := make(map[string]IndicatorValue, len(raw))
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the first error reported is the same on every run
	for _, id := range keys {
		path := field + "." + id
		i := slices.IndexFunc(defs, func(d Indicator) bool { return d.ID == id })
		if i < 0 {
			return nil, invalid(path, "the task has no indicator %q%s", id, knownIndicators(defs))
		}
		def := defs[i]
		if len(def.Parts) == 0 {
			n, err := figure(path, raw[id])
			if err != nil {
				return nil, err
			}
			out[id] = IndicatorValue{Total: n}
			continue
		}
		parts, ok := raw[id].(map[string]any)
		if !ok {
			return nil, invalid(path, "indicator %q has parts: give an object of numbers by part (%s)", id, partIDs(def))
		}
		v := IndicatorValue{Parts: map[string]float64{}}
		for _, p := range def.Parts {
			v.Parts[p.ID] = 0
		}
		for pid, pv := range parts {
			if _, known := v.Parts[pid]; !known {
				return nil, invalid(path+"."+pid, "indicator %q has no part %q (parts: %s)", id, pid, partIDs(def))
			}
			n, err := figure(path+"."+pid, pv)
			if err != nil {
				return nil, err
			}
			v.Parts[pid] = n
			v.Total += n
		}
		out[id] = v
	}
	return out, nil
}

// figure is one reported number: finite, not negative, not absurd.
func figure(path string, v any) (float64, error) {
	n, ok := v.(float64)
	switch {
	case !ok:
		return 0, invalid(path, "must be a number")
	case math.IsNaN(n) || math.IsInf(n, 0):
		return 0, invalid(path, "must be a finite number")
	case n < 0:
		return 0, invalid(path, "must not be negative")
	case n > maxIndicatorValue:
		return 0, invalid(path, "is larger than %g", float64(maxIndicatorValue))
	}
	return n, nil
}

func knownIndicators(defs []Indicator) i18n.Text {
	if len(defs) == 0 {
		return i18n.T(" (it has none)")
	}
	ids := make([]string, len(defs))
	for i, d := range defs {
		ids[i] = d.ID
	}
	return i18n.T(" (indicators: %v)", ids)
}

func partIDs(def Indicator) string {
	ids := ""
	for i, p := range def.Parts {
		if i > 0 {
			ids += ", "
		}
		ids += p.ID
	}
	return ids
}

// eventValues is how values are recorded in an event: totals, or parts.
func eventValues(vs map[string]IndicatorValue) map[string]any {
	out := make(map[string]any, len(vs))
	for id, v := range vs {
		if v.Parts != nil {
			parts := make(map[string]any, len(v.Parts))
			for p, n := range v.Parts {
				parts[p] = n
			}
			out[id] = parts
		} else {
			out[id] = v.Total
		}
	}
	return out
}

// SetValues records reported values as the task's current ones.
func (s *State) SetValues(vs map[string]IndicatorValue) {
	if len(vs) == 0 {
		return
	}
	if s.Values == nil {
		s.Values = map[string]IndicatorValue{}
	}
	for id, v := range vs {
		s.Values[id] = v
	}
}

// currentValues are the task's values: its own, or for a task with children
// the sum of theirs (a parent's figure is what its units reported).
func (s *State) currentValues() map[string]IndicatorValue {
	if len(s.Children) == 0 {
		return s.Values
	}
	sum := map[string]IndicatorValue{}
	for _, c := range s.Children {
		for id, v := range c.Values {
			acc := sum[id]
			acc.Total += v.Total
			for p, n := range v.Parts {
				if acc.Parts == nil {
					acc.Parts = map[string]float64{}
				}
				acc.Parts[p] += n
			}
			sum[id] = acc
		}
	}
	return sum
}

// indicatorViews renders the indicators with their current values.
func (s *State) indicatorViews() []IndicatorView {
	values := s.currentValues()
	out := make([]IndicatorView, 0, len(s.Spec.Indicators))
	for _, def := range s.Spec.Indicators {
		v := values[def.ID]
		iv := IndicatorView{ID: def.ID, Name: def.Name, Unit: def.Unit, Target: def.Target, Value: v.Total}
		if def.Target > 0 {
			pct := math.Round(v.Total/def.Target*1000) / 10
			iv.Percent = &pct
		}
		for _, p := range def.Parts {
			iv.Parts = append(iv.Parts, PartView{ID: p.ID, Name: p.Name, Value: v.Parts[p.ID]})
		}
		out = append(out, iv)
	}
	return out
}
