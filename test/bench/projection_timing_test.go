package bench

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
)

// timedStore is the store the stack's activities write through: it keeps
// how long each projection write took, so a latency benchmark can say how
// much of an action's answer is the database transaction the answer waits
// for (read-your-writes) rather than Temporal or closeout's own code.
type timedStore struct {
	*store.DB
	mu     sync.Mutex
	writes []time.Duration
}

func (s *timedStore) ProjectTask(ctx context.Context, w task.ProjectionWrite) error {
	began := time.Now()
	err := s.DB.ProjectTask(ctx, w)
	took := time.Since(began)
	s.mu.Lock()
	s.writes = append(s.writes, took)
	s.mu.Unlock()
	return err
}

// since returns, sorted, the write times recorded from mark on: mark is
// what an earlier call to mark returned.
func (s *timedStore) since(mark int) []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.writes[mark:])
	slices.Sort(out)
	return out
}

func (s *timedStore) mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.writes)
}
