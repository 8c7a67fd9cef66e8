package task

import "time"

// Pace (序时进度, SPEC section 10): a task whose reported value lags the
// share of its target that its elapsed working days call for is yellow or
// red. The working days are in the plan (PaceDays), so the rule needs no
// calendar and stays deterministic.

// paceLight is the light pace alone gives at now: green when pace is off,
// the task has no target, or it is ahead.
func (s *State) paceLight(now time.Time) Light {
	pace, days := s.Spec.Plan.Pace, s.Spec.Plan.PaceDays
	if pace == nil || len(days) == 0 || s.Status != StatusOpen {
		return LightGreen
	}
	elapsed := 0
	for _, d := range days {
		if !d.After(now) {
			elapsed++
		}
	}
	expected := float64(elapsed) / float64(len(days)) * 100
	worst := LightGreen
	values := s.currentValues()
	for _, def := range s.Spec.Indicators {
		if def.Target <= 0 {
			continue
		}
		behind := expected - values[def.ID].Total/def.Target*100
		switch {
		case behind > pace.Red:
			return LightRed
		case behind > pace.Yellow:
			worst = LightYellow
		}
	}
	return worst
}

// NextPaceDay is the end of the next working day after now, when pace may
// change the light; zero when pace is off.
func (s *State) NextPaceDay(now time.Time) time.Time {
	if s.Spec.Plan.Pace == nil || s.Status != StatusOpen {
		return time.Time{}
	}
	for _, d := range s.Spec.Plan.PaceDays {
		if d.After(now) {
			return d
		}
	}
	return time.Time{}
}

// worse is the more alarming of two lights (done counts as green: a closed
// child does not hold its parent back).
func worse(a, b Light) Light {
	rank := func(l Light) int {
		switch l {
		case LightRed:
			return 2
		case LightYellow:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}
