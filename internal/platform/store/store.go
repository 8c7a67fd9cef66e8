// Package store is closeout's projection: the relational copy of campaigns,
// tasks and their event logs that lists, reports and the dashboard read, plus
// people, tokens and idempotency keys. The same SQL runs on PostgreSQL
// (production) and SQLite (dev mode); task rows are written only by workflow
// activities, idempotently, so a retried write changes nothing twice.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	neturl "net/url"
	"strings"
	"time"

	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Errors the callers map to answers.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("already exists")
)

// DB is the projection database.
type DB struct {
	db       *sql.DB
	postgres bool
}

// oneRoundTrip asks lib/pq to send each parameterised statement in one round
// trip (parse, bind and execute together) instead of two (parse, then bind
// and execute): binary_parameters=yes, unless the URL sets it. It also sends
// []byte parameters as binary, which the projection only gives to BYTEA
// (file contents) and TEXT columns, both of which take the bytes as they are.
// Every statement of a task's projection write was paying the second trip.
func oneRoundTrip(raw string) (string, error) {
	u, err := neturl.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("database url: %w", err)
	}
	q := u.Query()
	if q.Get("binary_parameters") == "" {
		q.Set("binary_parameters", "yes")
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// Open connects to url: a postgres:// or postgresql:// URL, or sqlite:PATH for
// an embedded file (created if missing).
func Open(ctx context.Context, url string) (*DB, error) {
	var (
		db  *sql.DB
		err error
		pg  bool
	)
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		pg = true
		var dsn string
		if dsn, err = oneRoundTrip(url); err != nil {
			return nil, err
		}
		db, err = sql.Open("postgres", dsn)
		if err == nil {
			db.SetMaxOpenConns(20)
			db.SetMaxIdleConns(20)
			db.SetConnMaxIdleTime(5 * time.Minute)
		}
	case strings.HasPrefix(url, "sqlite:"):
		// WAL lets readers run beside the writer; immediate transactions take the
		// write lock up front so two writers queue instead of deadlocking.
		path := strings.TrimPrefix(url, "sqlite:")
		dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
			"&_pragma=foreign_keys(ON)&_pragma=synchronous(NORMAL)&_txlock=immediate"
		db, err = sql.Open("sqlite", dsn)
		if err == nil {
			db.SetMaxOpenConns(4)
		}
	default:
		return nil, fmt.Errorf("database url %q: want postgres://… or sqlite:PATH", url)
	}
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close() // the failed connection is the error to report
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	return &DB{db: db, postgres: pg}, nil
}

// Close closes the connection pool.
func (s *DB) Close() error { return s.db.Close() }

// Ping checks the database answers (readiness).
func (s *DB) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Migrate applies every migration not yet applied. On PostgreSQL a session lock
// keeps several processes starting at once from migrating twice; one that
// finds nothing pending does not take it (goose checks first).
func (s *DB) Migrate(ctx context.Context) error {
	p, err := s.migrations()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// migrations is goose's provider of the embedded migrations for this database.
func (s *DB) migrations() (*goose.Provider, error) {
	dir, err := s.migrationFiles() // shared and this database's own (migration_dialects.go)
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if s.postgres {
		dialect = goose.DialectPostgres
		// goose's default waits 5 s between tries for up to 5 min: with the
		// migrate Job, api and worker pods all starting on a fresh database,
		// each waiter would idle ~5 s per process ahead of it, and pods that do
		// not listen yet count towards their liveness probes. Try every second,
		// within the same 5 minutes; a try is one cheap query.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.db, dir, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// inTx runs f in a transaction, committing if it returns nil.
func (s *DB) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback() // f's error is the one to report; the transaction ends either way
		return err
	}
	return tx.Commit()
}

// isUniqueViolation maps both databases' duplicate-key errors.
func isUniqueViolation(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
	}
	return false
}

// Instants are stored as Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func nullMS(t *time.Time) sql.NullInt64 {
	if t == nil || t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: ms(*t), Valid: true}
}

// Analyze refreshes the planner's statistics of the projection's tables. An
// import that adds thousands of tasks calls it, so list and report queries
// choose their indexes from the start instead of after autovacuum's next pass.
func (s *DB) Analyze(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `ANALYZE tasks`)
	return err
}
