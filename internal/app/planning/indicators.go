package planning

import (
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/task"
)

// indicators are a task's indicators as its workflow holds them.
func indicators(in []plan.Indicator) []task.Indicator {
	if len(in) == 0 {
		return nil
	}
	out := make([]task.Indicator, len(in))
	for i, ind := range in {
		out[i] = task.Indicator{ID: ind.ID, Name: ind.Name, Unit: ind.Unit, Target: ind.Target}
		for _, part := range ind.Parts {
			out[i].Parts = append(out[i].Parts, task.IndicatorPart{ID: part.ID, Name: part.Name})
		}
	}
	return out
}

// planIndicators is the inverse of indicators, for tasks read back from the
// projection.
func planIndicators(in []task.IndicatorView) []plan.Indicator {
	if len(in) == 0 {
		return nil
	}
	out := make([]plan.Indicator, len(in))
	for i, v := range in {
		out[i] = plan.Indicator{ID: v.ID, Name: v.Name, Unit: v.Unit, Target: v.Target}
		for _, part := range v.Parts {
			out[i].Parts = append(out[i].Parts, plan.IndicatorPart{ID: part.ID, Name: part.Name})
		}
	}
	return out
}
