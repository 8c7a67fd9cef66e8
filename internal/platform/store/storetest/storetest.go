// Package storetest gives tests a fresh, migrated projection database: a new
// SQLite file, or a new database on the real PostgreSQL server, dropped when
// the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	// The postgres driver, for the admin connection that makes and drops
	// the test databases.
	_ "github.com/lib/pq"

	"github.com/closeout/closeout/internal/platform/store"
)

// Kinds of database a test can ask for.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Kinds lists both, for tests that run once per database.
var Kinds = []string{SQLite, Postgres}

// PostgresURL is the server tests create their databases on:
// CLOSEOUT_TEST_POSTGRES_URL, or the local trust-auth server.
func PostgresURL() string {
	if u := os.Getenv("CLOSEOUT_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// URL returns the database URL of a fresh, empty database of kind.
func URL(t testing.TB, kind string) string {
	t.Helper()
	if kind == SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "closeout.db")
	}
	admin, err := sql.Open("postgres", PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	name := "closeout_test_" + randomHex(6)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create a test database on %s (is PostgreSQL running? `make test` starts it): %v", PostgresURL(), err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("postgres", PostgresURL())
		if err != nil {
			t.Logf("leave test database %s behind: %v", name, err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Logf("leave test database %s behind: %v", name, err)
		}
	})
	u, err := url.Parse(PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Open returns a fresh, migrated database of kind, closed when the test ends.
func Open(t testing.TB, kind string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, URL(t, kind))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
