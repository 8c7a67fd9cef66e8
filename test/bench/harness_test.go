// Package bench measures closeout against the targets it was designed for,
// each beside its baseline on the same embedded Temporal server: task
// creation through the API against bare workflow starts, an action's latency
// against a bare Temporal update, report and list latency over a 10,000-task
// campaign in PostgreSQL. Run with `make bench`.
package bench

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/activities"
	"github.com/closeout/closeout/internal/temporal/devserver"
	"github.com/closeout/closeout/internal/temporal/worker"
	"github.com/closeout/closeout/internal/web/api"
)

// readStack is the API over a projection alone, for measuring reads without
// a Temporal server competing for the same two cores.
func newReadStack(b testing.TB, kind string) *stack {
	b.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	db := storetest.Open(b, kind)
	admin := auth.NewToken()
	ctx := context.Background()
	if err := db.CreatePerson(ctx, store.Person{ID: "admin", Name: "admin", Roles: []string{store.RoleAdmin}, CreatedAt: time.Now()}); err != nil {
		b.Fatal(err)
	}
	if err := db.AddToken(ctx, "admin", auth.HashToken(admin), time.Now()); err != nil {
		b.Fatal(err)
	}
	s := httptest.NewServer(api.New(api.Options{Store: db, Logger: quiet}).Handler())
	b.Cleanup(s.Close)
	return &stack{db: db, api: s, admin: admin}
}

// stack is closeout in one process: embedded Temporal, a worker with the real
// activities, the projection and the API behind an httptest server.
type stack struct {
	temporal client.Client
	db       *store.DB
	api      *httptest.Server
	admin    string
	worker   sdkworker.Worker
	writes   *timedStore // the projection writes the worker made
	stops    []func()    // newest first: API, worker, client, server
}

// stop shuts the stack down before the benchmark ends, so that the next
// side of a comparison has the machine to itself. Safe to call twice.
func (s *stack) stop() {
	for _, f := range s.stops {
		f()
	}
	s.stops = nil
}

// newStack starts the stack; extra registers baseline workflows on the same
// worker before it starts.
func newStack(b testing.TB, kind string, extra func(sdkworker.Worker)) *stack {
	b.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := devserver.Start(devserver.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s := &stack{}
	b.Cleanup(s.stop)
	s.stops = append(s.stops, func() {
		if err := srv.Stop(); err != nil {
			b.Logf("stop the dev server: %v", err)
		}
	})
	tc, err := client.Dial(client.Options{HostPort: srv.Address(), Logger: sdklog.NewStructuredLogger(quiet)})
	if err != nil {
		b.Fatal(err)
	}
	s.stops = append([]func(){tc.Close}, s.stops...)
	db := storetest.Open(b, kind)
	planner := planning.New(db, tc)
	timed := &timedStore{DB: db}
	w := worker.New(tc, &activities.Activities{
		Store: timed, Notifiers: []notify.Notifier{notify.Console{Log: quiet}},
		Replanner: planner, Importer: planner, ImportStore: db, Temporal: tc, Reports: db,
	})
	if extra != nil {
		extra(w)
	}
	if err := w.Start(); err != nil {
		b.Fatal(err)
	}
	s.stops = append([]func(){w.Stop}, s.stops...)
	ctx := context.Background()
	admin := auth.NewToken()
	if err := db.CreatePerson(ctx, store.Person{ID: "admin", Name: "admin", Roles: []string{store.RoleAdmin}, CreatedAt: time.Now()}); err != nil {
		b.Fatal(err)
	}
	if err := db.AddToken(ctx, "admin", auth.HashToken(admin), time.Now()); err != nil {
		b.Fatal(err)
	}
	h := api.New(api.Options{Store: db, Temporal: tc, Planner: planner, Logger: quiet}).Handler()
	hs := httptest.NewServer(h)
	s.stops = append([]func(){hs.Close}, s.stops...)
	s.temporal, s.db, s.api, s.admin, s.worker, s.writes = tc, db, hs, admin, w, timed
	return s
}
