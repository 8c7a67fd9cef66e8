package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"
)

// Unit is an office work is assigned to (单位, SPEC section 10): a
// department, a city, a county. Parent makes a tree; Head, Contacts and
// Members are person ids, and all three count as members when someone acts
// for the unit. Children are the ids of the units whose parent it is; they
// are read, never written (a unit names its parent, not its children).
type Unit struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Parent    string    `json:"parent"`
	Head      string    `json:"head"`
	Contacts  []string  `json:"contacts"`
	Members   []string  `json:"members"`
	Children  []string  `json:"children"`
	CreatedAt time.Time `json:"created_at"`
}

// UpsertUnits creates units or replaces them whole: name, parent, head, and
// their members and contacts, which become exactly the lists given. One
// transaction for all, so a reader sees every unit before or after. The
// units are written as given: callers check that parents and people exist
// (a plan's parser, the API), and that the caller may (unitrights). A
// unit keeps the CreatedAt it was first created with; CreatedAt is also
// the time of the audit entry each creation or change writes, in the same
// transaction, naming the actor in ctx (audit.WithActor).
func (s *DB) UpsertUnits(ctx context.Context, units []Unit) error {
	return s.upsertUnits(ctx, units, nil)
}

// ErrUnitChanged refuses a write of units checked against a state of them
// that is no longer the stored one.
var ErrUnitChanged = errors.New("a unit changed between the check of the write and the write")

// UnitsAsChecked are the units a writer's right was checked against, by
// id: the unit as it was read, or nil when there was none.
type UnitsAsChecked map[string]*Unit

// UpsertUnitsAsChecked is UpsertUnits for a write whose right was checked
// against checked (unitrights): when a unit it writes is not, inside the
// transaction, as it was checked (changed, or created, meanwhile), nothing
// is written and the answer is ErrUnitChanged. The check and the write
// thus see the same unit, and a unit checked as new is created, never
// written over one created an instant earlier.
func (s *DB) UpsertUnitsAsChecked(ctx context.Context, units []Unit, checked UnitsAsChecked) error {
	if checked == nil {
		checked = UnitsAsChecked{}
	}
	return s.upsertUnits(ctx, units, checked)
}

func (s *DB) upsertUnits(ctx context.Context, units []Unit, checked UnitsAsChecked) error {
	sorted := slices.Clone(units) // one lock order for every writer
	slices.SortStableFunc(sorted, func(a, b Unit) int { return cmp.Compare(a.ID, b.ID) })
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, u := range sorted {
			before, existed, err := s.storedUnit(ctx, tx, u.ID)
			if err != nil {
				return err
			}
			upsert, mustCreate := `INSERT INTO units (id, name, parent, head, created_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent = excluded.parent, head = excluded.head`, false
			if checked != nil {
				want, named := checked[u.ID]
				if named && !asChecked(before, existed, want) {
					return ErrUnitChanged
				}
				if mustCreate = named && want == nil; mustCreate {
					// Checked as new: create it, or find it was created
					// meanwhile (on PostgreSQL, by a transaction that
					// committed after this one read).
					upsert = `INSERT INTO units (id, name, parent, head, created_at) VALUES ($1, $2, $3, $4, $5)
						ON CONFLICT (id) DO NOTHING`
				}
			}
			res, err := tx.ExecContext(ctx, upsert, u.ID, u.Name, u.Parent, u.Head, ms(u.CreatedAt))
			if err != nil {
				return err
			}
			if mustCreate {
				if n, err := res.RowsAffected(); err != nil || n == 0 {
					return cmp.Or(err, ErrUnitChanged)
				}
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM unit_people WHERE unit = $1`, u.ID); err != nil {
				return err
			}
			for _, p := range unitPeople(u) {
				if _, err := tx.ExecContext(ctx, `INSERT INTO unit_people (unit, person, member, contact) VALUES ($1, $2, $3, $4)`,
					u.ID, p.person, p.member, p.contact); err != nil {
					return err
				}
			}
			if e, ok := unitEntry(ctx, before, existed, u); ok {
				if err := s.appendAudit(ctx, tx, e); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// unitPerson is one row of unit_people.
type unitPerson struct {
	person          string
	member, contact bool
}

// unitPeople are a unit's rows: one per person listed as a member or a
// contact (or both), in id order.
func unitPeople(u Unit) []unitPerson {
	byID := map[string]*unitPerson{}
	var out []*unitPerson
	row := func(id string) *unitPerson {
		if p, ok := byID[id]; ok {
			return p
		}
		p := &unitPerson{person: id}
		byID[id] = p
		out = append(out, p)
		return p
	}
	for _, id := range u.Members {
		if id != "" {
			row(id).member = true
		}
	}
	for _, id := range u.Contacts {
		if id != "" {
			row(id).contact = true
		}
	}
	rows := make([]unitPerson, len(out))
	for i, p := range out {
		rows[i] = *p
	}
	slices.SortFunc(rows, func(a, b unitPerson) int { return cmp.Compare(a.person, b.person) })
	return rows
}

// GetUnit returns one unit with its members, contacts and children, or
// ErrNotFound.
func (s *DB) GetUnit(ctx context.Context, id string) (Unit, error) {
	units, err := s.readUnits(ctx, `WHERE id = $1`, id)
	if err != nil {
		return Unit{}, err
	}
	if len(units) == 0 {
		return Unit{}, ErrNotFound
	}
	return units[0], nil
}

// ListUnits returns every unit, in id order, each with its members, contacts
// and children.
func (s *DB) ListUnits(ctx context.Context) ([]Unit, error) {
	return s.readUnits(ctx, ``)
}

// readUnits reads the units selected by where (on units), in id order, with
// their people and children, from one snapshot.
func (s *DB) readUnits(ctx context.Context, where string, args ...any) ([]Unit, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: s.snapshot()})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// #nosec G202 -- where is GetUnit's or ListUnits' constant condition; the id is an argument
	rows, err := tx.QueryContext(ctx, `SELECT id, name, parent, head, created_at FROM units `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	out := []Unit{}
	index := map[string]int{}
	for rows.Next() {
		var (
			u  Unit
			at int64
		)
		if err := rows.Scan(&u.ID, &u.Name, &u.Parent, &u.Head, &at); err != nil {
			_ = rows.Close() // the Scan's error is the one to report
			return nil, err
		}
		u.CreatedAt = fromMS(at)
		u.Contacts, u.Members, u.Children = []string{}, []string{}, []string{}
		index[u.ID] = len(out)
		out = append(out, u)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// One unit: its own rows by index. Every unit: all rows, in one scan.
	peopleQ, childrenQ := `SELECT unit, person, member, contact FROM unit_people ORDER BY unit, person`,
		`SELECT parent, id FROM units WHERE parent <> '' ORDER BY parent, id`
	var qargs []any
	if len(out) == 1 {
		peopleQ = `SELECT unit, person, member, contact FROM unit_people WHERE unit = $1 ORDER BY person`
		childrenQ = `SELECT parent, id FROM units WHERE parent = $1 ORDER BY id`
		qargs = []any{out[0].ID}
	}
	if err := eachRow(ctx, tx, peopleQ, qargs, func(r *sql.Rows) error {
		var (
			unit, person    string
			member, contact bool
		)
		if err := r.Scan(&unit, &person, &member, &contact); err != nil {
			return err
		}
		if i, ok := index[unit]; ok {
			if member {
				out[i].Members = append(out[i].Members, person)
			}
			if contact {
				out[i].Contacts = append(out[i].Contacts, person)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachRow(ctx, tx, childrenQ, qargs, func(r *sql.Rows) error {
		var parent, id string
		if err := r.Scan(&parent, &id); err != nil {
			return err
		}
		if i, ok := index[parent]; ok {
			out[i].Children = append(out[i].Children, id)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

func eachRow(ctx context.Context, tx *sql.Tx, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// UnitsOf returns the ids of the units person is a member of, in order: the
// units listing them as a member or a contact, and those they head. None is
// an empty list, not an error.
func (s *DB) UnitsOf(ctx context.Context, person string) ([]string, error) {
	out := []string{}
	if person == "" {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT unit FROM unit_people WHERE person = $1
		UNION SELECT id FROM units WHERE head = $1 ORDER BY 1`, person)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// UnitRecipients returns who a notification to the unit goes to: its
// contacts, or when it names none every member (the head among them), in
// order and each once; ErrNotFound for an unknown unit.
func (s *DB) UnitRecipients(ctx context.Context, unit string) ([]string, error) {
	u, err := s.GetUnit(ctx, unit)
	if err != nil {
		return nil, err
	}
	if len(u.Contacts) > 0 {
		return u.Contacts, nil
	}
	out := slices.Clone(u.Members)
	if u.Head != "" && !slices.Contains(out, u.Head) {
		out = append(out, u.Head)
		slices.Sort(out)
	}
	return out, nil
}

// asChecked reports whether the unit read inside a write (existed false:
// none) is still the one its right was checked against (nil: none).
func asChecked(stored Unit, existed bool, checked *Unit) bool {
	if checked == nil || !existed {
		return checked == nil && !existed
	}
	return stored.Name == checked.Name && stored.Parent == checked.Parent && stored.Head == checked.Head &&
		slices.Equal(idSet(stored.Members), idSet(checked.Members)) && slices.Equal(idSet(stored.Contacts), idSet(checked.Contacts))
}
