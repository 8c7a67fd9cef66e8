//go:build chaos

package chaos

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// sent is one action a client sent and what came back. Marker is unique per
// action and is its note or reason, so the action can be found in the event
// log and in Temporal's history.
type sent struct {
	Marker string
	Task   string
	Action string
	Actor  string
	Start  time.Time
	End    time.Time
	Status int    // 0 when no answer came
	Err    string // why no answer came
	// Problem: the answer was application/problem+json.
	Problem bool
	Body    string // the start of a non-2xx answer, for reports
	// RequestID finds the server's log line of a failed answer.
	RequestID string
}

func (s sent) acked() bool { return s.Status >= 200 && s.Status < 300 }

// stream is the clients' traffic on one campaign: each client drives its own
// share of the tasks through the whole cycle (progress, extend, extension
// approval, submit, approve, return), choosing each time an action the task's
// last known state allows. Nothing is retried: a request that got no answer
// is simply unacknowledged, and the task's state is read again.
type stream struct {
	api      *api
	tokens   map[string]string
	campaign string
	closable map[string]bool // tasks the second approver may close

	mu   sync.Mutex
	sent []sent
	// outageSeq numbers the outage client's markers across outages.
	outageSeq atomic.Int64
}

func (s *stream) record(x sent) {
	s.mu.Lock()
	s.sent = append(s.sent, x)
	s.mu.Unlock()
}

// results is a copy of everything sent so far.
func (s *stream) results() []sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sent(nil), s.sent...)
}

// run starts clients goroutines over tasks (task i goes to client i%clients)
// and returns a function that stops them and waits until every request in
// flight has its answer.
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
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.client(c, mine, rand.New(rand.NewPCG(seed, uint64(c))), quit)
		}()
	}
	return func() { close(quit); wg.Wait() }
}

func (s *stream) client(n int, tasks []string, rng *rand.Rand, quit <-chan struct{}) {
	// A fresh context per request, not one cancelled by quit: stopping the
	// stream must not turn answers that were on their way into errors.
	views := map[string]*taskView{}
	count := 0
	pause := func(d time.Duration) bool {
		select {
		case <-quit:
			return false
		case <-time.After(d):
			return true
		}
	}
	for {
		select {
		case <-quit:
			return
		default:
		}
		id := tasks[rng.IntN(len(tasks))]
		v := views[id]
		if v == nil {
			got, err := s.api.Task(context.Background(), s.tokens["li"], s.campaign, id)
			if err != nil { // down, or restarting: try again shortly
				if !pause(200 * time.Millisecond) {
					return
				}
				continue
			}
			v = &got
			views[id] = v
		}
		if v.Status == "closed" || v.Status == "cancelled" {
			if allFinished(views, tasks) {
				return
			}
			continue
		}
		count++
		marker := fmt.Sprintf("c%d-%06d", n, count)
		action, actor, body := s.choose(*v, marker, rng)
		x := sent{Marker: marker, Task: id, Action: action, Actor: actor, Start: time.Now()}
		a := s.api.Do(context.Background(), s.tokens[actor], "POST", taskPath(s.campaign, id, action), body)
		x.End = time.Now()
		x.Status, x.Problem, x.RequestID = a.Status, a.Problem(), a.RequestID
		if a.Err != nil {
			x.Err = a.Err.Error()
		}
		views[id] = nil // unless the answer says where the task is now
		if a.OK() {
			var next taskView
			if a.Decode(&next) == nil {
				views[id] = &next
			}
		} else if a.Err == nil {
			x.Body = shorten(string(a.Body), 200)
		}
		s.record(x)
		if !pause(time.Duration(10+rng.IntN(50)) * time.Millisecond) {
			return
		}
	}
}

func allFinished(views map[string]*taskView, tasks []string) bool {
	for _, t := range tasks {
		v := views[t]
		if v == nil || (v.Status != "closed" && v.Status != "cancelled") {
			return false
		}
	}
	return true
}

// outageClientNumber is the outage client's number in its markers, far
// above any scenario's count of clients.
const outageClientNumber = 99

// outageClient sends progress reports on tasks in turn until over closes.
// The stream's clients cannot be relied on for this: each waits for its
// answer, an action caught by the outage waits for the database to come
// back, and CI saw outages begin while every client was waiting (none sent
// anything during them). Each answer must be a success, a refusal or a 503.
func (s *stream) outageClient(tasks []string, over <-chan struct{}) {
	for i := 0; ; i++ {
		select {
		case <-over:
			return
		default:
		}
		id := tasks[i%len(tasks)]
		marker := fmt.Sprintf("c%d-%06d", outageClientNumber, s.outageSeq.Add(1))
		x := sent{Marker: marker, Task: id, Action: "progress", Actor: "li", Start: time.Now()}
		a := s.api.Do(context.Background(), s.tokens["li"], "POST", taskPath(s.campaign, id, "progress"), map[string]any{"note": marker, "percent": 50})
		x.End = time.Now()
		x.Status, x.Problem, x.RequestID = a.Status, a.Problem(), a.RequestID
		if a.Err != nil {
			x.Err = a.Err.Error()
		} else if !a.OK() {
			x.Body = shorten(string(a.Body), 200)
		}
		s.record(x)
		select {
		case <-over:
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// choose picks an action the task allows in state v, with its actor and a
// body whose note or reason is the marker.
func (s *stream) choose(v taskView, marker string, rng *rand.Rand) (action, actor string, body map[string]any) {
	if v.Extension != nil {
		return "extension/approve", v.Extension.Decider, map[string]any{"reason": marker}
	}
	r := rng.Float64()
	switch v.Status {
	case "submitted":
		switch {
		case v.CurrentApprover == "zhao" && r < 0.6:
			return "approve", "zhao", map[string]any{"note": marker}
		case v.CurrentApprover != "zhao" && s.closable[v.ID] && r < 0.25:
			return "approve", v.CurrentApprover, map[string]any{"note": marker}
		default:
			return "return", v.CurrentApprover, map[string]any{"reason": marker}
		}
	default: // open
		switch {
		case r < 0.45:
			return "progress", "li", map[string]any{"note": marker, "percent": rng.IntN(101)}
		case r < 0.6:
			current := v.OwnDeadline
			if current.IsZero() {
				current = v.Deadline
			}
			later := current.Add(24 * time.Hour).UTC().Format(time.RFC3339)
			return "extend", "li", map[string]any{"deadline": later, "reason": marker}
		default:
			return "submit", "li", map[string]any{"note": marker}
		}
	}
}

func shorten(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
