package main

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/spf13/cobra"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/temporal/activities"
)

func apiCommand() *cobra.Command {
	cfg := loadConfig()
	cmd := &cobra.Command{
		Use:   "api",
		Short: "Serve the HTTP API and dashboard against a Temporal cluster and PostgreSQL",
		Long: `api serves the HTTP API and the dashboard. It needs TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE,
TLS or TEMPORAL_API_KEY as the cluster requires) and DATABASE_URL. Run as many as you like
behind a load balancer; they keep no state of their own.`,
		RunE: func(cmd *cobra.Command, _ []string) error { return runAPI(cmd.Context(), cfg) },
	}
	cfg.bindServerFlags(cmd)
	return cmd
}

func runAPI(ctx context.Context, cfg config) error {
	log, err := newLogger(cfg.LogLevel)
	if err != nil {
		return err
	}
	if err := cfg.checkAuth(); err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		return errors.New("set DATABASE_URL or --database-url")
	}
	log.Info("starting closeout api", "config", cfg.logValue())
	app, err := connect(ctx, cfg, log, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer app.close()
	if err := app.openFiles(ctx, cfg.DatabaseURL, ""); err != nil {
		return err
	}
	if err := app.ensureAdmin(ctx, cfg.AdminToken); err != nil {
		return err
	}
	app.countTasks()
	ctx, stop := context.WithCancel(ctx)
	defer stop() // the metrics server too, when the API stops
	if _, err := app.serveMetrics(ctx); err != nil {
		return err
	}
	return serveHTTP(ctx, cfg.HTTPAddr, app.httpHandler(), app.limits.readTimeout, log, func(addr net.Addr) error {
		log.Info("listening", "address", addr.String())
		return nil
	})
}

func workerCommand() *cobra.Command {
	cfg := loadConfig()
	cfg.HTTPAddr = env("CLOSEOUT_HTTP_ADDR", ":9090") // health and metrics only
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Run closeout's workflows and activities against a Temporal cluster and PostgreSQL",
		Long: `worker polls closeout's task queue: it runs the task workflows (timers, escalations,
sign-off) and their activities (projection writes, notifications). Run several for
availability; Temporal spreads the work. It serves /healthz and /readyz on
--http-addr, and /metrics on --metrics-addr.`,
		RunE: func(cmd *cobra.Command, _ []string) error { return runWorker(cmd.Context(), cfg) },
	}
	cfg.bindServerFlags(cmd)
	return cmd
}

func runWorker(ctx context.Context, cfg config) error {
	log, err := newLogger(cfg.LogLevel)
	if err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		return errors.New("set DATABASE_URL or --database-url")
	}
	log.Info("starting closeout worker", "config", cfg.logValue())
	app, err := connect(ctx, cfg, log, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer app.close()
	app.notifiers = notifiersFromEnv(log, app.db)
	if len(app.notifiers) == 0 {
		log.Warn("no notifier configured: set SLACK_BOT_TOKEN or CLOSEOUT_WEBHOOK_URL; notifications go to the log")
		app.notifiers = append(app.notifiers, notify.Console{Log: log})
	}
	w, err := app.startWorker()
	if err != nil {
		return fmt.Errorf("start the worker: %w", err)
	}
	defer w.Stop()
	app.watchUnconfirmed(ctx)
	if err := activities.EnsureReconcileSchedule(ctx, app.temporal, cfg.ReconcileCron); err != nil {
		return fmt.Errorf("reconcile schedule: %w", err)
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	if _, err := app.serveMetrics(ctx); err != nil {
		return err
	}
	// The worker's HTTP side is only health; its metrics have their own
	// address.
	return serveHTTP(ctx, cfg.HTTPAddr, app.apiServer().OpsHandler(), app.limits.readTimeout, log, nil)
}
