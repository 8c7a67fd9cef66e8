package store

import (
	"context"
	"database/sql"
)

// MigrateTo applies the migrations up to version, for tests of a migration
// that moves rows an earlier schema wrote.
func (s *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := s.migrations()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// SQL is the connection pool, for such tests to write as the earlier schema did.
func (s *DB) SQL() *sql.DB { return s.db }
