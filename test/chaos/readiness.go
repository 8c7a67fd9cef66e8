//go:build chaos

package chaos

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// The read at readiness (issue 26): the moment a restarted dev answers
// /readyz, every task's view and log are read, before anything else can
// repair them. At the end each of those reads is held against the settled
// log, which the other checks tie to Temporal's committed histories: an event
// the dead process wrote that differs from the committed event at its seq,
// or that no committed event has, was a phantom served at readiness.

// readinessRead is what the API served for one restart.
type readinessRead struct {
	restart int
	killed  time.Time // when the previous process died
	views   map[string]taskView
	events  map[string][]event
	err     error
}

// readinessReader keeps the reads of every restart.
type readinessReader struct {
	api   *api
	token string
	tasks map[string][]string // campaign -> task ids
	mu    sync.Mutex
	reads []readinessRead
}

// read takes one read of every task, as fast as the API answers.
func (r *readinessReader) read(ctx context.Context, killed time.Time) {
	rd := readinessRead{killed: killed, views: map[string]taskView{}, events: map[string][]event{}}
	for campaign, ids := range r.tasks {
		for _, id := range ids {
			key := campaign + "/" + id
			v, err := r.api.Task(ctx, r.token, campaign, id)
			if err == nil {
				rd.views[key] = v
				rd.events[key], err = r.api.Events(ctx, r.token, campaign, id)
			}
			if err != nil && rd.err == nil {
				rd.err = fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	rd.restart = len(r.reads) + 1
	r.reads = append(r.reads, rd)
}

// checkReadiness compares every read at readiness with the settled logs
// (final: campaign/task -> events) and returns how many events were read.
// Only what the killed process wrote counts (an event from before the
// kill): an action the new process took after it was ready may still be in
// flight when it is read, and it is not a crash's phantom.
func checkReadiness(t *tally, reads []readinessRead, final map[string][]event) (checked int) {
	for _, rd := range reads {
		if rd.err != nil {
			t.breakf("readiness: restart %d: the API did not answer a read at readiness: %v", rd.restart, rd.err)
			continue
		}
		for key, evs := range rd.events {
			settled := final[key]
			for _, e := range evs {
				if !e.At.Before(rd.killed) {
					continue
				}
				checked++
				if e.Seq < 1 || e.Seq > int64(len(settled)) {
					t.Phantoms++
					t.breakf("readiness: restart %d: %s served event %d (%s by %s at %s), which no committed event has",
						rd.restart, key, e.Seq, e.Type, e.Actor, e.At.Format(time.StampMilli))
					continue
				}
				if want := settled[e.Seq-1]; !sameEvent(e, want) {
					t.Phantoms++
					t.breakf("readiness: restart %d: %s served event %d as %s by %s at %s %s; committed: %s by %s at %s %s",
						rd.restart, key, e.Seq, e.Type, e.Actor, e.At.Format(time.StampMilli), jsonText(e.Data),
						want.Type, want.Actor, want.At.Format(time.StampMilli), jsonText(want.Data))
				}
			}
			if v := rd.views[key]; v.Seq > int64(len(settled)) {
				t.Phantoms++
				t.breakf("readiness: restart %d: %s served a view at seq %d, the committed log ends at %d", rd.restart, key, v.Seq, len(settled))
			}
		}
	}
	return checked
}

func sameEvent(a, b event) bool {
	return a.Seq == b.Seq && a.Type == b.Type && a.Actor == b.Actor && a.At.Equal(b.At) && jsonText(a.Data) == jsonText(b.Data)
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
