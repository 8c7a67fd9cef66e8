// Package testworld assembles the world closeout's tests run against: the
// projection store (SQLite, or the local PostgreSQL), the embedded Temporal
// server and a worker with closeout's workflows and activities. It is
// defined once so that a test shows only what it adds to it.
package testworld

import (
	"testing"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/activities"
	"github.com/closeout/closeout/internal/temporal/devserver/devservertest"
	"github.com/closeout/closeout/internal/temporal/worker"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// Options shape a world; the zero value is SQLite, a worker with the
// store's activities and nothing else.
type Options struct {
	// Store is storetest.SQLite (the default) or storetest.Postgres.
	Store string
	// Activities makes the worker's activities from the world's store and
	// client; nil is the store's activities alone. A nil Store in what it
	// returns is the world's.
	Activities func(*World) *activities.Activities
	// Interceptors wrap the worker (a crash test's).
	Interceptors []interceptor.WorkerInterceptor
	// NoWorker leaves the task queue without a worker.
	NoWorker bool
}

// World is a running world; everything in it stops when the test ends.
type World struct {
	DB       *store.DB
	Temporal client.Client
	// Ops acts on tasks as the API does.
	Ops *taskops.Ops
	// Activities are the worker's.
	Activities *activities.Activities
}

// New starts a world for t.
func New(t testing.TB, o Options) *World {
	t.Helper()
	kind := o.Store
	if kind == "" {
		kind = storetest.SQLite
	}
	w := &World{Temporal: devservertest.Client(t), DB: storetest.Open(t, kind)}
	w.Ops = &taskops.Ops{Store: w.DB, Temporal: w.Temporal}
	w.Activities = &activities.Activities{}
	if o.Activities != nil {
		w.Activities = o.Activities(w)
	}
	if w.Activities.Store == nil {
		w.Activities.Store = w.DB
	}
	if o.NoWorker {
		return w
	}
	wk := worker.New(w.Temporal, w.Activities)
	if len(o.Interceptors) > 0 {
		wk = sdkworker.New(w.Temporal, workflows.TaskQueue, sdkworker.Options{Interceptors: o.Interceptors})
		worker.Register(wk, w.Activities)
	}
	if err := wk.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(wk.Stop)
	return w
}
