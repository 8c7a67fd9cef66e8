package planning

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// Adding one task to a campaign that runs. The API's POST
// /api/v1/campaigns/{campaign}/tasks and the board's form (SPEC section 17)
// both come here, so a task is authorised, planned, limited and started the
// same from either; the handlers only decode and word the answer.

// MaxSpecSize bounds one task's spec as a workflow input (its JSON).
// Temporal refuses payloads over 2 MiB, and a task whose workflow could not
// start or complete would be stuck.
const MaxSpecSize = 256 << 10

// ErrMayNotAdd refuses a person who neither owns the campaign nor is a
// manager or an admin.
var ErrMayNotAdd = i18n.Errorf("only the campaign owner, a manager or an admin adds tasks")

// TaskPlanner plans a task added to a stored campaign and re-plans the tasks
// it depends on; *Planner is one.
type TaskPlanner interface {
	NewTaskWith(ctx context.Context, campaign string, body []byte, format plan.Format, known plan.ParseOptions) (task.Spec, *Dependencies, error)
	SignalDependencies(ctx context.Context, d *Dependencies) error
}

// Creator starts a task's workflow and answers once the task is projected;
// *taskops.Ops is one.
type Creator interface {
	Create(ctx context.Context, spec task.Spec) (task.View, error)
}

// Adder adds tasks to stored campaigns.
type Adder struct {
	Planner TaskPlanner
	Tasks   Creator
	// Directory tells which people and units exist outside the campaign's
	// plan, for the names a task gives.
	Directory Directory
}

// NewTask is one task to add: the campaign, who adds it, and the task as a
// plan's task document (SPEC section 1, with its track) in JSON or YAML.
type NewTask struct {
	Campaign store.Campaign
	By       store.Person
	Body     []byte
	Format   plan.Format
}

// MayAdd says whether p may add tasks to c: its owner, a manager or an
// admin.
func MayAdd(p store.Person, c store.Campaign) bool {
	return p.ID == c.Owner || p.Has(store.RoleManager) || p.Has(store.RoleAdmin)
}

// Add plans the task against the campaign as it is now, starts its workflow
// and tells the tasks it depends on their new plans. It answers the task as
// projected. Refusals are ErrMayNotAdd; a *plan.ValidationError, each
// problem at its field (the task's own, its schedule, a spec no workflow
// could carry); or taskops' (a task of the same id with other details).
func (a *Adder) Add(ctx context.Context, nt NewTask) (task.View, error) {
	if !MayAdd(nt.By, nt.Campaign) {
		return task.View{}, ErrMayNotAdd
	}
	known := plan.ParseOptions{PersonExists: PersonExists(ctx, a.Directory), UnitExists: UnitExists(ctx, a.Directory)}
	spec, deps, err := a.Planner.NewTaskWith(ctx, nt.Campaign.ID, nt.Body, nt.Format, known)
	if err != nil {
		return task.View{}, err
	}
	if err := runnable(spec); err != nil {
		return task.View{}, err
	}
	view, err := a.Tasks.Create(ctx, spec)
	if err != nil {
		return view, err
	}
	return view, a.Planner.SignalDependencies(ctx, deps)
}

// runnable refuses a spec no workflow could carry: over MaxSpecSize as a
// workflow input (TooLarge), or with text holding NUL, which JSON keeps and
// the projection's database refuses at every retry of the write.
func runnable(spec task.Spec) error {
	if err := TooLarge(spec); err != nil {
		return err
	}
	doc, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	var tree any
	if err := json.Unmarshal(doc, &tree); err != nil {
		return errors.Join(errors.New("a task spec that does not read back"), err)
	}
	if field, ok := nulAt(tree, ""); ok {
		return refuse(field, "must not contain NUL characters")
	}
	return nil
}

// TooLarge refuses a spec over MaxSpecSize as a workflow input (its JSON),
// with a *plan.ValidationError saying by how much; an import checks each of
// its tasks with it.
func TooLarge(spec task.Spec) error {
	doc, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	if len(doc) > MaxSpecSize {
		return refuse("", "task %s is too large (%d bytes as a workflow input, at most %d): shorten its title or lists", spec.ID, len(doc), MaxSpecSize)
	}
	return nil
}

// nulAt names the first string in a decoded JSON document holding NUL, by
// its path ("milestones[1].name").
func nulAt(v any, path string) (string, bool) {
	switch v := v.(type) {
	case string:
		for i := 0; i < len(v); i++ {
			if v[i] == 0 {
				return path, true
			}
		}
	case []any:
		for i, e := range v {
			if p, ok := nulAt(e, fieldIndex(path, i)); ok {
				return p, true
			}
		}
	case map[string]any:
		for k, e := range v {
			name := k
			if path != "" {
				name = path + "." + k
			}
			if p, ok := nulAt(e, name); ok {
				return p, true
			}
		}
	}
	return "", false
}

func fieldIndex(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// refuse is a plan validation error at one field, in both languages.
func refuse(field, format string, args ...any) error {
	t := i18n.T(format, args...)
	return &plan.ValidationError{Errors: []plan.FieldError{{Field: field, Message: t.En, Zh: t.Zh}}}
}
