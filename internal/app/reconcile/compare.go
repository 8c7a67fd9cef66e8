package reconcile

import (
	"encoding/json"
	"fmt"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
)

// Difference is one way a task's projection disagrees with its workflow.
type Difference struct {
	Campaign string `json:"campaign"`
	Task     string `json:"task,omitempty"`
	Kind     string `json:"kind"`
	Detail   string `json:"detail"`
	Repaired bool   `json:"repaired,omitempty"`
}

func (d Difference) String() string {
	s := fmt.Sprintf("%s/%s: %s: %s", d.Campaign, d.Task, d.Kind, d.Detail)
	if d.Repaired {
		s += " (repaired)"
	}
	return s
}

// Kinds of difference.
const (
	KindMissing    = "missing"     // the workflow exists, the projection has no row
	KindAhead      = "ahead"       // the projection holds a write the workflow never committed
	KindBehind     = "behind"      // the workflow committed a write the projection lacks
	KindView       = "view"        // same write, other content
	KindGap        = "seq_gap"     // the log is not 1..seq
	KindExtra      = "extra_event" // events after the workflow's last seq
	KindContent    = "log_hash"    // an event differs from the committed one
	KindRollup     = "rollup"      // a rollup counter differs from a recount
	KindNoWorkflow = "no_workflow" // a task row without a workflow
)

// compare lists how the stored task differs from the committed state. It is
// pure: the caller decides whether a difference is only a write in flight.
func compare(want task.ProjectionState, got store.StoredTask) []string {
	var kinds []string
	diff := func(kind, format string, args ...any) {
		kinds = append(kinds, kind+": "+fmt.Sprintf(format, args...))
	}
	switch {
	case got.Fence > want.Fence:
		diff(KindAhead, "stored write %s, last committed %s", got.Fence, want.Fence)
	case got.Fence < want.Fence:
		diff(KindBehind, "stored write %s, last committed %s (%d events pending)", got.Fence, want.Fence, want.Pending)
	case !sameView(want.Task, got.View):
		diff(KindView, "the stored view differs from the committed one at %s", got.Fence)
	}
	seq := want.Task.Seq
	var extra int
	for i, e := range got.Events {
		if e.Seq > seq {
			extra++
			continue
		}
		if e.Seq != int64(i+1) {
			diff(KindGap, "event %d has seq %d", i+1, e.Seq)
			break
		}
	}
	if extra > 0 {
		diff(KindExtra, "%d events after seq %d", extra, seq)
	}
	if n := int64(len(got.Events) - extra); n != seq {
		diff(KindGap, "%d events up to seq %d", n, seq)
	}
	if h := chain(got.Events, want.HashBase, seq); want.LogHash != "" && h != want.LogHash {
		diff(KindContent, "the log's hash after seq %d differs from the committed log's", seq)
	}
	return kinds
}

// chain is the chain hash of the stored events after base, up to seq.
func chain(events []task.Event, base, seq int64) string {
	h := ""
	for _, e := range events {
		if e.Seq > base && e.Seq <= seq {
			h = task.ChainHash(h, e)
		}
	}
	return h
}

// sameView compares two views as the projection stores them (JSON).
func sameView(a, b task.View) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
