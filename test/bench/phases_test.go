package bench

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
)

// A call's latency, split where its workflow's history says the time went.
// The tail of an action's latency is not in a CPU profile (the slow calls
// are the ones that waited), so the approval rows are explained this way:
// each timed call's own update is found in its workflow's history, and the
// instants the server recorded cut the call into four parts.
type phases struct {
	// admit: from the call to the workflow task that carries the update
	// being scheduled (the API, its store reads, the frontend, history).
	admit time.Duration
	// dispatch: scheduled to picked up by a worker (matching, the poll).
	dispatch time.Duration
	// worker: the workflow task on the worker, with the projection write
	// an action's answer waits for.
	worker time.Duration
	// answer: the task's completion to the caller's answer (history's
	// commit, the update's result back through frontend and API).
	answer time.Duration
}

func (p phases) total() time.Duration { return p.admit + p.dispatch + p.worker + p.answer }

// span is one call as its caller timed it.
type span struct{ start, end time.Time }

// spans wraps op so each call's start and end are kept by index.
type spans struct {
	mu  sync.Mutex
	got map[int]span
}

func (s *spans) wrap(op func(int) error) func(int) error {
	return func(i int) error {
		start := time.Now()
		err := op(i)
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.got == nil {
			s.got = map[int]span{}
		}
		s.got[i] = span{start, time.Now()}
		return err
	}
}

// updatePhases splits the call sp, which sent the last update workflowID
// accepted, at the scheduled, started and completed events of the workflow
// task that accepted it.
func updatePhases(ctx context.Context, c client.Client, workflowID string, sp span) (phases, error) {
	var events []*historypb.HistoryEvent
	it := c.GetWorkflowHistory(ctx, workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			return phases{}, err
		}
		events = append(events, e)
	}
	accepted := -1
	for i, e := range events {
		if e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED {
			accepted = i
		}
	}
	var at [3]time.Time // scheduled, started, completed
	want := []enumspb.EventType{enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED, enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED}
	for i, k := accepted-1, 0; i >= 0 && k < len(want); i-- {
		if events[i].GetEventType() == want[k] {
			at[2-k] = events[i].GetEventTime().AsTime()
			k++
		}
	}
	if accepted < 0 || at[0].IsZero() {
		return phases{}, fmt.Errorf("%s: no accepted update with its workflow task in %d events", workflowID, len(events))
	}
	return phases{
		admit: at[0].Sub(sp.start), dispatch: at[1].Sub(at[0]), worker: at[2].Sub(at[1]), answer: sp.end.Sub(at[2]),
	}, nil
}

// describePhases gives the median call's parts and the mean parts of the
// slowest 1% of calls, the ones the p99 is made of.
func describePhases(ps []phases) string {
	slices.SortFunc(ps, func(a, b phases) int { return int(a.total() - b.total()) })
	tail := ps[len(ps)-max(1, len(ps)/100):]
	var mean phases
	for _, p := range tail {
		mean.admit += p.admit / time.Duration(len(tail))
		mean.dispatch += p.dispatch / time.Duration(len(tail))
		mean.worker += p.worker / time.Duration(len(tail))
		mean.answer += p.answer / time.Duration(len(tail))
	}
	f := func(p phases) string {
		return fmt.Sprintf("%.1f ms = admit %.1f + dispatch %.1f + worker %.1f + answer %.1f",
			ms(p.total()), ms(p.admit), ms(p.dispatch), ms(p.worker), ms(p.answer))
	}
	return fmt.Sprintf("median %s; slowest %d: %s", f(ps[len(ps)/2]), len(tail), f(mean))
}
