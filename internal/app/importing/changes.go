package importing

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/platform/store"
)

// Changes is what a re-import would change in a stored campaign's list of
// tasks (SPEC section 17): the ids added and removed, the tasks changed with
// the plan fields that differ, and how many are the same.
type Changes struct {
	Added     []string     `json:"added"`
	Changed   []TaskChange `json:"changed"`
	Removed   []string     `json:"removed"`
	Unchanged int          `json:"unchanged"`
}

// TaskChange is a task in both plans and the fields (the plan task's JSON
// names, track included) whose values differ.
type TaskChange struct {
	ID     string   `json:"id"`
	Fields []string `json:"fields"`
}

// Changes compares a plan with the plan stored under its id: nil for a
// campaign not imported yet. The plans' own lists are compared (dispatched
// children follow their parents), as the canonical documents hold them.
func (im *Importer) Changes(ctx context.Context, p *plan.Plan) (*Changes, error) {
	stored, err := im.Store.CampaignPlan(ctx, p.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	doc, err := p.Canonical()
	if err != nil {
		return nil, err
	}
	return CompareTasks(stored, doc)
}

// CompareTasks compares the tasks of two canonical plan documents, before
// and after: added and changed in after's order, removed in before's.
// Values are compared as JSON values, not bytes (a database may keep the
// document with its keys reordered).
func CompareTasks(before, after json.RawMessage) (*Changes, error) {
	old, err := planTasks(before)
	if err != nil {
		return nil, err
	}
	now, err := planTasks(after)
	if err != nil {
		return nil, err
	}
	ch := &Changes{Added: []string{}, Changed: []TaskChange{}, Removed: []string{}}
	was := map[string]planTask{}
	for _, t := range old {
		was[t.id] = t
	}
	is := map[string]bool{}
	for _, t := range now {
		is[t.id] = true
		prev, ok := was[t.id]
		switch fields := differingFields(prev, t); {
		case !ok:
			ch.Added = append(ch.Added, t.id)
		case len(fields) > 0:
			ch.Changed = append(ch.Changed, TaskChange{ID: t.id, Fields: fields})
		default:
			ch.Unchanged++
		}
	}
	for _, t := range old {
		if !is[t.id] {
			ch.Removed = append(ch.Removed, t.id)
		}
	}
	return ch, nil
}

// planTask is one task of a plan document: its id, its fields in the order
// the document gives them (track first) and their values.
type planTask struct {
	id     string
	order  []string
	values map[string]any
}

// planTasks reads the tasks of a canonical plan document, track by track.
func planTasks(doc json.RawMessage) ([]planTask, error) {
	var p struct {
		Tracks []struct {
			ID    string            `json:"id"`
			Tasks []json.RawMessage `json:"tasks"`
		} `json:"tracks"`
	}
	if err := json.Unmarshal(doc, &p); err != nil {
		return nil, err
	}
	var out []planTask
	for _, tr := range p.Tracks {
		for _, raw := range tr.Tasks {
			t, err := readPlanTask(raw)
			if err != nil {
				return nil, err
			}
			t.order = append([]string{"track"}, t.order...)
			t.values["track"] = tr.ID
			out = append(out, t)
		}
	}
	return out, nil
}

// readPlanTask reads a task object keeping the order of its keys, so the
// fields a change lists read as the plan writes them (title before owner).
func readPlanTask(raw json.RawMessage) (planTask, error) {
	var values map[string]any
	if err := json.Unmarshal(raw, &values); err != nil {
		return planTask{}, err
	}
	t := planTask{values: values}
	t.id, _ = values["id"].(string)
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // {
		return planTask{}, err
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return planTask{}, err
		}
		t.order = append(t.order, key.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return planTask{}, err
		}
	}
	return t, nil
}

// differingFields are the fields whose values differ between two versions
// of a task, one missing in either counting as differing: after's order,
// then those only before has.
func differingFields(before, after planTask) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range append(append([]string{}, after.order...), before.order...) {
		if seen[k] {
			continue
		}
		seen[k] = true
		b, inBefore := before.values[k]
		a, inAfter := after.values[k]
		if inBefore != inAfter || !reflect.DeepEqual(a, b) {
			out = append(out, k)
		}
	}
	return out
}
