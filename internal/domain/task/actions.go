package task

import (
	"net/url"
	"time"
	"unicode/utf8"
)

// Action is a request the task's rules can check and apply. Every request type
// of the contract is one; checks run in the update validator (so a refused
// caller learns why at once, and nothing enters history) and again in the
// handler, because another update may have changed the task in between.
type Action interface {
	// Validate checks the request on its own: required fields, formats, sizes.
	Validate() error
	// check adds the task's state and who may act, and must not change s.
	check(s *State, now time.Time) error
	// apply changes s; it runs only after check passed.
	apply(s *State, now time.Time, e *Effects)
}

// Check reports whether a may be applied to the task now, without changing it.
func (s *State) Check(a Action, now time.Time) error {
	return s.checkUnder(a, now, true)
}

// checkUnder checks a under the rules of a run: separate is false only in
// runs begun before the separation of duties (separation.go).
func (s *State) checkUnder(a Action, now time.Time, separate bool) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if err := a.check(s, now); err != nil {
		return err
	}
	if separate {
		return s.separateDuties(a)
	}
	return nil
}

// Apply checks a and applies it, returning its effects.
func (s *State) Apply(a Action, now time.Time) (Effects, error) {
	return s.ApplyUnder(a, now, true)
}

// ApplyUnder is Apply under the rules of a run: separate is false only in
// runs begun before the separation of duties (separation.go).
func (s *State) ApplyUnder(a Action, now time.Time, separate bool) (Effects, error) {
	if err := s.checkUnder(a, now, separate); err != nil {
		return Effects{}, err
	}
	var e Effects
	a.apply(s, now, &e)
	s.Light = s.LightAt(now)
	e.Changed = true
	return e, nil
}

// maxText bounds free-text fields so one request cannot bloat the history.
const maxText = 4000

func checkText(field, v string, required bool) error {
	if required && v == "" {
		return invalid(field, "is required")
	}
	if utf8.RuneCountInString(v) > maxText {
		return invalid(field, "is longer than %d characters", maxText)
	}
	return nil
}

// requireOpen refuses actions that need an open task.
func (s *State) requireOpen() error {
	switch s.Status {
	case StatusOpen:
		return nil
	case StatusSubmitted:
		return Conflict("the task is submitted and waiting for sign-off")
	default:
		return Conflict("the task is %s", s.Status.Text())
	}
}

// RequireLive refuses actions on a closed or cancelled task.
func (s *State) RequireLive() error {
	if s.Status.Terminal() {
		return Conflict("the task is %s", s.Status.Text())
	}
	return nil
}

func validURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
