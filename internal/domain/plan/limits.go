package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/closeout/closeout/internal/i18n"
)

// The largest plan imported (SPEC section 15, "Limits"). A plan is counted
// as soon as its document is decoded, before a task is read or scheduled:
// a plan of 92,000 tasks costs the server its decoding, not 92,000
// schedules and their errors.
const (
	// DefaultMaxTasks is the most tasks a plan lists unless
	// CLOSEOUT_MAX_PLAN_TASKS says otherwise.
	DefaultMaxTasks = 20_000
	// MaxUnits is the most units a plan defines.
	MaxUnits = 2_000
)

// ParseMaxTasks reads CLOSEOUT_MAX_PLAN_TASKS: a whole number from 1 to
// maxDispatched; "" is DefaultMaxTasks.
func ParseMaxTasks(v string) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return DefaultMaxTasks, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxDispatched {
		return 0, fmt.Errorf("CLOSEOUT_MAX_PLAN_TASKS %q: want a whole number of tasks from 1 to %d", v, maxDispatched)
	}
	return n, nil
}

// checkSize refuses a plan that lists more tasks than maxTasks or more
// units than MaxUnits (maxTasks 0 checks neither: a stored campaign's plan
// is read back whatever the limit has become). The answer is a
// *ValidationError with TooLarge set, one error for each list too long.
func checkSize(root *node, maxTasks int) error {
	if maxTasks <= 0 || root == nil || root.kind != kindMap {
		return nil
	}
	var errs []FieldError
	tasks := 0
	if tracks := root.get("tracks"); tracks != nil && tracks.kind == kindList {
		for _, track := range tracks.items {
			if list := track.get("tasks"); list != nil && list.kind == kindList {
				tasks += len(list.items)
			}
		}
	}
	if tasks > maxTasks {
		t := i18n.T("the plan lists %d tasks; a plan holds at most %d: split it into campaigns", tasks, maxTasks)
		errs = append(errs, FieldError{Field: "tracks", Line: root.get("tracks").line, Message: t.En, Zh: t.Zh})
	}
	if units := root.get("units"); units != nil && units.kind == kindList && len(units.items) > MaxUnits {
		t := i18n.T("the plan defines %d units; a plan holds at most %d", len(units.items), MaxUnits)
		errs = append(errs, FieldError{Field: "units", Line: units.line, Message: t.En, Zh: t.Zh})
	}
	if len(errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: errs, TooLarge: true}
}

// get is a map's value under key (the first, should it repeat), or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != kindMap {
		return nil
	}
	for _, f := range n.fields {
		if f.key == key {
			return f.value
		}
	}
	return nil
}
