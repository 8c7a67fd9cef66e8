package files

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
	"time"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// pdfOf is a PDF-looking file of n bytes (the sniffer reads only its start).
func pdfOf(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	copy(b, "%PDF-1.7\n")
	return b
}

func li(name string) Upload { return Upload{Campaign: "c1", Task: "T1", By: "li", Name: name} }

// failingCatalog is a real catalog whose inserts fail, as when the database
// goes away between the bytes and the row.
type failingCatalog struct{ Catalog }

func (failingCatalog) AddFile(context.Context, store.File) error { return errors.New("database gone") }

// names lists a folder's regular files.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			out = append(out, e.Name())
		}
	}
	return out
}

// The directory store keeps a file under its id once the row is written,
// and whatever fails (too large, refused, the client gone half way, the
// row's insert) leaves no row, no bytes and no staging file.
func TestDirStore(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "files")
	dir, err := OpenDir(path, db)
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(dir, db, 64<<10)
	content := pdfOf(40 << 10)
	f, err := svc.Upload(ctx, li("现场.pdf"), bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	if f.SHA256 != hex.EncodeToString(sum[:]) || f.Size != int64(len(content)) || f.ContentType != "application/pdf" || f.Name != "现场.pdf" {
		t.Fatalf("uploaded %+v", f)
	}
	if got := names(t, path); len(got) != 1 || got[0] != f.ID {
		t.Fatalf("the folder holds %v, want only %s", got, f.ID)
	}
	if got := names(t, filepath.Join(path, "tmp")); len(got) != 0 {
		t.Fatalf("staging files left: %v", got)
	}
	row, err := svc.Get(ctx, f.ID)
	if err != nil || row != f.File {
		t.Fatalf("row %+v, %v; want %+v", row, err, f)
	}
	rc, err := svc.Open(ctx, row)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	if err := rc.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, content) {
		t.Fatal("the kept bytes differ")
	}

	failures := []struct {
		name    string
		svc     *Service
		content io.Reader
		want    func(error) bool
	}{
		{"too large", svc, bytes.NewReader(pdfOf(64<<10 + 1)), func(err error) bool { return errors.Is(err, ErrTooLarge) }},
		{"executable", svc, bytes.NewReader([]byte("\x7fELF\x02\x01\x01")), func(err error) bool { var r *Refusal; return errors.As(err, &r) }},
		{"empty", svc, bytes.NewReader(nil), func(err error) bool { return errors.Is(err, ErrEmpty) }},
		{"client gone half way", svc, io.MultiReader(bytes.NewReader(pdfOf(8<<10)), iotest.ErrReader(io.ErrUnexpectedEOF)),
			func(err error) bool { return errors.Is(err, ErrIncomplete) }},
		{"row not written", NewService(&Dir{path: path, catalog: failingCatalog{db}}, db, 64<<10), bytes.NewReader(pdfOf(1 << 10)),
			func(err error) bool { return err != nil }},
	}
	for _, tt := range failures {
		_, err := tt.svc.Upload(ctx, li("x.pdf"), tt.content)
		if !tt.want(err) {
			t.Errorf("%s: %v", tt.name, err)
		}
		if got := names(t, path); len(got) != 1 {
			t.Errorf("%s left bytes: %v", tt.name, got)
		}
		if got := names(t, filepath.Join(path, "tmp")); len(got) != 0 {
			t.Errorf("%s left a staging file: %v", tt.name, got)
		}
	}
	if list, err := svc.List(ctx, "c1", "T1"); err != nil || len(list) != 1 {
		t.Fatalf("rows after the failures: %+v, %v", list, err)
	}
	if _, err := svc.Get(ctx, "../../closeout.db"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a path as an id: %v", err)
	}
}

// Sweep removes bytes no row names (a crash between the rename and the
// insert) and stale staging files, and keeps files and recent uploads.
func TestDirSweep(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	path := t.TempDir()
	dir, err := OpenDir(path, db)
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(dir, db, 1<<20)
	kept, err := svc.Upload(ctx, li("a.pdf"), bytes.NewReader(pdfOf(100)))
	if err != nil {
		t.Fatal(err)
	}
	orphan := newID()
	if err := os.WriteFile(filepath.Join(path, orphan), pdfOf(100), 0o600); err != nil {
		t.Fatal(err)
	}
	staged, err := dir.Stage()
	if err != nil {
		t.Fatal(err)
	}
	if err := staged.Close(); err != nil {
		t.Fatal(err)
	}

	// Everything is newer than the cut-off: an upload may still be running.
	if n, err := dir.Sweep(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("sweep of recent files removed %d: %v", n, err)
	}
	if n, err := dir.Sweep(ctx, time.Now().Add(time.Hour)); err != nil || n != 2 {
		t.Fatalf("sweep removed %d, want the orphan and the staging file: %v", n, err)
	}
	if got := names(t, path); len(got) != 1 || got[0] != kept.ID {
		t.Fatalf("after the sweep the folder holds %v, want %s", got, kept.ID)
	}
	if got := names(t, filepath.Join(path, "tmp")); len(got) != 0 {
		t.Fatalf("staging files left: %v", got)
	}
}

// The database store, on both databases: bytes and row in one transaction,
// read back whole and from any offset; a failure leaves nothing, not even
// the staging file.
func TestDatabaseStore(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp) // where Database stages uploads
			db := storetest.Open(t, kind)
			ctx := context.Background()
			svc := NewService(NewDatabase(db), db, 4<<20)
			content := pdfOf(2*store.FileChunkSize + 777)
			f, err := svc.Upload(ctx, li("scan.pdf"), bytes.NewReader(content))
			if err != nil {
				t.Fatal(err)
			}
			rc, err := svc.Open(ctx, f.File)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = rc.Close() }) // read only: nothing to lose
			got, err := io.ReadAll(rc)
			if err != nil || !bytes.Equal(got, content) {
				t.Fatalf("read back %d bytes (%v), want %d identical ones", len(got), err, len(content))
			}
			for _, off := range []int64{0, store.FileChunkSize - 1, store.FileChunkSize, int64(len(content)) - 5} {
				if _, err := rc.Seek(off, io.SeekStart); err != nil {
					t.Fatal(err)
				}
				part := make([]byte, 5)
				if _, err := io.ReadFull(rc, part); err != nil || !bytes.Equal(part, content[off:off+5]) {
					t.Fatalf("at offset %d: %x, %v; want %x", off, part, err, content[off:off+5])
				}
			}
			if end, _ := rc.Seek(0, io.SeekEnd); end != int64(len(content)) {
				t.Fatalf("the end is at %d", end)
			}

			for name, body := range map[string]io.Reader{
				"too large":   bytes.NewReader(pdfOf(4<<20 + 1)),
				"refused":     bytes.NewReader([]byte("MZ\x90\x00")),
				"client gone": io.MultiReader(bytes.NewReader(pdfOf(store.FileChunkSize+3)), iotest.ErrReader(io.ErrUnexpectedEOF)),
			} {
				if _, err := svc.Upload(ctx, li("x.pdf"), body); err == nil {
					t.Errorf("%s: uploaded", name)
				}
			}
			if list, err := svc.List(ctx, "c1", "T1"); err != nil || len(list) != 1 {
				t.Fatalf("rows after the failures: %+v, %v", list, err)
			}
			if got := names(t, tmp); len(got) != 0 {
				t.Fatalf("staging files left: %v", got)
			}
			// A row whose bytes are not in the database fails on open, before
			// any download starts.
			other := store.File{ID: newID(), Campaign: "c1", Task: "T1", Name: "a.pdf", Size: 10,
				SHA256: f.SHA256, ContentType: "application/pdf", UploadedBy: "li", UploadedAt: f.UploadedAt}
			if err := db.AddFile(ctx, other); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Open(ctx, other); err == nil {
				t.Fatal("opening a file without stored bytes must fail")
			}
		})
	}
}

// A task holds at most its quota of files, and the same bytes uploaded to it
// again are the file kept before: no second copy, no second row.
func TestTaskQuotaAndSameBytes(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	path := t.TempDir()
	dir, err := OpenDir(path, db)
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(dir, db, 64<<10).WithTaskQuota(100 << 10)
	a := pdfOf(40 << 10)
	first, err := svc.Upload(ctx, li("a.pdf"), bytes.NewReader(a))
	if err != nil || first.Again {
		t.Fatalf("first upload: %+v, %v", first, err)
	}
	again, err := svc.Upload(ctx, li("a-copy.pdf"), bytes.NewReader(a))
	if err != nil || !again.Again || again.ID != first.ID || again.Name != "a.pdf" {
		t.Fatalf("the same bytes again: %+v, %v; want the first row, marked Again", again, err)
	}
	if got := names(t, path); len(got) != 1 {
		t.Fatalf("the same bytes are kept %d times: %v", len(got), got)
	}
	if _, err := svc.Upload(ctx, li("b.pdf"), bytes.NewReader(pdfOf(40<<10))); err != nil {
		t.Fatal(err)
	}
	// 80 KiB held: another 40 KiB would make 120 KiB, past the 100 KiB quota.
	if _, err := svc.Upload(ctx, li("c.pdf"), bytes.NewReader(pdfOf(40<<10))); !errors.Is(err, ErrTaskFull) {
		t.Fatalf("past the quota: %v, want ErrTaskFull", err)
	}
	if got := names(t, path); len(got) != 2 {
		t.Fatalf("after the refusal the folder holds %v, want the two files", got)
	}
	if got := names(t, filepath.Join(path, "tmp")); len(got) != 0 {
		t.Fatalf("staging files left: %v", got)
	}
	other := Upload{Campaign: "c1", Task: "T2", By: "li", Name: "a.pdf"}
	if f, err := svc.Upload(ctx, other, bytes.NewReader(a)); err != nil || f.Again {
		t.Fatalf("the same bytes on another task: %+v, %v; want a file of its own", f, err)
	}
}
