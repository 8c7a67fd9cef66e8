package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/test/e2e"
)

// call sends a JSON request to the stack's API and fails unless it gets want.
func (s *stack) call(b testing.TB, token, method, path string, body any, want int) []byte {
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, s.api.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		b.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	return data
}

// get reads a page as a client would, discarding the body: the client's own
// garbage is not the server's latency.
func (s *stack) get(b testing.TB, token, path string) error {
	req, _ := http.NewRequest("GET", s.api.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d", path, resp.StatusCode)
	}
	return nil
}

// person adds someone straight to the store and returns a token.
func (s *stack) person(b testing.TB, id string, roles ...string) string {
	ctx := context.Background()
	if len(roles) == 0 {
		roles = []string{store.RoleMember}
	}
	if err := s.db.CreatePerson(ctx, store.Person{ID: id, Name: id, Roles: roles, CreatedAt: time.Now()}); err != nil {
		b.Fatal(err)
	}
	token := auth.NewToken()
	if err := s.db.AddToken(ctx, id, auth.HashToken(token), time.Now()); err != nil {
		b.Fatal(err)
	}
	return token
}

// campaign imports a one-task campaign whose tasks li owns and zhao signs
// off. It starts today and its task is due in a year, as a real campaign's
// would be: how long a campaign runs is what its working-day index costs to
// build on every task added (a task due in 2099 once cost each creation 4 ms
// of scheduling).
func (s *stack) campaign(b testing.TB, id string) {
	plan := map[string]any{
		"id": id, "title": id, "owner": "boss", "calendar": "none", "start": time.Now().Format(time.DateOnly),
		"tracks": []map[string]any{{"id": "a", "tasks": []map[string]any{
			{"id": "T0", "title": "first", "owner": "li", "supervisor": "zhao", "deadline": dueInAYear()},
		}}},
	}
	s.call(b, s.admin, "POST", "/api/v1/campaigns", plan, http.StatusCreated)
}

// dueInAYear is a deadline a year from today.
func dueInAYear() string { return time.Now().AddDate(1, 0, 0).Format(time.DateOnly) }

// rate runs op n times from workers goroutines and returns operations per second.
func rate(b testing.TB, n, workers int, op func(i int) error) float64 {
	took, err := e2e.Concurrently(n, workers, op)
	if err != nil {
		b.Fatal(err)
	}
	return float64(n) / took.Seconds()
}

// latencies runs op n times one after the other, after a warm-up of its own
// (connections opened, plans and caches filled), and returns the sorted
// durations.
func latencies(b testing.TB, n int, op func(i int) error) []time.Duration {
	for i := range n / 10 {
		if err := op(n + i); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC() // start clean: the set-up's garbage is not the operation's cost
	out := make([]time.Duration, n)
	for i := range n {
		start := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		out[i] = time.Since(start)
	}
	slices.Sort(out)
	return out
}

func percentile(d []time.Duration, p float64) time.Duration {
	return d[min(len(d)-1, int(float64(len(d))*p))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func describe(name string, d []time.Duration) string {
	return fmt.Sprintf("%s p50 %.2fms p90 %.2fms p99 %.2fms max %.2fms", name,
		ms(percentile(d, .5)), ms(percentile(d, .9)), ms(percentile(d, .99)), ms(d[len(d)-1]))
}
