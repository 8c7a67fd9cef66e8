package task

import (
	"fmt"
)

// Fencing of projection writes (SPEC section 9, docs/projection.md).
//
// The projection is written by a local activity that runs inside a workflow
// task, before that task commits. When the process dies in between, the write
// stays although the workflow never took the step; the workflow task is then
// retried from the committed history and takes another step (or the same one
// later) at the same event seq and the same version. Idempotence by seq would
// keep the first write, the phantom, and drop the committed one.
//
// So every write carries a fence that grows with committed progress:
//
//   - Run counts continue-as-new generations: a new run only exists once the
//     previous one committed its end, so its writes outrank all of the
//     previous run's, including abandoned ones.
//   - History is the history length at the workflow task that made the write.
//     Within a run it only grows with committed events; an abandoned attempt
//     and the retry that replaces it may share it (a speculative or transient
//     workflow task is not persisted), never a committed task and a later one.
//   - At is the workflow clock (the task's start, advanced by local activity
//     completions). It breaks the tie above: the retry starts after the
//     abandoned attempt was given up, so its clock reads later.
//   - Version orders the writes of one workflow task.
//
// The store replaces what a write conflicts with (its events' seqs, the view,
// events past the write's last seq) only when the write's fence is greater
// than what it replaces, so a committed write always overrules an abandoned
// one and a late, abandoned write never overrules a committed one.

// Fence orders a task's projection writes by committed progress (above).
type Fence struct {
	Run     int64
	History int64
	At      int64 // Unix nanoseconds
	Version int64
}

// String encodes the fence so that string order is fence order: fixed-width
// hexadecimal fields. The store compares fences as text.
func (f Fence) String() string {
	return fmt.Sprintf("%08x.%012x.%016x.%012x", f.Run, f.History, f.At, f.Version)
}

// ParseFence reads a fence written by String.
func ParseFence(s string) (Fence, error) {
	var f Fence
	_, err := fmt.Sscanf(s, "%08x.%012x.%016x.%012x", &f.Run, &f.History, &f.At, &f.Version)
	return f, err
}
