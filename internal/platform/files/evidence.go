package files

import (
	"context"
	"errors"
	"fmt"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
)

// Resolve fills in the file items of evidence sent for a task: each names an
// uploaded file by id, which must exist and belong to that task, and is
// given the file's name, size, sha256 and type from its row, whatever the
// request said. The workflow gets only that metadata; an item without a
// title takes the file's name. Links are left for the rules to check.
// A bad id is a *workflows.RuleError naming evidence[i].file, as the rules'
// own refusals are.
func (s *Service) Resolve(ctx context.Context, campaign, taskID string, items []task.Evidence) error {
	for i := range items {
		ev := &items[i]
		if ev.File == "" {
			continue
		}
		field := fmt.Sprintf("evidence[%d].file", i)
		f, err := s.Get(ctx, ev.File)
		if errors.Is(err, store.ErrNotFound) {
			return &task.RuleError{Type: task.ErrTypeInvalid, Field: field, Message: "no uploaded file has the id " + ev.File}
		}
		if err != nil {
			return err
		}
		if f.Campaign != campaign || f.Task != taskID {
			return &task.RuleError{Type: task.ErrTypeInvalid, Field: field,
				Message: fmt.Sprintf("file %s belongs to another task; upload it to %s/%s", f.ID, campaign, taskID)}
		}
		ev.Name, ev.Size, ev.SHA256, ev.ContentType = f.Name, f.Size, f.SHA256, f.ContentType
		if ev.Title == "" {
			ev.Title = f.Name
		}
	}
	return nil
}
