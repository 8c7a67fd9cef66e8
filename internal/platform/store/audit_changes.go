package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
)

// What the store's write paths put in the audit log: who acted, and what a
// change changed, field by field.

// actorOf is who makes the change: the person the request acts for
// (audit.WithActor), else by, the author the change's own record names (a
// calendar year's LoadedBy when the command line loads it), else
// audit.System.
func actorOf(ctx context.Context, by string) string {
	if a := audit.ActorFrom(ctx); a != audit.System || by == "" {
		return a
	}
	return by
}

// fieldChange is one field of a record before and after a write.
type fieldChange struct {
	field         string
	before, after any
	same          bool
}

func change[T comparable](field string, before, after T) fieldChange {
	return fieldChange{field: field, before: before, after: after, same: before == after}
}

func listChange(field string, before, after []string) fieldChange {
	b, a := idSet(before), idSet(after)
	return fieldChange{field: field, before: b, after: a, same: slices.Equal(b, a)}
}

// changed is the detail of a change: {field: {before, after}} for each
// field that differs; empty when none does.
func changed(fields ...fieldChange) map[string]any {
	out := map[string]any{}
	for _, f := range fields {
		if !f.same {
			out[f.field] = map[string]any{"before": f.before, "after": f.after}
		}
	}
	return out
}

// idSet is ids sorted, each once, without empty ones: how the store keeps a
// unit's people.
func idSet(ids []string) []string {
	out := slices.DeleteFunc(append([]string{}, ids...), func(id string) bool { return id == "" })
	slices.Sort(out)
	return slices.Compact(out) // [] rather than null in a detail
}

// storedUnit reads a unit inside tx, locking its row on PostgreSQL so the
// "before" of its audit entry is the one the write replaces. ok is false
// when there is none.
func (s *DB) storedUnit(ctx context.Context, tx *sql.Tx, id string) (u Unit, ok bool, err error) {
	q := `SELECT id, name, parent, head FROM units WHERE id = $1`
	if s.postgres {
		q += ` FOR UPDATE`
	}
	err = tx.QueryRowContext(ctx, q, id).Scan(&u.ID, &u.Name, &u.Parent, &u.Head)
	if errors.Is(err, sql.ErrNoRows) {
		return Unit{}, false, nil
	}
	if err != nil {
		return Unit{}, false, err
	}
	err = eachRow(ctx, tx, `SELECT person, member, contact FROM unit_people WHERE unit = $1 ORDER BY person`, []any{id},
		func(r *sql.Rows) error {
			var (
				person          string
				member, contact bool
			)
			if err := r.Scan(&person, &member, &contact); err != nil {
				return err
			}
			if member {
				u.Members = append(u.Members, person)
			}
			if contact {
				u.Contacts = append(u.Contacts, person)
			}
			return nil
		})
	return u, true, err
}

// unitEntry is the audit entry of writing u over before (existed false
// when u is new), or ok false when the write changes nothing.
func unitEntry(ctx context.Context, before Unit, existed bool, u Unit) (e audit.Entry, ok bool) {
	e = audit.Entry{At: u.CreatedAt, Actor: actorOf(ctx, ""), Target: audit.UnitTarget(u.ID)}
	if !existed {
		e.Action = audit.UnitCreated
		e.Detail = map[string]any{"name": u.Name, "parent": u.Parent, "head": u.Head,
			"members": idSet(u.Members), "contacts": idSet(u.Contacts)}
		return e, true
	}
	e.Action = audit.UnitChanged
	e.Detail = changed(change("name", before.Name, u.Name), change("parent", before.Parent, u.Parent),
		change("head", before.Head, u.Head), listChange("members", before.Members, u.Members),
		listChange("contacts", before.Contacts, u.Contacts))
	return e, len(e.Detail) > 0
}

// personCreated is the audit entry of a new person. Their contact details
// stay out: the entry says who was created and with which roles.
func personCreated(ctx context.Context, p Person, roles []string) audit.Entry {
	return audit.Entry{At: p.CreatedAt, Actor: actorOf(ctx, ""), Action: audit.PersonCreated,
		Target: audit.PersonTarget(p.ID), Detail: map[string]any{"name": p.Name, "roles": roles}}
}

// personChanged is the audit entry of a person's record written over
// before (at zero: now), or ok false when nothing changed.
func personChanged(ctx context.Context, before, after Person, at time.Time) (audit.Entry, bool) {
	detail := changed(change("name", before.Name, after.Name), change("email", before.Email, after.Email),
		change("slack_id", before.SlackID, after.SlackID), change("mobile", before.Mobile, after.Mobile),
		change("timezone", before.Timezone, after.Timezone), change("quiet_hours", before.QuietHours, after.QuietHours),
		change("reminders", before.Reminders, after.Reminders))
	return audit.Entry{At: at, Actor: actorOf(ctx, ""), Action: audit.PersonSettingsChanged,
		Target: audit.PersonTarget(before.ID), Detail: detail}, len(detail) > 0
}

// upserted is before as UpsertPeople leaves it after writing p: name,
// email and Slack id replaced, each setting only where p gives one.
func upserted(before, p Person) Person {
	after := before
	after.Name, after.Email, after.SlackID = p.Name, p.Email, p.SlackID
	for _, f := range []struct {
		to   *string
		from string
	}{
		{&after.Mobile, p.Mobile}, {&after.Timezone, p.Timezone}, {&after.QuietHours, p.QuietHours}, {&after.Reminders, p.Reminders},
	} {
		if f.from != "" {
			*f.to = f.from
		}
	}
	return after
}
