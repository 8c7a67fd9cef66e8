package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/closeout/closeout/internal/platform/store"
)

// Dir keeps each file as one file, named by its id, in a directory (dev
// mode: .closeout/files). Uploads are staged in its tmp/ folder, on the same
// file system, so keeping one is a rename. Order matters for a crash at any
// point: the bytes are synced, renamed into place, the rename is synced, and
// only then is the row written (and only then is 201 answered). A crash
// before the row leaves bytes no row names; Sweep removes them.
type Dir struct {
	path    string
	catalog Catalog
}

// OpenDir uses (and creates) the directory path.
func OpenDir(path string, catalog Catalog) (*Dir, error) {
	d := &Dir{path: path, catalog: catalog}
	if err := os.MkdirAll(d.tmp(), 0o700); err != nil {
		return nil, fmt.Errorf("files folder: %w", err)
	}
	return d, nil
}

func (d *Dir) String() string { return "dir " + d.path }

func (d *Dir) tmp() string { return filepath.Join(d.path, "tmp") }

func (d *Dir) blob(id string) string { return filepath.Join(d.path, id) }

// Stage creates a staging file in tmp/.
func (d *Dir) Stage() (*os.File, error) { return os.CreateTemp(d.tmp(), "upload-*") }

// Put keeps the staged bytes as f's and records f.
func (d *Dir) Put(ctx context.Context, f store.File, staged *os.File) error {
	if !validID(f.ID) {
		discard(staged)
		return fmt.Errorf("file id %q", f.ID)
	}
	tmp := staged.Name()
	err := staged.Sync()
	if cerr := staged.Close(); err == nil {
		err = cerr
	}
	final := d.blob(f.ID)
	if err == nil {
		if _, statErr := os.Lstat(final); statErr == nil {
			err = fmt.Errorf("file %s: %w", f.ID, store.ErrExists)
		}
	}
	if err == nil {
		err = os.Rename(tmp, final)
	}
	// The removals below clean up after an error that is the one to report;
	// whatever one leaves behind, Sweep removes later.
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := syncDir(d.path); err != nil {
		_ = os.Remove(final)
		return err
	}
	if err := d.catalog.AddFile(ctx, f); err != nil {
		// No row, so no one can ask for it: take the bytes back.
		_ = os.Remove(final)
		return err
	}
	return nil
}

// Open reads a recorded file.
func (d *Dir) Open(_ context.Context, f store.File) (io.ReadSeekCloser, error) {
	if !validID(f.ID) {
		return nil, fmt.Errorf("file id %q", f.ID)
	}
	return os.Open(d.blob(f.ID))
}

// Sweep removes what uploads left behind: staging files, and kept bytes
// whose row was never written (a crash between the rename and the insert),
// both only when last changed before before, so an upload still running is
// left alone. It answers how many it removed.
func (d *Dir) Sweep(ctx context.Context, before time.Time) (int, error) {
	removed := 0
	old := func(e fs.DirEntry) bool {
		info, err := e.Info()
		return err == nil && info.Mode().IsRegular() && info.ModTime().Before(before)
	}
	staged, err := os.ReadDir(d.tmp())
	if err != nil {
		return 0, err
	}
	for _, e := range staged {
		if old(e) && os.Remove(filepath.Join(d.tmp(), e.Name())) == nil {
			removed++
		}
	}
	entries, err := os.ReadDir(d.path)
	if err != nil {
		return removed, err
	}
	var ids []string
	for _, e := range entries {
		if validID(e.Name()) && old(e) {
			ids = append(ids, e.Name())
		}
	}
	known, err := d.catalog.KnownFiles(ctx, ids)
	if err != nil {
		return removed, err
	}
	for _, id := range ids {
		if !known[id] && os.Remove(d.blob(id)) == nil {
			removed++
		}
	}
	return removed, nil
}

// syncDir makes the renames in dir durable: a rename is a change to the
// directory, which fsync of the file does not cover.
func syncDir(dir string) error {
	f, err := os.Open(dir) // #nosec G304 -- dir is the store's own folder, from the operator's configuration
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
