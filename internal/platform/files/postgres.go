package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/closeout/closeout/internal/platform/store"
)

// Database keeps files' bytes in the projection database (production, on
// PostgreSQL): chunks of store.FileChunkSize written in the same transaction
// as the metadata row, so an upload leaves both or nothing, and every api
// replica reads every file without a shared disk. It works on SQLite as well.
type Database struct {
	db ChunkStore
}

// ChunkStore is the database side of Database (*store.DB).
type ChunkStore interface {
	AddFileWithContent(ctx context.Context, f store.File, content io.Reader) error
	FileChunkAt(ctx context.Context, id string, pos int64) (int64, []byte, error)
}

// NewDatabase stores files' bytes in db.
func NewDatabase(db ChunkStore) *Database { return &Database{db: db} }

func (d *Database) String() string { return "database" }

// Stage creates a staging file in the system's temporary folder (TMPDIR):
// the bytes are checked whole before the transaction starts, so a refused
// upload never holds a connection.
func (d *Database) Stage() (*os.File, error) { return os.CreateTemp("", "closeout-upload-*") }

// Put writes f and its bytes in one transaction.
func (d *Database) Put(ctx context.Context, f store.File, staged *os.File) error {
	defer discard(staged)
	if _, err := staged.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return d.db.AddFileWithContent(ctx, f, staged)
}

// Open reads a recorded file a chunk at a time. The first chunk is read at
// once, so a file whose bytes are not in the database fails here rather
// than after the download's headers went out.
func (d *Database) Open(ctx context.Context, f store.File) (io.ReadSeekCloser, error) {
	r := &chunkReader{ctx: ctx, db: d.db, id: f.ID, size: f.Size}
	if err := r.load(0); err != nil {
		return nil, err
	}
	return r, nil
}

// chunkReader reads a file from its chunks; seeking (range requests) finds
// the chunk holding the new offset.
type chunkReader struct {
	ctx   context.Context
	db    ChunkStore
	id    string
	size  int64
	pos   int64
	start int64 // where data starts in the file
	data  []byte
}

func (r *chunkReader) load(pos int64) error {
	start, data, err := r.db.FileChunkAt(r.ctx, r.id, pos)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("file %s: no stored bytes at offset %d of %d", r.id, pos, r.size)
	}
	if err != nil {
		return err
	}
	r.start, r.data = start, data
	return nil
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if r.pos >= r.size {
		return 0, io.EOF
	}
	if r.pos < r.start || r.pos >= r.start+int64(len(r.data)) {
		if err := r.load(r.pos); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.data[r.pos-r.start:])
	r.pos += int64(n)
	return n, nil
}

func (r *chunkReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.pos
	case io.SeekEnd:
		offset += r.size
	default:
		return r.pos, errors.New("seek: bad whence")
	}
	if offset < 0 {
		return r.pos, errors.New("seek before the start of the file")
	}
	r.pos = offset
	return offset, nil
}

func (r *chunkReader) Close() error { return nil }
