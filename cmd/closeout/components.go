package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/app/reconcile"
	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/files"
	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/activities"
	"github.com/closeout/closeout/internal/temporal/sdkmetrics"
	"github.com/closeout/closeout/internal/temporal/worker"
	"github.com/closeout/closeout/internal/web/api"
)

// components are what the api, worker and dev processes are made of.
type components struct {
	cfg       config
	log       *slog.Logger
	db        *store.DB
	temporal  client.Client
	planner   *planning.Planner
	registry  *prometheus.Registry
	domain    *metrics.Domain // counts actions, notifications and imports
	notifiers []notify.Notifier
	// files keeps evidence files (openFiles); nil in the worker.
	files *files.Service
	// guard and clientIP are how the API and the dashboard authenticate
	// (authconfig.go).
	guard    *auth.Guard
	clientIP api.ClientIP
	// accounts signs people in with passwords (accounts.go); the API and
	// the dashboard share it, and its guard.
	accounts *accounts.Accounts
	// limits bound what the servers take in (limits.go).
	limits limits
}

// connectTool connects a one-shot command (reconcile, calendar load) to the
// projection and Temporal, logging at the command's level.
func connectTool(ctx context.Context, cfg config) (*components, error) {
	if cfg.DatabaseURL == "" {
		return nil, errors.New("set DATABASE_URL or --database-url")
	}
	log, err := newLogger(cfg.LogLevel)
	if err != nil {
		return nil, err
	}
	return connect(ctx, cfg, log, cfg.DatabaseURL)
}

// connect opens the projection (migrating it) and dials Temporal.
func connect(ctx context.Context, cfg config, log *slog.Logger, dbURL string) (*components, error) {
	lim, err := cfg.readLimits()
	if err != nil {
		return nil, err
	}
	db, err := openStore(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	opts, err := cfg.temporalOptions(log)
	if err != nil {
		_ = db.Close() // the error above is the one to report
		return nil, err
	}
	// One registry per process: in dev mode the API and the worker share it,
	// and the client's metrics cover the worker made from it.
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	opts.MetricsHandler = sdkmetrics.New(reg)
	tc, err := dialTemporal(ctx, opts)
	if err != nil {
		_ = db.Close() // the error above is the one to report
		return nil, err
	}
	return &components{
		cfg: cfg, log: log, db: db, temporal: tc, registry: reg, domain: metrics.NewDomain(reg),
		planner: planning.New(db, tc), limits: lim,
	}, nil
}

// countTasks serves closeout_tasks{campaign,light} from the rollups. Only the
// processes serving the API do: the figures are the database's, the same
// from every process, and workers need not read it for them.
func (c *components) countTasks() {
	metrics.NewRollups(c.registry, c.db, 0)
}

// taskOps acts on tasks for the dashboard and Slack, counting their actions
// with the API's.
func (c *components) taskOps() *taskops.Ops {
	return &taskops.Ops{Store: c.db, Temporal: c.temporal, Meter: c.domain, Calendars: c.planner}
}

func (c *components) close() {
	c.temporal.Close()
	if err := c.db.Close(); err != nil {
		c.log.Warn("close the database", "error", err)
	}
}

// startWorker starts polling the task queue; stop it with Stop.
func (c *components) startWorker() (sdkworker.Worker, error) {
	acts := &activities.Activities{
		Store:       c.db,
		Notifiers:   c.notifiers,
		BaseURL:     c.cfg.BaseURL,
		Replanner:   c.planner,
		Importer:    c.planner,
		ImportStore: c.db,
		Temporal:    c.temporal,
		Reports:     c.db,
		Reconciler:  c.reconciler(),
		Metrics:     c.domain,
	}
	for _, n := range c.notifiers {
		c.domain.Notifiers(n.Name())
	}
	w := worker.New(c.temporal, acts)
	return w, w.Start()
}

// reconciler compares the projection with the workflows.
func (c *components) reconciler() *reconcile.Reconciler {
	return &reconcile.Reconciler{Store: c.db, Temporal: c.temporal, Log: c.log}
}

// reconcileAtStart runs one repairing pass in the background: dev mode's
// answer to a crash, since the process that died took its Temporal server
// with it and an action in flight may have left a write behind. Tasks it
// could not check (the database was down) are tried again until a pass
// checks them all.
func (c *components) reconcileAtStart(ctx context.Context) {
	go func() {
		for wait := 2 * time.Second; ; wait = min(2*wait, time.Minute) {
			res, err := c.reconciler().Run(ctx, reconcile.Options{Repair: true, Report: func(d reconcile.Difference) {
				c.log.Warn("projection differs from its workflow", "difference", d.String())
			}})
			if ctx.Err() != nil {
				return
			}
			if err == nil && len(res.Unchecked) == 0 {
				c.log.Info("reconciled", "tasks", res.Tasks, "differences", len(res.Differences), "repaired", res.Repaired)
				return
			}
			c.log.Warn("reconcile at start: trying again", "error", err, "differences", len(res.Differences),
				"repaired", res.Repaired, "unchecked", len(res.Unchecked), "retry_in", wait)
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
		}
	}()
}

// checkUnconfirmedAtStart checks, before anything is served, every task whose
// last projection write is not known to be committed: in dev mode the process
// that died took its Temporal server, and the updates in flight, with it, so
// such a write may be a phantom nothing else would ever overrule. Only noted
// tasks are checked, a handful after a crash whatever the campaign's size.
// Tasks that cannot be checked yet are tried again for a while; after that
// the server starts and the background check carries on with them.
func (c *components) checkUnconfirmedAtStart(ctx context.Context) {
	began := time.Now()
	rec := c.reconciler()
	// Nothing from before the start is in flight any more (its process and
	// its Temporal server are gone), so a difference need not be given long
	// to go away; one that would have (a timer firing just now) costs only
	// a resync.
	rec.Settle = 250 * time.Millisecond
	var res reconcile.CheckResult
	for wait := 200 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		var err error
		res, err = rec.CheckUnconfirmed(ctx, reconcile.CheckOptions{Before: began, Full: true, Report: func(d reconcile.Difference) {
			c.log.Warn("projection differs from its workflow", "difference", d.String())
		}})
		if err == nil && len(res.Unchecked) == 0 {
			break
		}
		if ctx.Err() != nil || time.Since(began) > unconfirmedStartBudget {
			c.log.Warn("unconfirmed writes not all checked before serving", "error", err, "unchecked", res.Unchecked)
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
	c.log.Info("checked unconfirmed writes", "tasks", res.Checked, "differences", len(res.Differences),
		"repaired", res.Repaired, "took", time.Since(began).Round(time.Millisecond))
}

// unconfirmedStartBudget bounds how long a start waits for the unconfirmed
// writes it cannot check (Temporal or the database not answering).
const unconfirmedStartBudget = 30 * time.Second

// watchUnconfirmed checks, for as long as the process runs, the writes that
// were not confirmed within a couple of seconds (docs/projection.md): a
// workflow task lost with a worker or with Temporal's server is repaired
// seconds after Temporal answers again, not at the daily reconcile.
func (c *components) watchUnconfirmed(ctx context.Context) {
	go c.reconciler().WatchUnconfirmed(ctx, time.Second, unconfirmedGrace)
}

// unconfirmedGrace is how long a write may stay unconfirmed before it is
// checked: an update answers well within it, so what outlives it either had
// no caller waiting (a timer, a signal) or was made by a workflow task that
// never committed.
const unconfirmedGrace = 2 * time.Second

// apiServer builds the HTTP API over the components.
func (c *components) apiServer() *api.Server {
	return api.New(api.Options{
		Store:    c.db,
		Temporal: c.temporal,
		Planner:  c.planner,
		Logger:   c.log,
		Registry: c.registry,
		Files:    c.files,
		Actions:  c.domain,
		Guard:    c.authGuard(),
		ClientIP: c.clientIP,
		// Plans over the limit are refused before they are scheduled.
		MaxPlanTasks:  c.limits.maxPlanTasks,
		Accounts:      c.passwordAccounts(),
		BaseURL:       c.cfg.BaseURL,
		SecureCookies: c.cfg.httpsBase(),
		PDFFont:       c.cfg.PDFFont,
		PDFLatinFont:  c.cfg.PDFLatinFont,
	})
}
