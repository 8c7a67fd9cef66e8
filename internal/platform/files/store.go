// Package files keeps evidence files (佐证材料, SPEC section 12): it reads an
// upload into a staging file, sniffs what it is (sniff.go), and stores its
// bytes durably before its metadata row exists (store.File in package store),
// so a row never names bytes a crash can take away. Two stores: a directory
// (dev mode, Dir) and the projection database itself (Database). Workflows
// never see a file's bytes, only the metadata evidence records.
package files

import (
	"context"
	"io"
	"os"

	"github.com/closeout/closeout/internal/platform/store"
)

// Store keeps files' bytes and records each file's metadata once its bytes
// are safe.
type Store interface {
	// Stage creates the temporary file an upload is received into, where Put
	// can take it from cheaply.
	Stage() (*os.File, error)
	// Put makes the staged bytes the content of f and records f; the file is
	// kept for good once it returns nil. It consumes staged whatever the
	// outcome: closed, and moved into place or removed. Failing, it leaves
	// no row, and no bytes that a later Sweep would not remove.
	Put(ctx context.Context, f store.File, staged *os.File) error
	// Open reads the bytes of a recorded file.
	Open(ctx context.Context, f store.File) (io.ReadSeekCloser, error)
	// String names the store for the start-up log.
	String() string
}

// Catalog is where file metadata is kept (*store.DB).
type Catalog interface {
	AddFile(ctx context.Context, f store.File) error
	GetFile(ctx context.Context, id string) (store.File, error)
	TaskFiles(ctx context.Context, campaign, task string) ([]store.File, error)
	KnownFiles(ctx context.Context, ids []string) (map[string]bool, error)
}

// discard removes a staging file that never reached Put. Its caller reports
// the error that got it here; what a failed removal leaves, Sweep removes.
func discard(staged *os.File) {
	_ = staged.Close()
	_ = os.Remove(staged.Name())
}
