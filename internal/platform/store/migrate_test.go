package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// `closeout migrate` runs as a Job beside api and worker processes that
// migrate at start too, and an operator may run it again by hand: however
// many run, one after another or at once, the schema must end as if one had.
// Only PostgreSQL has a lock for this (SQLite is dev mode's, one process).

// migrateCounts is how many rows goose's version table has for each
// version it applied (version 0 is the row goose inserts when it creates
// the table).
func migrateCounts(t *testing.T, db *sql.DB) map[int64]int {
	t.Helper()
	rows, err := db.Query(`SELECT version_id, count(*) FROM goose_db_version WHERE is_applied GROUP BY version_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var v int64
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			t.Fatal(err)
		}
		out[v] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// schemaOf describes a database's public schema as sorted lines: every
// column with its type, nullability and default, every index with its
// definition, every constraint. Two databases print the same lines when
// their schemas are the same.
func schemaOf(t *testing.T, db *sql.DB) []string {
	t.Helper()
	queries := []string{
		`SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable ||
		        ' default=' || coalesce(column_default, '') || ' position=' || ordinal_position
		   FROM information_schema.columns WHERE table_schema = 'public'`,
		`SELECT 'index ' || tablename || ' ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public'`,
		`SELECT 'constraint ' || table_name || ' ' || constraint_type || ' ' || constraint_name
		   FROM information_schema.table_constraints WHERE table_schema = 'public' AND constraint_type <> 'CHECK'`,
		// NOT NULL shows as CHECK constraints with generated names; the columns
		// query covers nullability.
	}
	var out []string
	for _, q := range queries {
		rows, err := db.Query(q + ` ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			out = append(out, line)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return out
}

// rawDB opens url with database/sql alone, to read what the migrations made.
func rawDB(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// migrateOnce is the reference: a fresh database migrated by one Migrate.
func migrateOnce(t *testing.T) (schema []string, versions map[int64]int) {
	t.Helper()
	url := storetest.URL(t, storetest.Postgres)
	migrate(t, url)
	db := rawDB(t, url)
	schema, versions = schemaOf(t, db), migrateCounts(t, db)
	if len(schema) < 50 {
		t.Fatalf("a migrated database's schema reads as %d lines: the comparison would prove nothing", len(schema))
	}
	return schema, versions
}

// migrate opens url on a pool of its own, so a session of its own, and
// migrates it.
func migrate(t *testing.T, url string) {
	t.Helper()
	if err := migrateErr(url); err != nil {
		t.Fatal(err)
	}
}

func migrateErr(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Migrate(ctx)
}

func checkMigrated(t *testing.T, url string, wantSchema []string, wantVersions map[int64]int) {
	t.Helper()
	db := rawDB(t, url)
	versions := migrateCounts(t, db)
	for v, n := range versions {
		if n != 1 {
			t.Errorf("version %d recorded %d times in goose_db_version, want once", v, n)
		}
	}
	if diff := cmp.Diff(wantVersions, versions); diff != "" {
		t.Errorf("applied versions differ from a database migrated once (-once +here):\n%s", diff)
	}
	if diff := cmp.Diff(wantSchema, schemaOf(t, db)); diff != "" {
		t.Errorf("schema differs from a database migrated once (-once +here):\n%s", diff)
	}
}

func TestMigrateTwiceInARow(t *testing.T) {
	wantSchema, wantVersions := migrateOnce(t)
	if len(wantVersions) < 2 {
		t.Fatalf("the reference database recorded versions %v: no migration ran", wantVersions)
	}
	url := storetest.URL(t, storetest.Postgres)
	migrate(t, url)
	migrate(t, url) // a second `closeout migrate`: nothing left to do

	// And again on the same handle, as a process that migrated at start
	// and is asked to again.
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for range 2 {
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	checkMigrated(t, url, wantSchema, wantVersions)
}

// TestMigrateConcurrently starts several migrations of one fresh database at
// the same moment, each on its own connection pool (a process of its own as
// far as PostgreSQL can tell): the first deployment, when the migrate Job,
// the api and the worker pods all start together.
func TestMigrateConcurrently(t *testing.T) {
	wantSchema, wantVersions := migrateOnce(t)
	url := storetest.URL(t, storetest.Postgres)
	const n = 4
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		errs  = make([]error, n)
	)
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = migrateErr(url)
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	t.Logf("%d concurrent migrations took %s", n, time.Since(began).Round(time.Millisecond))
	var failed []string
	for i, err := range errs {
		if err != nil {
			failed = append(failed, fmt.Sprintf("migration %d: %v", i, err))
		}
	}
	if len(failed) > 0 {
		t.Fatal(strings.Join(failed, "\n"))
	}
	checkMigrated(t, url, wantSchema, wantVersions)
}
