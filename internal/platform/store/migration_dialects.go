package store

import (
	"embed"
	"errors"
	"io/fs"
	"slices"
	"strings"
)

// A few migrations cannot be written once for both databases: a generated
// id, a trigger (the audit log's, migration 13). Such a migration is a pair
// of files of the same name, one under migrations/postgres and one under
// migrations/sqlite; every other migration is one file under migrations.
// Goose reads one folder, so each database gets the shared files and its
// own, side by side.

//go:embed migrations/postgres/*.sql migrations/sqlite/*.sql
var dialectMigrations embed.FS

// migrationFiles is the migrations folder as this database reads it.
func (s *DB) migrationFiles() (fs.FS, error) {
	shared, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	dialect := "migrations/sqlite"
	if s.postgres {
		dialect = "migrations/postgres"
	}
	own, err := fs.Sub(dialectMigrations, dialect)
	if err != nil {
		return nil, err
	}
	return overlayFS{shared: shared, own: own}, nil
}

// overlayFS is a flat folder of migration files: the shared ones and this
// database's own. A name in both is a mistake (goose would see one version
// twice), and reading the folder says so.
type overlayFS struct{ shared, own fs.FS }

func (o overlayFS) Open(name string) (fs.File, error) {
	if name == "." {
		return o.shared.Open(name) // goose lists the folder with ReadDir below
	}
	f, err := o.own.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return o.shared.Open(name)
	}
	return f, err
}

func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	shared, err := fs.ReadDir(o.shared, ".")
	if err != nil {
		return nil, err
	}
	own, err := fs.ReadDir(o.own, ".")
	if err != nil {
		return nil, err
	}
	out := slices.Concat(shared, own)
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	for i := 1; i < len(out); i++ {
		if out[i].Name() == out[i-1].Name() {
			return nil, &fs.PathError{Op: "readdir", Path: out[i].Name(), Err: errors.New("a migration both shared and of one database")}
		}
	}
	return out, nil
}
