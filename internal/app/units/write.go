// Package units writes a unit (单位, SPEC sections 10 and 15): the one use
// case behind POST and PUT /api/v1/units and the dashboard's units page.
// It checks the unit on its own, the writer's right (unitrights), then what
// it names against the store, and writes it only as it was checked.
package units

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/closeout/closeout/internal/domain/unitrights"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// ID is the unit id rule, the task id rule (internal/domain/plan/ids.go):
// unit ids end up in task ids ("T01.hn-haikou") and role holders
// ("unit:hn-haikou").
var ID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// Bounds on one unit, so that its lookups stay single queries.
const (
	MaxPeople   = 1000 // members, and contacts
	MaxName     = 200  // characters
	maxAncestry = 64   // levels above a unit, when looking for a cycle
)

// Unit is a unit to write: created, or replaced whole.
type Unit struct {
	ID, Name, Parent, Head string
	Contacts, Members      []string
}

// Problem is what is wrong with one field: Code names it for a page to word
// in its reader's language; Message says it in English and Zh in Chinese,
// as the API answers it (Text).
type Problem struct {
	Field, Code, Message, Zh string
}

// problem words what is wrong with field in both languages (i18n.T).
func problem(field, code, format string, args ...any) Problem {
	t := i18n.T(format, args...)
	return Problem{Field: field, Code: code, Message: t.En, Zh: t.Zh}
}

// Text is the problem's message in both languages.
func (p Problem) Text() i18n.Text { return i18n.Both(p.Message, p.Zh) }

// The codes of Problem.
const (
	ProblemBadID         = "badid"
	ProblemNoName        = "noname"
	ProblemLongName      = "longname"
	ProblemBadParent     = "badparent"
	ProblemOwnParent     = "ownparent"
	ProblemTooMany       = "toomany"
	ProblemUnknownParent = "unknownparent"
	ProblemCycle         = "cycle"
	ProblemUnknownPerson = "unknownperson"
)

// InvalidError refuses a unit whose fields are wrong; nothing is written.
type InvalidError struct{ Problems []Problem }

func (e *InvalidError) Error() string { return "the unit is not valid" }

// ErrNotFound refuses a change of a unit that does not exist.
var ErrNotFound = errors.New("no such unit")

// Store is what writing a unit reads and writes (*store.DB).
type Store interface {
	GetUnit(ctx context.Context, id string) (store.Unit, error)
	PeopleByID(ctx context.Context, ids []string) (map[string]store.Person, error)
	UpsertUnitsAsChecked(ctx context.Context, units []store.Unit, checked store.UnitsAsChecked) error
}

// Validate checks u on its own: ids, the name, list sizes.
func Validate(u Unit) []Problem {
	var out []Problem
	if !ID.MatchString(u.ID) {
		out = append(out, problem("id", ProblemBadID, "must match %s", ID.String()))
	}
	switch n := utf8.RuneCountInString(u.Name); {
	case strings.TrimSpace(u.Name) == "":
		out = append(out, problem("name", ProblemNoName, "is required"))
	case n > MaxName:
		out = append(out, problem("name", ProblemLongName, "is too long: at most %d characters", MaxName))
	}
	switch {
	case u.Parent == "":
	case !ID.MatchString(u.Parent):
		out = append(out, problem("parent", ProblemBadParent, "must be a unit id, matching %s", ID.String()))
	case u.Parent == u.ID:
		out = append(out, problem("parent", ProblemOwnParent, "a unit cannot be its own parent"))
	}
	for _, l := range []struct {
		field string
		ids   []string
	}{{"contacts", u.Contacts}, {"members", u.Members}} {
		if len(l.ids) > MaxPeople {
			out = append(out, problem(l.field, ProblemTooMany, "lists too many people: at most %d", MaxPeople))
		}
	}
	return out
}

// Actor is the writer as the rule sees them.
func Actor(p store.Person) unitrights.Actor {
	return unitrights.Actor{ID: p.ID, Admin: p.Has(store.RoleAdmin), Manager: p.Has(store.RoleManager)}
}

// Rights is a stored unit as the rule sees it.
func Rights(u store.Unit) unitrights.Unit {
	return unitrights.Unit{ID: u.ID, Name: u.Name, Parent: u.Parent, Head: u.Head, Contacts: u.Contacts, Members: u.Members}
}

// Write checks u and who's right to write it, and writes it at now:
// created is whether the unit is new. mustExist refuses a unit that does
// not exist (ErrNotFound). The errors: *InvalidError, *unitrights.Refusal
// (a writer without the right learns nothing more of what they sent),
// store.ErrUnitChanged (the unit changed between its check and the write),
// or a failure.
func Write(ctx context.Context, st Store, who store.Person, u Unit, mustExist bool, now time.Time) (store.Unit, bool, error) {
	if problems := Validate(u); len(problems) > 0 {
		return store.Unit{}, false, &InvalidError{problems}
	}
	stored, err := st.GetUnit(ctx, u.ID)
	exists := err == nil
	switch {
	case errors.Is(err, store.ErrNotFound) && mustExist:
		return store.Unit{}, false, ErrNotFound
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return store.Unit{}, false, err
	}
	next := store.Unit{ID: u.ID, Name: u.Name, Parent: u.Parent, Head: u.Head,
		Contacts: u.Contacts, Members: u.Members, CreatedAt: now}
	units := Lookup(ctx, st)
	r := unitrights.Check(Actor(who), Rights(stored), exists, Rights(next), units.Find)
	if units.Err != nil {
		return store.Unit{}, false, units.Err
	}
	if r != nil {
		return store.Unit{}, false, r
	}
	problems, err := checkReferences(ctx, st, u)
	if err != nil {
		return store.Unit{}, false, err
	}
	if len(problems) > 0 {
		return store.Unit{}, false, &InvalidError{problems}
	}
	checked := store.UnitsAsChecked{u.ID: nil}
	if exists {
		checked[u.ID] = &stored
	}
	if err := st.UpsertUnitsAsChecked(ctx, []store.Unit{next}, checked); err != nil {
		return store.Unit{}, false, err
	}
	written, err := st.GetUnit(ctx, u.ID)
	return written, !exists, err
}

// Lookups looks units up in the store, each once. A unit the store could
// not read counts as absent, so no right comes from it, and Err keeps the
// first failure: a caller that learns from the lookup whether a unit exists
// must check it, or an outage would pass a change for a creation.
type Lookups struct {
	ctx   context.Context
	store interface {
		GetUnit(ctx context.Context, id string) (store.Unit, error)
	}
	seen map[string]unitrights.Unit
	Err  error
}

// Lookup starts the lookups of one request.
func Lookup(ctx context.Context, st interface {
	GetUnit(ctx context.Context, id string) (store.Unit, error)
}) *Lookups {
	return &Lookups{ctx: ctx, store: st, seen: map[string]unitrights.Unit{}}
}

// Find is a unitrights.Lookup.
func (l *Lookups) Find(id string) (unitrights.Unit, bool) {
	if u, ok := l.seen[id]; ok {
		return u, u.ID != ""
	}
	u, err := l.store.GetUnit(l.ctx, id)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) && l.Err == nil {
			l.Err = err
		}
		l.seen[id] = unitrights.Unit{}
		return unitrights.Unit{}, false
	}
	l.seen[id] = Rights(u)
	return l.seen[id], true
}

// people are the ids u names, each once, with the field naming it first.
func (u Unit) people() ([]string, map[string]string) {
	field := map[string]string{}
	var ids []string
	add := func(id, f string) {
		if _, ok := field[id]; !ok {
			field[id] = f
			ids = append(ids, id)
		}
	}
	if u.Head != "" {
		add(u.Head, "head")
	}
	for i, id := range u.Contacts {
		add(id, fmt.Sprintf("contacts[%d]", i))
	}
	for i, id := range u.Members {
		add(id, fmt.Sprintf("members[%d]", i))
	}
	return ids, field
}

// checkReferences checks what u names against the store: the parent exists
// and does not have the unit above it, and the people exist.
func checkReferences(ctx context.Context, st Store, u Unit) ([]Problem, error) {
	var out []Problem
	if u.Parent != "" {
		p, err := checkParent(ctx, st, u.ID, u.Parent)
		if err != nil {
			return nil, err
		}
		if p != nil {
			out = append(out, *p)
		}
	}
	ids, field := u.people()
	known, err := st.PeopleByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, ok := known[id]; !ok {
			out = append(out, problem(field[id], ProblemUnknownPerson, "no person %q", id))
		}
	}
	return out, nil
}

// checkParent walks up from parent: it must exist, and id must not be
// among its ancestors (that would make a cycle).
func checkParent(ctx context.Context, st Store, id, parent string) (*Problem, error) {
	chain := []string{id, parent}
	for at := parent; at != ""; {
		u, err := st.GetUnit(ctx, at)
		if errors.Is(err, store.ErrNotFound) {
			if at == parent {
				p := problem("parent", ProblemUnknownParent, "no unit %q", parent)
				return &p, nil
			}
			return nil, nil // a dangling parent above: the tree ends there
		}
		if err != nil {
			return nil, err
		}
		if u.Parent == id {
			p := problem("parent", ProblemCycle, "unit %s is above %s: the units would make a cycle (%s)",
				id, parent, strings.Join(append(chain, id), " → "))
			return &p, nil
		}
		if len(chain) > maxAncestry {
			return nil, nil
		}
		if u.Parent != "" {
			chain = append(chain, u.Parent)
		}
		at = u.Parent
	}
	return nil, nil
}
