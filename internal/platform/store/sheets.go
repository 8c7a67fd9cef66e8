package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
)

// Supervision sheets (督办单, SPEC section 18; migration 19). The store keeps
// each sheet's frozen content (Doc) beside the columns lists read; what a
// sheet says is composed by internal/app/sheets.

// Sheet is one issued supervision sheet.
type Sheet struct {
	ID       string `json:"id"`
	Campaign string `json:"campaign"`
	Year     int    `json:"year"`
	// Seq is the number's running count within the campaign and year.
	Seq      int64     `json:"seq"`
	Number   string    `json:"number"`
	Task     string    `json:"task"`
	Grade    string    `json:"grade"`
	IssuedAt time.Time `json:"issued_at"`
	IssuedBy string    `json:"issued_by"`
	// Doc is the sheet's content as issued (JSON), read back as it was.
	Doc json.RawMessage `json:"-"`
}

// NewSheet is a sheet to issue: everything but its number, which Compose
// writes once the number is taken (the number and the document carry it).
type NewSheet struct {
	Campaign, Task, Grade, IssuedBy string
	Year                            int
	IssuedAt                        time.Time
	// Compose returns the number's text and the document for the running
	// count seq; it runs inside the transaction and must not block.
	Compose func(seq int64) (number string, doc json.RawMessage, err error)
}

// SheetID is the id of the campaign's seq-th sheet of year: readable, and
// unique because the number is.
func SheetID(campaign string, year int, seq int64) string {
	return fmt.Sprintf("%s-%d-%d", campaign, year, seq)
}

// IssueSheet takes the campaign's next number for the year and records the
// sheet with it, and its audit entry, in one transaction: the counter's
// upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING, the same statement on
// both databases) holds the counter row's lock on PostgreSQL until commit,
// and SQLite's single writer serialises it, so concurrent issues queue for
// consecutive numbers; a crash or a failed insert rolls the counter back
// with the sheet, so no number is skipped or given twice.
func (s *DB) IssueSheet(ctx context.Context, n NewSheet) (Sheet, error) {
	var out Sheet
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var seq int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO sheet_counters (campaign, year, last) VALUES ($1, $2, 1)
			ON CONFLICT (campaign, year) DO UPDATE SET last = sheet_counters.last + 1 RETURNING last`,
			n.Campaign, n.Year).Scan(&seq); err != nil {
			return err
		}
		number, doc, err := n.Compose(seq)
		if err != nil {
			return err
		}
		out = Sheet{ID: SheetID(n.Campaign, n.Year, seq), Campaign: n.Campaign, Year: n.Year, Seq: seq, Number: number,
			Task: n.Task, Grade: n.Grade, IssuedAt: n.IssuedAt, IssuedBy: n.IssuedBy, Doc: doc}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sheets (id, campaign, year, seq, number, task, grade, issued_at, issued_by, doc)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			out.ID, out.Campaign, out.Year, out.Seq, out.Number, out.Task, out.Grade, ms(out.IssuedAt), out.IssuedBy, string(doc)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{At: n.IssuedAt, Actor: actorOf(ctx, n.IssuedBy), Action: audit.SheetIssued,
			Target: audit.SheetTarget(out.ID),
			Detail: map[string]any{"campaign": out.Campaign, "task": out.Task, "number": out.Number, "grade": out.Grade}})
	})
	if err != nil {
		return Sheet{}, err
	}
	out.IssuedAt = fromMS(ms(out.IssuedAt)) // as it reads back
	return out, nil
}

const sheetColumns = `id, campaign, year, seq, number, task, grade, issued_at, issued_by, doc`

func scanSheet(sc interface{ Scan(...any) error }) (Sheet, error) {
	var (
		sh  Sheet
		at  int64
		doc string
	)
	if err := sc.Scan(&sh.ID, &sh.Campaign, &sh.Year, &sh.Seq, &sh.Number, &sh.Task, &sh.Grade, &at, &sh.IssuedBy, &doc); err != nil {
		return Sheet{}, err
	}
	sh.IssuedAt, sh.Doc = fromMS(at), json.RawMessage(doc)
	return sh, nil
}

// GetSheet returns one sheet; ErrNotFound when there is none.
func (s *DB) GetSheet(ctx context.Context, id string) (Sheet, error) {
	sh, err := scanSheet(s.db.QueryRowContext(ctx, `SELECT `+sheetColumns+` FROM sheets WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Sheet{}, ErrNotFound
	}
	return sh, err
}

// CampaignSheets lists a campaign's sheets in the order of their numbers.
func (s *DB) CampaignSheets(ctx context.Context, campaign string) ([]Sheet, error) {
	return s.sheets(ctx, `SELECT `+sheetColumns+` FROM sheets WHERE campaign = $1 ORDER BY year, seq`, campaign)
}

// TaskSheets lists a task's sheets in the order of their numbers.
func (s *DB) TaskSheets(ctx context.Context, campaign, task string) ([]Sheet, error) {
	return s.sheets(ctx, `SELECT `+sheetColumns+` FROM sheets WHERE campaign = $1 AND task = $2 ORDER BY year, seq`, campaign, task)
}

func (s *DB) sheets(ctx context.Context, q string, args ...any) ([]Sheet, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Sheet{}
	for rows.Next() {
		sh, err := scanSheet(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, rows.Err()
}
