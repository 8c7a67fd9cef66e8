package task

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/i18n"
)

// Dispatch (SPEC section 10): a task handed down to units has one child task
// per unit. Each child is a task workflow of its own, like any other: its own
// timers, ladder and sign-off, listed, reconciled and continued as new on its
// own. A child tells its parent what the parent needs (status, light,
// values) with a signal after each change it commits; the parent keeps the
// latest of each child by version. Child workflows (in Temporal's sense)
// were not used: they are bound to their parent's run, and a parent that
// continues as new would take its children with it.

// ChildState is what a parent knows of one of its children.
type ChildState struct {
	ID      string                    `json:"id"`
	Owner   string                    `json:"owner"`
	Status  Status                    `json:"status"`
	Light   Light                     `json:"light"`
	Version int64                     `json:"version,omitempty"`
	Values  map[string]IndicatorValue `json:"values,omitempty"`
}

// initialChildren lists the children a task was created with, as open.
func initialChildren(spec Spec) []ChildState {
	out := make([]ChildState, 0, len(spec.Children))
	for _, id := range spec.Children {
		out = append(out, ChildState{ID: id, Owner: childOwner(spec.ID, id), Status: StatusOpen, Light: LightGreen})
	}
	return out
}

// childOwner is the unit a child of parent is for: its id is {parent}.{unit}.
func childOwner(parent, child string) string {
	if unit, ok := strings.CutPrefix(child, parent+"."); ok && unit != "" {
		return UnitRef(unit)
	}
	return ""
}

// ApplyChild records a child's update; it changes nothing when the update is
// not newer than what the parent has (a signal arriving late or twice).
func (s *State) ApplyChild(u ChildUpdate, now time.Time) Effects {
	i := slices.IndexFunc(s.Children, func(c ChildState) bool { return c.ID == u.ID })
	if i < 0 {
		s.Children = append(s.Children, ChildState{ID: u.ID, Owner: u.Owner})
		i = len(s.Children) - 1
	}
	c := &s.Children[i]
	if u.Version != 0 && u.Version <= c.Version {
		return Effects{}
	}
	c.Status, c.Light, c.Version, c.Values = u.Status, u.Light, u.Version, u.Values
	if u.Owner != "" {
		c.Owner = u.Owner
	}
	s.Light = s.LightAt(now)
	return Effects{Changed: true}
}

// Adopt adds a child dispatched after the task was created.
func (s *State) Adopt(r AdoptRequest, now time.Time) (Effects, error) {
	if err := s.RequireLive(); err != nil {
		return Effects{}, err
	}
	if r.Child == "" {
		return Effects{}, invalid("child", "is required")
	}
	if slices.ContainsFunc(s.Children, func(c ChildState) bool { return c.ID == r.Child }) {
		return Effects{}, nil
	}
	owner := r.Owner
	if owner == "" {
		owner = childOwner(s.Spec.ID, r.Child)
	}
	s.Children = append(s.Children, ChildState{ID: r.Child, Owner: owner, Status: StatusOpen, Light: LightGreen})
	s.Light = s.LightAt(now)
	return Effects{Changed: true}, nil
}

// openChildren are the children not yet closed (a cancelled child no longer
// holds its parent back).
func (s *State) openChildren() []string {
	var out []string
	for _, c := range s.Children {
		if !c.Status.Terminal() {
			out = append(out, c.ID)
		}
	}
	return out
}

// requireChildrenClosed refuses to submit a parent while a child is open.
func (s *State) requireChildrenClosed() error {
	if open := s.openChildren(); len(open) > 0 {
		shown := open
		if len(shown) > 10 {
			shown = shown[:10]
		}
		more := i18n.Text{}
		if len(open) > len(shown) {
			more = i18n.T(" and %d more", len(open)-len(shown))
		}
		return Conflict("%d dispatched task(s) are still open: %s%s", len(open), strings.Join(shown, ", "), more)
	}
	return nil
}

// childrenLight is the worst light among the open children.
func (s *State) childrenLight() Light {
	l := LightGreen
	for _, c := range s.Children {
		if c.Status != StatusCancelled {
			l = worse(l, c.Light)
		}
	}
	return l
}

// childrenPercent is the share of children closed, half up; the parent's
// progress once it has children.
func (s *State) childrenPercent() int {
	total, closed := 0, 0
	for _, c := range s.Children {
		if c.Status == StatusCancelled {
			continue
		}
		total++
		if c.Status == StatusClosed {
			closed++
		}
	}
	if total == 0 {
		return 0
	}
	return int(math.Floor(float64(closed)*100/float64(total) + 0.5))
}

func (s *State) childViews() []ChildView {
	if len(s.Children) == 0 {
		return nil
	}
	out := make([]ChildView, len(s.Children))
	for i, c := range s.Children {
		out[i] = ChildView{ID: c.ID, Owner: c.Owner, Status: c.Status, Light: c.Light}
	}
	return out
}

// ForParent is the update a child sends its parent, and the key that tells
// whether anything the parent shows has changed since the last one.
func (s *State) ForParent() (ChildUpdate, string) {
	u := ChildUpdate{ID: s.Spec.ID, Owner: s.Spec.Owner, Status: s.Status, Light: s.Light,
		Version: s.Version, Values: s.currentValues()}
	return u, parentKey(u)
}

func parentKey(u ChildUpdate) string {
	ids := make([]string, 0, len(u.Values))
	for id := range u.Values {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%s", u.Owner, u.Status, u.Light)
	for _, id := range ids {
		v := u.Values[id]
		fmt.Fprintf(&b, "|%s=%g", id, v.Total)
		parts := make([]string, 0, len(v.Parts))
		for p := range v.Parts {
			parts = append(parts, p)
		}
		slices.Sort(parts)
		for _, p := range parts {
			fmt.Fprintf(&b, ",%s=%g", p, v.Parts[p])
		}
	}
	return b.String()
}
