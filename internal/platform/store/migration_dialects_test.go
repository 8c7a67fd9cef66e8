package store

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

// The migrations folder a database reads is the shared files and its own,
// in name order; a migration both shared and of one database is refused.
func TestOverlayFS(t *testing.T) {
	shared := fstest.MapFS{"00001_init.sql": {Data: []byte("a")}, "00003_more.sql": {Data: []byte("c")}}
	own := fstest.MapFS{"00002_audit.sql": {Data: []byte("b")}}
	entries, err := fs.ReadDir(overlayFS{shared: shared, own: own}, ".")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"00001_init.sql", "00002_audit.sql", "00003_more.sql"}; !slices.Equal(names, want) {
		t.Errorf("names %v, want %v", names, want)
	}
	if data, err := fs.ReadFile(overlayFS{shared: shared, own: own}, "00002_audit.sql"); err != nil || string(data) != "b" {
		t.Errorf("the database's own file: %q, %v", data, err)
	}
	if matches, err := fs.Glob(overlayFS{shared: shared, own: own}, "*.sql"); err != nil || len(matches) != 3 {
		t.Errorf("glob: %v, %v", matches, err)
	}
	own["00003_more.sql"] = &fstest.MapFile{Data: []byte("x")}
	if _, err := fs.ReadDir(overlayFS{shared: shared, own: own}, "."); err == nil {
		t.Error("a migration both shared and of one database was accepted")
	}
}

// Both databases find every migration of the other, but for those that
// come in pairs, and each pair is complete.
func TestEveryDialectHasTheSameMigrations(t *testing.T) {
	names := map[bool][]string{}
	for _, pg := range []bool{false, true} {
		dir, err := (&DB{postgres: pg}).migrationFiles()
		if err != nil {
			t.Fatal(err)
		}
		entries, err := fs.ReadDir(dir, ".")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			names[pg] = append(names[pg], e.Name())
		}
	}
	if !slices.Equal(names[false], names[true]) {
		t.Errorf("SQLite reads %v, PostgreSQL %v", names[false], names[true])
	}
}
