package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/closeout/closeout/internal/domain/task"
)

const taskUpsert = `INSERT INTO tasks (campaign, id, track, title, owner, leader, flagged, status, light, current_approver,
	deadline, closed_at, closed_on_time, overdue, escalation_level, version, doc, fence, seq, parent, has_indicators)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`

// taskArgs are taskUpsert's arguments: the view and the fence of its write
// ("" for a row seeded before its workflow wrote it).
func taskArgs(t task.View, fence string) ([]any, error) {
	doc, err := json.Marshal(t)
	if err != nil {
		return nil, err
	}
	var onTime sql.NullBool
	if t.ClosedOnTime != nil {
		onTime = sql.NullBool{Bool: *t.ClosedOnTime, Valid: true}
	}
	return []any{t.Campaign, t.ID, t.Track, t.Title, t.Owner, t.Leader, t.Flagged, string(t.Status), string(t.Light),
		t.CurrentApprover, ms(t.Deadline), nullMS(t.ClosedAt), onTime, t.Overdue, t.EscalationLevel, t.Version, string(doc), fence, t.Seq, t.Parent, len(t.Indicators) > 0}, nil
}

// SeedTasks inserts tasks that are not in the projection yet (an import lists
// its tasks before their workflows have run); existing rows are left alone.
func (s *DB) SeedTasks(ctx context.Context, tasks []task.View) error {
	sorted := slices.Clone(tasks) // one lock order for every writer: no deadlocks
	slices.SortFunc(sorted, func(a, b task.View) int { return cmp.Compare(a.Campaign+"/"+a.ID, b.Campaign+"/"+b.ID) })
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, t := range sorted {
			args, err := taskArgs(t, "")
			if err != nil {
				return err
			}
			if err := s.lockTask(ctx, tx, t.Campaign, t.ID); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, taskUpsert+` ON CONFLICT (campaign, id) DO NOTHING`, args...)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 && counted(t) {
				if err := adjustRollup(ctx, tx, t.Campaign, groupOf(t), +1); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// GetTask returns one task or ErrNotFound.
func (s *DB) GetTask(ctx context.Context, campaign, id string) (task.View, error) {
	var doc string
	err := s.db.QueryRowContext(ctx, `SELECT doc FROM tasks WHERE campaign = $1 AND id = $2`, campaign, id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return task.View{}, ErrNotFound
	}
	if err != nil {
		return task.View{}, err
	}
	var t task.View
	err = json.Unmarshal([]byte(doc), &t)
	return t, err
}

// TaskFilter selects tasks for a list page. Empty fields do not filter.
// Unit selects the tasks a unit owns (owner unit:ID); Parent the children
// dispatched from one task.
type TaskFilter struct {
	Campaign, Track, Status, Light, Owner, Approver string
	Unit, Parent                                    string
	Flagged                                         *bool
	// Deciders keeps the tasks whose pending extension waits for one of
	// them (person ids, or unit:ID). No index serves it: the query reads the
	// document of every task the other filters leave (all tasks when there
	// are none), which a person's own list can afford, a hot path could not.
	Deciders []string
	Cursor   string
	Limit    int
}

// ErrBadCursor is returned for a cursor this store did not issue.
var ErrBadCursor = errors.New("invalid cursor")

// ListTasks returns a page of tasks in (campaign, id) order and the cursor of
// the next page ("" on the last one).
func (s *DB) ListTasks(ctx context.Context, f TaskFilter) ([]task.View, string, error) {
	var tasks []task.View
	next, err := s.eachTaskDoc(ctx, f, decodeViews(&tasks))
	return tasks, next, err
}

// AppendTaskDocs is ListTasks for callers that only pass the tasks on (the
// API writes them out as they are): it appends the page's stored JSON
// documents to dst, separated by commas, without decoding or copying each.
func (s *DB) AppendTaskDocs(ctx context.Context, f TaskFilter, dst []byte) ([]byte, string, error) {
	next, err := s.eachTaskDoc(ctx, f, joinDocs(&dst))
	return dst, next, err
}

// joinDocs appends each document it is handed to *dst, separated by
// commas: a JSON array's items, written as stored.
func joinDocs(dst *[]byte) func(doc []byte) error {
	first := true
	return func(doc []byte) error {
		if !first {
			*dst = append(*dst, ',')
		}
		first = false
		*dst = append(*dst, doc...)
		return nil
	}
}

// decodeViews appends each document it is handed to *tasks, decoded.
func decodeViews(tasks *[]task.View) func(doc []byte) error {
	return func(doc []byte) error {
		var t task.View
		if err := json.Unmarshal(doc, &t); err != nil {
			return err
		}
		*tasks = append(*tasks, t)
		return nil
	}
}

// eachTaskDoc runs one keyset-paginated query and hands each document of the
// page to fn; the bytes are valid only during the call. Pagination is by key,
// not offset, so every page costs the same.
func (s *DB) eachTaskDoc(ctx context.Context, f TaskFilter, fn func(doc []byte) error) (string, error) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	for _, c := range []struct{ col, v string }{
		{"campaign", f.Campaign}, {"track", f.Track}, {"status", f.Status}, {"light", f.Light},
		{"owner", f.Owner}, {"current_approver", f.Approver}, {"parent", f.Parent},
	} {
		if c.v != "" {
			where = append(where, c.col+" = "+arg(c.v))
		}
	}
	if f.Unit != "" {
		where = append(where, "owner = "+arg(task.UnitRef(f.Unit)))
	}
	if f.Flagged != nil {
		where = append(where, "flagged = "+arg(*f.Flagged))
	}
	if len(f.Deciders) > 0 {
		in := make([]string, len(f.Deciders))
		for i, d := range f.Deciders {
			in[i] = arg(d)
		}
		where = append(where, s.deciderColumn("doc")+" IN ("+strings.Join(in, ", ")+")")
	}
	if f.Cursor != "" {
		campaign, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return "", err
		}
		if f.Campaign != "" {
			// Within one campaign the key is the id alone, which every list
			// index ends with: the scan starts right at the cursor.
			where = append(where, "id > "+arg(id))
		} else {
			where = append(where, fmt.Sprintf("(campaign, id) > (%s, %s)", arg(campaign), arg(id)))
		}
	}
	q := `SELECT campaign, id, doc FROM tasks`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	// One row more than the page tells whether there is a next page.
	q += ` ORDER BY campaign, id LIMIT ` + arg(f.Limit+1) // #nosec G202 -- q is column names and arg's placeholders; every filter value is an argument
	return s.eachPageDoc(ctx, f.Limit, q, args, fn)
}

// eachPageDoc runs q, which selects campaign, id and doc in (campaign, id)
// order and one row more than limit, hands each document of the page to fn
// and returns the cursor of the next page ("" on the last one).
func (s *DB) eachPageDoc(ctx context.Context, limit int, q string, args []any, fn func(doc []byte) error) (string, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var (
		n                int
		campaign, id     string
		doc              sql.RawBytes
		lastKept, lastID string
	)
	for rows.Next() {
		if err := rows.Scan(&campaign, &id, &doc); err != nil {
			return "", err
		}
		n++
		if n > limit {
			return encodeCursor(lastKept, lastID), rows.Err()
		}
		if err := fn(doc); err != nil {
			return "", err
		}
		lastKept, lastID = campaign, id
	}
	return "", rows.Err()
}

// deciderColumn is the SQL expression of who decides a task document's
// pending extension, or NULL when none is pending.
func (s *DB) deciderColumn(doc string) string {
	if s.postgres {
		return `(` + doc + `::json -> 'extension' ->> 'decider')`
	}
	return `json_extract(` + doc + `, '$.extension.decider')`
}

func (s *DB) queryTasks(ctx context.Context, q string, args ...any) ([]task.View, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []task.View
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var t task.View
		if err := json.Unmarshal([]byte(doc), &t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func encodeCursor(campaign, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(campaign + "\x00" + id))
}

func decodeCursor(c string) (string, string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", "", ErrBadCursor
	}
	campaign, id, ok := strings.Cut(string(b), "\x00")
	// Only what encodeCursor writes: text PostgreSQL accepts, one separator.
	if !ok || !utf8.ValidString(campaign+id) || strings.ContainsRune(id, 0) {
		return "", "", ErrBadCursor
	}
	return campaign, id, nil
}

// TaskEvents returns a task's log in seq order.
func (s *DB) TaskEvents(ctx context.Context, campaign, task string) ([]task.Event, error) {
	return readEvents(ctx, s.db, campaign, task)
}

// querier is a connection pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func readEvents(ctx context.Context, db querier, campaign, taskID string) ([]task.Event, error) {
	rows, err := db.QueryContext(ctx, `SELECT seq, at, actor, type, data, on_behalf_of FROM events
		WHERE campaign = $1 AND task = $2 ORDER BY seq`, campaign, taskID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []task.Event{}
	for rows.Next() {
		var (
			e    task.Event
			at   int64
			data string
		)
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Type, &data, &e.OnBehalfOf); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		if err := json.Unmarshal([]byte(data), &e.Data); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CampaignTasks returns every task of a campaign, for re-planning it whole.
func (s *DB) CampaignTasks(ctx context.Context, campaign string) ([]task.View, error) {
	return s.queryTasks(ctx, `SELECT doc FROM tasks WHERE campaign = $1 ORDER BY id`, campaign)
}
