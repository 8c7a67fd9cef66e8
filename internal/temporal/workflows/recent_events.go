package workflows

import "github.com/closeout/closeout/internal/domain/task"

// recentEvents is how many of its latest events a run keeps in memory, so
// reconciliation can rewrite a damaged tail of the log.
const recentEvents = 32

// remember keeps the newest events of this run for the projection query.
func (w *taskRun) remember(events []task.Event) {
	w.recent = append(w.recent, events...)
	if n := len(w.recent) - recentEvents; n > 0 {
		w.recent = append(w.recent[:0:0], w.recent[n:]...)
	}
}
