package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
)

// The audit log (SPEC section 15, package audit): entries are written in the
// transaction of the change they record (appendAudit), or alone for an event
// that changes nothing else (RecordAudit), and read newest first with
// filters and a cursor (AuditLog). Nothing here updates or deletes an entry,
// and the database refuses it (migration 13).

// appendAudit writes e inside tx. Its detail is cleaned of secrets whatever
// the caller put in it; At left zero is now.
func (s *DB) appendAudit(ctx context.Context, tx *sql.Tx, e audit.Entry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	detail, err := json.Marshal(audit.Clean(e.Detail))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)`,
		ms(e.At), e.Actor, e.Action, e.Target, string(detail))
	return err
}

// RecordAudit writes e on its own, for an event with no other write (a
// failed sign-in). A change the store writes records itself in its own
// transaction instead.
func (s *DB) RecordAudit(ctx context.Context, e audit.Entry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.appendAudit(ctx, tx, e) })
}

// AuditFilter selects entries of the log; zero fields select all.
type AuditFilter struct {
	Actor, Target, Action string
	// Since and Until bound At: Since <= At < Until.
	Since, Until time.Time
	// Cursor is the NextCursor of the page before; "" is the newest page.
	Cursor string
	// Limit is the page's size (default 50, at most 500).
	Limit int
}

// Page sizes of AuditLog.
const (
	DefaultAuditPage = 50
	MaxAuditPage     = 500
)

// AuditLog returns a page of the entries f selects, newest first, and the
// cursor of the next page ("" after the last). ErrBadCursor for a cursor
// that is not one of its own.
func (s *DB) AuditLog(ctx context.Context, f AuditFilter) ([]audit.Entry, string, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultAuditPage
	}
	limit = min(limit, MaxAuditPage)
	var (
		where []string
		args  []any
	)
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Cursor != "" {
		before, err := strconv.ParseInt(f.Cursor, 10, 64)
		if err != nil || before <= 0 {
			return nil, "", ErrBadCursor
		}
		add("id < ?", before)
	}
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if f.Target != "" {
		add("target = ?", f.Target)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if !f.Since.IsZero() {
		add("at >= ?", ms(f.Since))
	}
	if !f.Until.IsZero() {
		add("at < ?", ms(f.Until))
	}
	q := `SELECT id, at, actor, action, target, detail FROM audit_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	args = append(args, limit+1) // one more tells whether a next page exists
	// #nosec G202 -- q is constant conditions and placeholder numbers; every filter value is an argument
	q += ` ORDER BY id DESC LIMIT $` + strconv.Itoa(len(args))
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := []audit.Entry{}
	for rows.Next() {
		var (
			e      audit.Entry
			at     int64
			detail string
		)
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &detail); err != nil {
			return nil, "", err
		}
		e.At = fromMS(at)
		if err := json.Unmarshal([]byte(detail), &e.Detail); err != nil {
			return nil, "", err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = strconv.FormatInt(out[limit-1].ID, 10)
	}
	return out, next, nil
}
