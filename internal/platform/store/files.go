package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"
)

// File is an uploaded evidence file's metadata (SPEC section 12). Its bytes
// live in a file store (package files); when that store is the database,
// they are the file_chunks rows of the file.
type File struct {
	ID       string `json:"id"`
	Campaign string `json:"campaign"`
	Task     string `json:"task"`
	// Name is the uploader's file name, cleaned (files.CleanName).
	Name string `json:"name"`
	Size int64  `json:"size"`
	// SHA256 is the hex digest of the bytes; downloads use it as the ETag.
	SHA256 string `json:"sha256"`
	// ContentType is what the server sniffed, never what the client said.
	ContentType string    `json:"content_type"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// FileChunkSize is how many bytes one file_chunks row holds: big enough that
// a 20 MiB file is 20 rows, small enough that reading one is a short query.
const FileChunkSize = 1 << 20

const fileColumns = `id, campaign, task, name, size, sha256, content_type, uploaded_by, uploaded_at`

func insertFile(ctx context.Context, tx *sql.Tx, f File) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO files (`+fileColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		f.ID, f.Campaign, f.Task, f.Name, f.Size, f.SHA256, f.ContentType, f.UploadedBy, ms(f.UploadedAt))
	if isUniqueViolation(err) {
		return fmt.Errorf("file %s: %w", f.ID, ErrExists)
	}
	return err
}

// AddFile records a file whose bytes are stored elsewhere (a directory).
// The caller stores the bytes durably first: a row must never name bytes
// that a crash could still take away.
func (s *DB) AddFile(ctx context.Context, f File) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return insertFile(ctx, tx, f) })
}

// AddFileWithContent records a file and stores its bytes, read from content,
// as chunks of FileChunkSize, all in one transaction: an upload that fails
// anywhere (a short read, the database going away) leaves no row at all.
// content must hold exactly f.Size bytes.
func (s *DB) AddFileWithContent(ctx context.Context, f File, content io.Reader) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := insertFile(ctx, tx, f); err != nil {
			return err
		}
		buf := make([]byte, FileChunkSize)
		var pos int64
		for {
			n, err := io.ReadFull(content, buf)
			if n > 0 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO file_chunks (file, pos, data) VALUES ($1, $2, $3)`,
					f.ID, pos, buf[:n]); err != nil {
					return err
				}
				pos += int64(n)
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				break
			}
			if err != nil {
				return fmt.Errorf("read file %s: %w", f.ID, err)
			}
		}
		if pos != f.Size {
			return fmt.Errorf("file %s: read %d bytes, its size is %d", f.ID, pos, f.Size)
		}
		return nil
	})
}

// GetFile returns one file's metadata or ErrNotFound.
func (s *DB) GetFile(ctx context.Context, id string) (File, error) {
	f, err := scanFile(s.db.QueryRowContext(ctx, `SELECT `+fileColumns+` FROM files WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, ErrNotFound
	}
	return f, err
}

// TaskFiles lists a task's files, oldest first.
func (s *DB) TaskFiles(ctx context.Context, campaign, task string) ([]File, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+fileColumns+` FROM files
		WHERE campaign = $1 AND task = $2 ORDER BY uploaded_at, id`, campaign, task)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []File{}
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// FileChunkAt returns the stored chunk of file id that holds byte offset pos,
// and the offset its data starts at; ErrNotFound past the end or for a file
// whose bytes are not in the database.
func (s *DB) FileChunkAt(ctx context.Context, id string, pos int64) (int64, []byte, error) {
	var (
		start int64
		data  []byte
	)
	err := s.db.QueryRowContext(ctx, `SELECT pos, data FROM file_chunks
		WHERE file = $1 AND pos <= $2 ORDER BY pos DESC LIMIT 1`, id, pos).Scan(&start, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, ErrNotFound
	}
	if err != nil {
		return 0, nil, err
	}
	if pos >= start+int64(len(data)) {
		return 0, nil, ErrNotFound
	}
	return start, data, nil
}

// KnownFiles reports which of ids have a files row, so a store can tell its
// leftovers (bytes whose row was never written) from files.
func (s *DB) KnownFiles(ctx context.Context, ids []string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	const batch = 500
	for len(ids) > 0 {
		part := ids[:min(batch, len(ids))]
		ids = ids[len(part):]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		// #nosec G202 -- only placeholders are joined in; the ids are arguments
		rows, err := s.db.QueryContext(ctx, `SELECT id FROM files WHERE id IN (`+placeholders(1, len(part))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				_ = rows.Close() // the Scan's error is the one to report
				return nil, err
			}
			out[id] = true
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func scanFile(r interface{ Scan(...any) error }) (File, error) {
	var (
		f  File
		at int64
	)
	err := r.Scan(&f.ID, &f.Campaign, &f.Task, &f.Name, &f.Size, &f.SHA256, &f.ContentType, &f.UploadedBy, &at)
	f.UploadedAt = fromMS(at)
	return f, err
}
