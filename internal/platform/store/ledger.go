package store

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/closeout/closeout/internal/domain/task"
)

// What the Excel ledgers (SPEC section 11) read beyond the rest of the
// projection: people and units by the names clerks write, and each task's
// latest event for the live ledger.

// nameChunk bounds the names of one query: far under the parameter limits
// of SQLite (32,766) and PostgreSQL (65,535).
const nameChunk = 500

// PeopleNamed maps each of names that people have to their ids (sorted):
// a name two people share maps to both.
func (s *DB) PeopleNamed(ctx context.Context, names []string) (map[string][]string, error) {
	return s.named(ctx, `SELECT name, id FROM people WHERE name IN `, names)
}

// UnitsNamed is PeopleNamed for units.
func (s *DB) UnitsNamed(ctx context.Context, names []string) (map[string][]string, error) {
	return s.named(ctx, `SELECT name, id FROM units WHERE name IN `, names)
}

func (s *DB) named(ctx context.Context, query string, names []string) (map[string][]string, error) {
	out := map[string][]string{}
	names = slices.DeleteFunc(slices.Compact(slices.Sorted(slices.Values(names))), func(n string) bool { return n == "" })
	for chunk := range slices.Chunk(names, nameChunk) {
		args := make([]any, len(chunk))
		for i, n := range chunk {
			args[i] = n
		}
		rows, err := s.db.QueryContext(ctx, query+`(`+placeholders(1, len(chunk))+`) ORDER BY name, id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var name, id string
			if err := rows.Scan(&name, &id); err != nil {
				_ = rows.Close() // the Scan's error is the one to report
				return nil, err
			}
			out[name] = append(out[name], id)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// LastEvents returns each task's latest event (the one at the task's seq)
// for every task of a campaign, by task id: one query, joining on the
// primary key of events.
func (s *DB) LastEvents(ctx context.Context, campaign string) (map[string]task.Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.task, e.seq, e.at, e.actor, e.type, e.data
		FROM tasks t JOIN events e ON e.campaign = t.campaign AND e.task = t.id AND e.seq = t.seq
		WHERE t.campaign = $1`, campaign)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]task.Event{}
	for rows.Next() {
		var (
			taskID, data string
			at           int64
			e            task.Event
		)
		if err := rows.Scan(&taskID, &e.Seq, &at, &e.Actor, &e.Type, &data); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		if err := json.Unmarshal([]byte(data), &e.Data); err != nil {
			return nil, err
		}
		out[taskID] = e
	}
	return out, rows.Err()
}
