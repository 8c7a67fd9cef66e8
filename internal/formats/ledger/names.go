package ledger

import (
	"slices"
	"strings"

	"github.com/closeout/closeout/internal/i18n"
)

// Directory is who and what exists outside the ledger: the people and
// units already in the store. A clerk writes 李明 or 海口市 where the plan
// wants li or unit:hn-haikou; the Directory turns names into ids. The
// Named methods get every name of the ledger at once, so that a store
// answers each in one query.
type Directory interface {
	PersonExists(id string) bool
	UnitExists(id string) bool
	// PeopleNamed and UnitsNamed map each name that some people (units)
	// have to their ids.
	PeopleNamed(names []string) (map[string][]string, error)
	UnitsNamed(names []string) (map[string][]string, error)
}

// unitPrefix is the plan's way to name a unit where it takes a person.
const unitPrefix = "unit:"

// resolver turns what a cell says into the id the plan takes: an id as it
// is (half-width, trimmed), a unit's id with unit: put in front where a
// unit may stand, or a person's or unit's name looked up among the plan's
// own people and units and then the Directory's.
type resolver struct {
	dir         Directory
	planPeople  map[string]bool
	planUnits   map[string]bool
	peopleNamed map[string][]string
	unitsNamed  map[string][]string
}

func newResolver(dir Directory) *resolver {
	return &resolver{dir: dir, planPeople: map[string]bool{}, planUnits: map[string]bool{},
		peopleNamed: map[string][]string{}, unitsNamed: map[string][]string{}}
}

// addPlanPerson and addPlanUnit record the people and units the ledger
// lists itself (people: and units: on the 活动 sheet).
func (r *resolver) addPlanPerson(id, name string) {
	r.planPeople[id] = true
	if name != "" {
		r.peopleNamed[name] = appendNew(r.peopleNamed[name], id)
	}
}

func (r *resolver) addPlanUnit(id, name string) {
	r.planUnits[id] = true
	if name != "" {
		r.unitsNamed[name] = appendNew(r.unitsNamed[name], id)
	}
}

func (r *resolver) personExists(id string) bool {
	return r.planPeople[id] || (r.dir != nil && r.dir.PersonExists(id))
}

func (r *resolver) unitExists(id string) bool {
	return r.planUnits[id] || (r.dir != nil && r.dir.UnitExists(id))
}

// lookUp asks the Directory, once, for every value that is not a known id.
func (r *resolver) lookUp(values []string) error {
	var names []string
	for _, v := range values {
		id := strings.TrimPrefix(ident(v), unitPrefix)
		if r.personExists(id) || r.personExists(strings.ToLower(id)) || r.unitExists(id) {
			continue
		}
		names = appendNew(names, trim(strings.TrimPrefix(trim(v), unitPrefix)))
	}
	if len(names) == 0 || r.dir == nil {
		return nil
	}
	people, err := r.dir.PeopleNamed(names)
	if err != nil {
		return err
	}
	units, err := r.dir.UnitsNamed(names)
	if err != nil {
		return err
	}
	for name, ids := range people {
		for _, id := range ids {
			r.peopleNamed[name] = appendNew(r.peopleNamed[name], id)
		}
	}
	for name, ids := range units {
		for _, id := range ids {
			r.unitsNamed[name] = appendNew(r.unitsNamed[name], id)
		}
	}
	return nil
}

// person resolves a cell that takes a person (督办人, 督办领导, the
// campaign's 负责人). What it cannot resolve it returns as written, with
// an error when that is not even an id, so the message speaks of names.
func (r *resolver) person(v string) (string, error) {
	id := ident(v)
	switch {
	case strings.HasPrefix(id, unitPrefix), r.personExists(id):
		return id, nil
	case r.personExists(strings.ToLower(id)):
		return strings.ToLower(id), nil
	}
	name := trim(v)
	switch ids := r.peopleNamed[name]; len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		return id, r.unknown(name, i18n.Errorf("no person has the id or the name %q", name))
	default:
		return id, i18n.Errorf("%d people are named %q (%s): write the id of the one you mean", len(ids), name, strings.Join(ids, ", "))
	}
}

// holder resolves a cell that takes a person or a unit (责任单位, 审核人,
// 配合单位): an id of either, unit:ID, or a name of either.
func (r *resolver) holder(v string) (string, error) {
	id := ident(v)
	if u, ok := strings.CutPrefix(id, unitPrefix); ok {
		resolved, err := r.unit(trim(strings.TrimPrefix(trim(v), unitPrefix)), u)
		return unitPrefix + resolved, err
	}
	switch {
	case r.personExists(id):
		return id, nil
	case r.unitExists(id):
		return unitPrefix + id, nil
	case r.personExists(strings.ToLower(id)):
		return strings.ToLower(id), nil
	}
	name := trim(v)
	people, units := r.peopleNamed[name], r.unitsNamed[name]
	switch {
	case len(people) == 1 && len(units) == 0:
		return people[0], nil
	case len(people) == 0 && len(units) == 1:
		return unitPrefix + units[0], nil
	case len(people) == 0 && len(units) == 0:
		return id, r.unknown(name, i18n.Errorf("no person or unit has the id or the name %q", name))
	}
	// Sorted, so the message reads the same each time: the lists come from
	// the store in no particular order.
	all := slices.Sorted(slices.Values(people))
	for _, u := range slices.Sorted(slices.Values(units)) {
		all = append(all, unitPrefix+u)
	}
	return id, i18n.Errorf("%q names more than one person or unit (%s): write the id of the one you mean", name, strings.Join(all, ", "))
}

// unit resolves a unit named by id or name (下发单位, and unit:NAME).
func (r *resolver) unit(name, id string) (string, error) {
	if r.unitExists(id) {
		return id, nil
	}
	switch ids := r.unitsNamed[name]; len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		return id, r.unknown(name, i18n.Errorf("no unit has the id or the name %q", name))
	default:
		return id, i18n.Errorf("%d units are named %q (%s): write the id of the one you mean", len(ids), name, strings.Join(ids, ", "))
	}
}

// unknown is nil for a value that looks like an id: the plan package
// reports an unknown id itself, in the words every import uses.
func (r *resolver) unknown(name string, err error) error {
	if looksLikeID(ident(name)) {
		return nil
	}
	return err
}

func looksLikeID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i, c := range s {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || i > 0 && strings.ContainsRune("_.-", c)
		if !ok {
			return false
		}
	}
	return true
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
