package files

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"time"

	"github.com/closeout/closeout/internal/platform/store"
)

// Service is what the API and the dashboard upload and read files through:
// a store for the bytes, the catalog for the rows, and the size limit.
type Service struct {
	store   Store
	catalog Catalog
	limit   int64
	quota   int64 // bytes one task may hold (quota.go)
	now     func() time.Time
}

// NewService serves files from st, recorded in catalog, each at most limit
// bytes.
func NewService(st Store, catalog Catalog, limit int64) *Service {
	return &Service{store: st, catalog: catalog, limit: limit, quota: DefaultTaskQuota, now: time.Now}
}

// Limit is the largest file taken, in bytes.
func (s *Service) Limit() int64 { return s.limit }

// String describes the service for the start-up log.
func (s *Service) String() string { return s.store.String() }

// Upload is who uploads what to which task.
type Upload struct {
	Campaign, Task string
	By             string
	// Name is the file name the client gave; it is cleaned, and the type's
	// extension added if it lacks one (Classify).
	Name string
}

// Upload receives content, checks it and keeps it, answering the file's
// row. Bytes the task already holds are not kept twice: the answer is the
// earlier row, marked Again. It fails with ErrTooLarge, ErrTaskFull, ErrEmpty
// or a *Refusal for a file it does not take; whatever fails, nothing of the
// upload is left (Store.Put).
func (s *Service) Upload(ctx context.Context, u Upload, content io.Reader) (Uploaded, error) {
	if err := CheckName(u.Name); err != nil {
		return Uploaded{}, err
	}
	staged, err := s.store.Stage()
	if err != nil {
		return Uploaded{}, err
	}
	f, err := s.receive(staged, u, content)
	if err != nil {
		discard(staged)
		return Uploaded{}, err
	}
	held, again, err := s.admit(ctx, f)
	if err != nil || again {
		discard(staged)
		return Uploaded{File: held, Again: again}, err
	}
	if err := s.store.Put(ctx, f, staged); err != nil {
		return Uploaded{}, err
	}
	return Uploaded{File: f}, nil
}

// receive copies content into staged, at most the limit, hashing it on the
// way, then sniffs it.
func (s *Service) receive(staged *os.File, u Upload, content io.Reader) (store.File, error) {
	h := sha256.New()
	in := &bodyReader{r: content}
	size, err := io.Copy(io.MultiWriter(staged, h), io.LimitReader(in, s.limit+1))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(in.err, &tooLarge):
		return store.File{}, ErrTooLarge
	case in.err != nil:
		return store.File{}, fmt.Errorf("%w: %w", ErrIncomplete, in.err)
	case err != nil:
		return store.File{}, err // the staging file could not be written
	case size > s.limit:
		return store.File{}, ErrTooLarge
	}
	contentType, name, err := Classify(staged, size, u.Name)
	if err != nil {
		return store.File{}, err
	}
	return store.File{
		ID: newID(), Campaign: u.Campaign, Task: u.Task, Name: name, Size: size,
		SHA256: hex.EncodeToString(h.Sum(nil)), ContentType: contentType,
		UploadedBy: u.By, UploadedAt: s.now().UTC().Truncate(time.Millisecond),
	}, nil
}

// ErrIncomplete is an upload whose body broke off (the client went away):
// the caller's fault or the network's, not the server's (400).
var ErrIncomplete = errors.New("the upload ended before the file did")

// bodyReader remembers the error reading the upload, to tell it from one
// writing the staging file.
type bodyReader struct {
	r   io.Reader
	err error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		b.err = err
	}
	return n, err
}

// Get is one file's row (store.ErrNotFound for an unknown id).
func (s *Service) Get(ctx context.Context, id string) (store.File, error) {
	if !validID(id) {
		return store.File{}, store.ErrNotFound
	}
	return s.catalog.GetFile(ctx, id)
}

// List is a task's files, oldest first.
func (s *Service) List(ctx context.Context, campaign, task string) ([]store.File, error) {
	return s.catalog.TaskFiles(ctx, campaign, task)
}

// Open reads a file's bytes.
func (s *Service) Open(ctx context.Context, f store.File) (io.ReadSeekCloser, error) {
	return s.store.Open(ctx, f)
}

// newID names a file: 128 random bits in base32 (crypto/rand.Text), which
// is safe in a path, a URL and a file name on any file system, and
// unguessable, though reading still needs the right to (access.go).
func newID() string { return rand.Text() }

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// validID is what an id can be; anything else names no file, and is never
// joined to a path.
func validID(id string) bool { return idPattern.MatchString(id) }
