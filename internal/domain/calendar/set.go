package calendar

import "fmt"

// Set is the calendars a plan may name, with cn built over the years admins
// loaded. The zero of *Set (nil) is usable: its cn has no loaded year, so it
// is the shipped notices and provisional after them. Lookup, by contrast,
// returns the shipped notices alone, refusing any other date.
type Set struct {
	cn *CN
}

// NewSet builds the calendars over loaded years of cn (see NewCN).
func NewSet(loaded []Year) (*Set, error) {
	cn, err := NewCN(loaded)
	if err != nil {
		return nil, err
	}
	return &Set{cn: cn}, nil
}

// China returns the set's calendar cn.
func (s *Set) China() (*CN, error) {
	if s == nil {
		return NewCN(nil)
	}
	return s.cn, nil
}

// Lookup returns a named calendar: "cn" (see CN), "weekdays" or "none".
func (s *Set) Lookup(name string) (Calendar, error) {
	if name != "cn" {
		return Lookup(name)
	}
	cn, err := s.China()
	if err != nil {
		return nil, fmt.Errorf("calendar cn: %w", err)
	}
	return cn, nil
}
