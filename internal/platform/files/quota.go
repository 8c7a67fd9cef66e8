package files

import (
	"context"
	"errors"

	"github.com/closeout/closeout/internal/platform/store"
)

// DefaultTaskQuota is how many bytes of files one task may hold (SPEC
// section 15): a task's evidence is a handful of scans and photos, and a
// person who uploads without end must not fill the server for everyone.
const DefaultTaskQuota = 500 << 20

// ErrTaskFull is an upload that would take its task past its quota (413).
var ErrTaskFull = errors.New("the task's files would go past its quota")

// Uploaded is what an upload kept.
type Uploaded struct {
	store.File
	// Again: the task already held these very bytes, so nothing new was
	// stored and File is the row they were first kept under.
	Again bool `json:"-"`
}

// WithTaskQuota sets how many bytes of files one task may hold.
func (s *Service) WithTaskQuota(bytes int64) *Service {
	s.quota = bytes
	return s
}

// TaskQuota is how many bytes of files one task may hold.
func (s *Service) TaskQuota() int64 { return s.quota }

// admit looks at what the task holds already: the same bytes (by sha256)
// are the file kept before; otherwise the new file must fit the quota. Two
// uploads racing can each pass the check, overshooting the quota by a file
// or keeping the same bytes twice; neither loses anything.
func (s *Service) admit(ctx context.Context, f store.File) (store.File, bool, error) {
	held, err := s.catalog.TaskFiles(ctx, f.Campaign, f.Task)
	if err != nil {
		return store.File{}, false, err
	}
	var total int64
	for _, h := range held {
		if h.SHA256 == f.SHA256 && h.Size == f.Size {
			return h, true, nil
		}
		total += h.Size
	}
	if total+f.Size > s.quota {
		return store.File{}, false, ErrTaskFull
	}
	return store.File{}, false, nil
}
