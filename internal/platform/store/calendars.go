package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/platform/audit"
)

// CalendarYear is a year of a calendar's official arrangement as an admin
// loaded it (migration 00006).
type CalendarYear struct {
	Calendar string `json:"calendar"`
	calendar.Year
	LoadedBy string    `json:"loaded_by"`
	LoadedAt time.Time `json:"loaded_at"`
	// Version orders the writes to the calendar's years (see CalendarVersion).
	Version int64 `json:"-"`
}

// PutCalendarYear stores a loaded year, normalised, unless the same days from
// the same source are stored already: loading one notice twice keeps the
// first load's author, time and version. It returns the stored year and
// whether this call wrote it; a write is an audit entry.
func (s *DB) PutCalendarYear(ctx context.Context, y CalendarYear) (CalendarYear, bool, error) {
	y.Year = y.Year.Normalized()
	holidays, err := json.Marshal(y.Holidays)
	if err != nil {
		return CalendarYear{}, false, err
	}
	workdays, err := json.Marshal(y.Workdays)
	if err != nil {
		return CalendarYear{}, false, err
	}
	var stored CalendarYear
	changed := false
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if s.postgres {
			// One writer at a time, so versions grow with every change
			// (SQLite's immediate transactions already take the write lock
			// up front). Readers are not blocked.
			if _, err := tx.ExecContext(ctx, `LOCK TABLE calendar_years IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		old, err := readCalendarYear(ctx, tx, y.Calendar, y.Year.Year)
		switch {
		case err == nil && old.Year.Equal(y.Year):
			stored = old
			return nil
		case err != nil && !errors.Is(err, ErrNotFound):
			return err
		}
		var version int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM calendar_years WHERE calendar = $1`,
			y.Calendar).Scan(&version); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO calendar_years (calendar, year, source, holidays, workdays, loaded_by, loaded_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (calendar, year) DO UPDATE SET source = excluded.source, holidays = excluded.holidays,
				workdays = excluded.workdays, loaded_by = excluded.loaded_by, loaded_at = excluded.loaded_at, version = excluded.version`,
			y.Calendar, y.Year.Year, y.Source, string(holidays), string(workdays), y.LoadedBy, ms(y.LoadedAt), version)
		if err != nil {
			return err
		}
		y.Version, y.LoadedAt, changed = version, fromMS(ms(y.LoadedAt)), true
		stored = y
		return s.appendAudit(ctx, tx, audit.Entry{At: y.LoadedAt, Actor: actorOf(ctx, y.LoadedBy),
			Action: audit.CalendarYearLoaded, Target: audit.CalendarTarget(y.Calendar, y.Year.Year),
			Detail: map[string]any{"source": y.Source, "holidays": len(y.Holidays), "workdays": len(y.Workdays), "version": version}})
	})
	return stored, changed, err
}

// CalendarYears returns the loaded years of a calendar, by year.
func (s *DB) CalendarYears(ctx context.Context, name string) ([]CalendarYear, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT calendar, year, source, holidays, workdays, loaded_by, loaded_at, version
		FROM calendar_years WHERE calendar = $1 ORDER BY year`, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CalendarYear
	for rows.Next() {
		y, err := scanCalendarYear(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// CalendarVersion is the version of the latest write to a calendar's loaded
// years, 0 when none was loaded. It changes whenever a year does, so a
// process re-reads CalendarYears only when it moved: one indexed aggregate
// per plan instead of every year's dates.
func (s *DB) CalendarVersion(ctx context.Context, name string) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM calendar_years WHERE calendar = $1`, name).Scan(&v)
	return v, err
}

func readCalendarYear(ctx context.Context, q querier, name string, year int) (CalendarYear, error) {
	rows, err := q.QueryContext(ctx, `SELECT calendar, year, source, holidays, workdays, loaded_by, loaded_at, version
		FROM calendar_years WHERE calendar = $1 AND year = $2`, name, year)
	if err != nil {
		return CalendarYear{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return CalendarYear{}, err
		}
		return CalendarYear{}, ErrNotFound
	}
	return scanCalendarYear(rows)
}

func scanCalendarYear(rows *sql.Rows) (CalendarYear, error) {
	var (
		y                  CalendarYear
		holidays, workdays string
		loadedAt           int64
	)
	if err := rows.Scan(&y.Calendar, &y.Year.Year, &y.Source, &holidays, &workdays, &y.LoadedBy, &loadedAt, &y.Version); err != nil {
		return CalendarYear{}, err
	}
	if err := json.Unmarshal([]byte(holidays), &y.Holidays); err != nil {
		return CalendarYear{}, err
	}
	if err := json.Unmarshal([]byte(workdays), &y.Workdays); err != nil {
		return CalendarYear{}, err
	}
	y.LoadedAt = fromMS(loadedAt)
	return y, nil
}
