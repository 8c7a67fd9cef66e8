//go:build chaos

package chaos

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"
)

// faultKind is what the schedule does to the system.
type faultKind string

const (
	faultKill     faultKind = "kill"     // SIGKILL closeout dev, then start it again
	faultPostgres faultKind = "postgres" // stop PostgreSQL (immediate), wait, start it
)

// fault is one injected failure, from the moment it hit to the moment the
// system was back (dev ready again, or PostgreSQL accepting connections).
type fault struct {
	Kind  faultKind
	At    time.Time
	Until time.Time
	// Readyz are the /readyz statuses seen while PostgreSQL was down (0: no
	// answer).
	Readyz []int
}

// schedule is the fault plan of a scenario.
type schedule struct {
	Kills       int
	PGRestarts  int
	MinGap      time.Duration // traffic between two faults: uniform in [MinGap, MaxGap]
	MaxGap      time.Duration
	PGDowntime  time.Duration
	Seed        uint64
	LogProgress func(format string, args ...any)
	// DuringOutage runs while PostgreSQL is down, until its channel closes:
	// the actions it sends are the outage's test.
	DuringOutage func(over <-chan struct{})
	// AfterRestart runs as soon as a killed dev answers /readyz again, with
	// the moment it was killed: the read at readiness.
	AfterRestart func(killed time.Time)
}

// order spreads the PostgreSQL restarts evenly among the kills, and always
// ends with a kill (the scenario's "after the last kill").
func (s schedule) order() []faultKind {
	total := s.Kills + s.PGRestarts
	out := make([]faultKind, 0, total)
	pgAt := map[int]bool{}
	for i := 1; i <= s.PGRestarts; i++ {
		pgAt[i*total/(s.PGRestarts+1)-1] = true
	}
	for i := range total {
		if pgAt[i] && i != total-1 {
			out = append(out, faultPostgres)
		} else {
			out = append(out, faultKill)
		}
	}
	return out
}

// inject runs the schedule against dev (and pg, for PostgreSQL restarts) and
// returns the faults as they happened. It stops at the first fault it cannot
// recover from (dev does not start again), returning the error.
func (s schedule) inject(ctx context.Context, dev *devProc, pg *postgres) ([]fault, error) {
	rng := rand.New(rand.NewPCG(s.Seed, 7))
	var done []fault
	for i, kind := range s.order() {
		gap := s.MinGap + time.Duration(rng.Int64N(int64(s.MaxGap-s.MinGap)+1))
		select {
		case <-ctx.Done():
			return done, ctx.Err()
		case <-time.After(gap):
		}
		if !dev.alive() {
			return done, fmt.Errorf("closeout dev died on its own before fault %d", i+1)
		}
		f := fault{Kind: kind, At: time.Now()}
		switch kind {
		case faultKill:
			dev.kill()
			if err := dev.start(); err != nil {
				return done, fmt.Errorf("restart after kill %d: %w", i+1, err)
			}
			if s.AfterRestart != nil {
				if err := waitReady(dev.base(), 10*time.Second); err != nil {
					return done, fmt.Errorf("after kill %d: %w", i+1, err)
				}
				s.AfterRestart(f.At)
			}
		case faultPostgres:
			if err := pg.stop(); err != nil {
				return done, fmt.Errorf("stop PostgreSQL: %w", err)
			}
			over := make(chan struct{})
			probed := make(chan struct{})
			go func() {
				defer close(probed)
				if s.DuringOutage != nil {
					s.DuringOutage(over)
				}
			}()
			f.Readyz = pollReadyz(dev.base(), s.PGDowntime)
			close(over)
			<-probed
			if err := pg.start(); err != nil {
				return done, fmt.Errorf("start PostgreSQL again: %w", err)
			}
		}
		f.Until = time.Now()
		done = append(done, f)
		if s.LogProgress != nil {
			s.LogProgress("fault %d/%d: %s, back after %s", i+1, len(s.order()), kind, f.Until.Sub(f.At).Round(100*time.Millisecond))
		}
	}
	return done, nil
}

// pollReadyz asks /readyz every half second for d and returns what it said.
func pollReadyz(base string, d time.Duration) []int {
	client := &http.Client{Timeout: 3 * time.Second}
	var out []int
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		status := 0
		if resp, err := client.Get(base + "/readyz"); err == nil {
			status = resp.StatusCode
			resp.Body.Close()
		}
		out = append(out, status)
		time.Sleep(500 * time.Millisecond)
	}
	return out
}

func countFaults(faults []fault, kind faultKind) int {
	n := 0
	for _, f := range faults {
		if f.Kind == kind {
			n++
		}
	}
	return n
}

// waitReady asks /readyz until it answers 200, as a client waiting for the
// server would; the banner dev prints comes with its listener, so this is
// normally the first ask.
func waitReady(base string, d time.Duration) error {
	client := &http.Client{Timeout: time.Second}
	end := time.Now().Add(d)
	for {
		resp, err := client.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(end) {
			return fmt.Errorf("/readyz not 200 within %s of the banner", d)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
