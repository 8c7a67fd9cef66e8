//go:build cluster

package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Campaigns: the clients act on stream's tasks; nobody acts on timers',
// whose reminders and escalations come due after the worker is killed.
const (
	streamCampaign = "stream"
	timerCampaign  = "timers"
	// timerRemindBefore is the timer tasks' reminder offset.
	timerRemindBefore = 20 * time.Second
)

func taskIDs(prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s%02d", prefix, i+1)
	}
	return ids
}

// plan is a campaign owned by boss on calendar none (no working-day
// arithmetic), planned from the moment of import, tasks without phases (no
// milestone timers) owned by li and supervised by zhao, each with the
// deadline deadline(i).
func plan(id string, ids []string, deadline func(i int) string, approvers []string, remindBefore string) map[string]any {
	var tasks []map[string]any
	for i, t := range ids {
		tasks = append(tasks, map[string]any{
			"id": t, "title": "task " + t, "owner": "li", "supervisor": "zhao",
			"approvers": approvers, "deadline": deadline(i), "phases": []any{},
		})
	}
	return map[string]any{
		"id": id, "title": "campaign " + id, "owner": "boss", "timezone": "UTC",
		"calendar": "none",
		"tracks":   []map[string]any{{"id": "a", "title": "Track A", "tasks": tasks}},
		"escalation": map[string]any{
			"remind_before": []string{remindBefore},
			"overdue":       []map[string]any{{"after": "0s", "notify": []string{"owner"}}},
		},
	}
}

// sent is one action and what came back. Its marker (the note or reason) is
// unique, so the action can be found in the event log.
type sent struct {
	marker, task, action, api string
	start, end                time.Time
	status                    int // 0: no answer
	err                       string
	body                      string // the start of a non-2xx answer
}

func (s sent) acked() bool { return s.status >= 200 && s.status < 300 }

// closable are the stream tasks the second approver may close: the rest
// must stay open to actions until the end.
var closable = map[string]bool{"S01": true, "S02": true, "S03": true}

// stream is the clients' traffic: each client drives its share of the
// stream tasks through submit, approve and return, choosing each action from
// the task's last known state, through whichever API is up (both, until
// one is killed). Nothing is retried.
type stream struct {
	apis   []*apiClient
	down   []atomic.Bool // down[i]: apis[i] was killed, send nothing more there
	tokens map[string]string

	mu   sync.Mutex
	sent []sent
}

func newStream(apis []*apiClient, tokens map[string]string) *stream {
	return &stream{apis: apis, down: make([]atomic.Bool, len(apis)), tokens: tokens}
}

func (s *stream) results() []sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sent(nil), s.sent...)
}

// acks counts the acknowledged actions answered by api since from.
func (s *stream) acks(api string, from time.Time) int {
	n := 0
	for _, x := range s.results() {
		if x.acked() && x.api == api && !x.start.Before(from) {
			n++
		}
	}
	return n
}

// pick is an API that is up.
func (s *stream) pick(rng *rand.Rand) *apiClient {
	for {
		i := rng.IntN(len(s.apis))
		if !s.down[i].Load() {
			return s.apis[i]
		}
	}
}

// run starts clients over tasks (task i to client i%clients); stop ends them
// and waits for every answer in flight.
func (s *stream) run(clients int, tasks []string, seed uint64) (stop func()) {
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for c := range clients {
		var mine []string
		for i, t := range tasks {
			if i%clients == c {
				mine = append(mine, t)
			}
		}
		wg.Go(func() { s.client(c, mine, rand.New(rand.NewPCG(seed, uint64(c))), quit) })
	}
	return func() { close(quit); wg.Wait() }
}

func (s *stream) client(n int, tasks []string, rng *rand.Rand, quit <-chan struct{}) {
	views := map[string]*taskView{}
	pause := func() bool {
		select {
		case <-quit:
			return false
		case <-time.After(time.Duration(20+rng.IntN(60)) * time.Millisecond):
			return true
		}
	}
	for count := 1; ; count++ {
		select {
		case <-quit:
			return
		default:
		}
		id := tasks[rng.IntN(len(tasks))]
		if views[id] == nil {
			// A fresh context per request, not one quit cancels: stopping
			// must not turn answers on their way into errors.
			v, err := s.pick(rng).Task(context.Background(), s.tokens["li"], streamCampaign, id)
			if err == nil {
				views[id] = &v
			}
		}
		if v := views[id]; v != nil && v.Status != "closed" && v.Status != "cancelled" {
			x := s.act(*v, fmt.Sprintf("m%d-%05d", n, count), s.pick(rng), rng)
			views[id] = nil // unless the answer says where the task is now
			if x.acked() {
				var next taskView
				if json.Unmarshal([]byte(x.body), &next) == nil {
					views[id] = &next
				}
				x.body = ""
			}
			s.mu.Lock()
			s.sent = append(s.sent, x)
			s.mu.Unlock()
		}
		if !pause() {
			return
		}
	}
}

// act chooses an action task v allows, sends it and records the answer
// (body: the new task view when acknowledged, else the answer's start).
func (s *stream) act(v taskView, marker string, c *apiClient, rng *rand.Rand) sent {
	action, actor, body := "progress", "li", map[string]any{"note": marker, "percent": rng.IntN(101)}
	r := rng.Float64()
	switch {
	case v.Status == "open" && r >= 0.5:
		action, body = "submit", map[string]any{"note": marker}
	case v.Status == "submitted":
		// zhao mostly passes it on; wang returns it, so tasks cycle through
		// every action, and closes only the first few, now and then.
		approve := (v.CurrentApprover == "zhao" && r < 0.7) || (v.CurrentApprover != "zhao" && closable[v.ID] && r < 0.2)
		actor = v.CurrentApprover
		action, body = "return", map[string]any{"reason": marker}
		if approve {
			action, body = "approve", map[string]any{"note": marker}
		}
	}
	x := sent{marker: marker, task: v.ID, action: action, api: c.Name, start: time.Now()}
	a := c.Do(context.Background(), s.tokens[actor], "POST", taskPath(streamCampaign, v.ID, action), body)
	x.end, x.status = time.Now(), a.Status
	if a.Err != nil {
		x.err = a.Err.Error()
	}
	x.body = string(a.Body)
	if !a.OK() && len(x.body) > 200 {
		x.body = x.body[:200]
	}
	return x
}
