package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/closeout/closeout/internal/app/demo"
	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/temporal/devserver"
)

// Dev mode keeps to a few hundred megabytes with 10,000 open tasks. The
// worker caches this many workflows (each with its goroutines) to answer
// without replaying them; most tasks sleep for days, and a cache miss costs a
// replay of a short history. The Go heap is held to devMemoryLimit unless
// GOMEMLIMIT says otherwise.
const (
	devWorkflowCache = 250
	devMemoryLimit   = 320 << 20
)

type devOptions struct {
	dataDir      string
	temporalPort int
	demo         bool
	pprofAddr    string
}

func devCommand() *cobra.Command {
	cfg := loadConfig()
	// Dev mode is for one person's machine: it listens on the loopback
	// interface unless told otherwise (SPEC section 15, "Secrets").
	cfg.HTTPAddr = env("CLOSEOUT_HTTP_ADDR", "127.0.0.1:8080")
	cfg.MetricsAddr = env("CLOSEOUT_METRICS_ADDR", "127.0.0.1:9091")
	o := devOptions{dataDir: ".closeout", temporalPort: 7233}
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "Run everything in one process: Temporal, the worker, the API and dashboard",
		Long: `dev starts an embedded Temporal server (its state in DATA-DIR/temporal.db, its frontend on
127.0.0.1:7233 so the temporal CLI can attach), the worker, the API and dashboard, and a
SQLite projection in DATA-DIR (or PostgreSQL with --database-url). Notifications go to
the console. Everything survives a restart on the same data folder.`,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDev(cmd.Context(), cfg, o) },
	}
	cfg.bindServerFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&o.dataDir, "data-dir", o.dataDir, "folder holding all of dev mode's state")
	f.IntVar(&o.temporalPort, "temporal-port", o.temporalPort, "port of the embedded Temporal frontend on 127.0.0.1 (0 picks a free one)")
	f.BoolVar(&o.demo, "demo", false, "load the demo campaign modelled on the seed document")
	f.StringVar(&o.pprofAddr, "pprof-addr", "", "serve Go's profiler (net/http/pprof) on this address, e.g. 127.0.0.1:6060")
	return cmd
}

func runDev(ctx context.Context, cfg config, o devOptions) error {
	log, err := newLogger(cfg.LogLevel)
	if err != nil {
		return err
	}
	if err := cfg.checkAuth(); err != nil {
		return err
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(devMemoryLimit)
	}
	// The workflow cache is shared by every SDK worker in the process, and the
	// embedded server starts workers of its own: size it before anything does.
	sdkworker.SetStickyWorkflowCacheSize(devWorkflowCache)
	if o.pprofAddr != "" {
		go servePprof(o.pprofAddr, log)
	}
	if err := privateDataDir(o.dataDir); err != nil {
		return err
	}
	temporal, err := devserver.Start(devserver.Options{
		FrontendPort: o.temporalPort,
		DatabaseFile: filepath.Join(o.dataDir, "temporal.db"),
		Logger:       log,
		LogLevel:     slog.LevelError,
	})
	if err != nil {
		return err
	}
	defer func() {
		if err := temporal.Stop(); err != nil {
			log.Warn("the embedded Temporal server did not stop cleanly", "error", err)
		}
	}()
	cfg.TemporalAddress = temporal.Address()
	cfg.TemporalNamespace = "default"

	dbURL := cfg.DatabaseURL
	if dbURL == "" {
		dbURL = "sqlite:" + filepath.Join(o.dataDir, "closeout.db")
	}
	if cfg.AdminToken == "" {
		if cfg.AdminToken, err = devAdminToken(o.dataDir); err != nil {
			return err
		}
	}
	log.Info("starting closeout dev", "data_dir", o.dataDir, "config", cfg.logValue())

	app, err := connect(ctx, cfg, log, dbURL)
	if err != nil {
		return err
	}
	defer app.close()
	if err := app.openFiles(ctx, dbURL, o.dataDir); err != nil {
		return err
	}
	app.notifiers = append([]notify.Notifier{notify.Console{Log: log}}, notifiersFromEnv(log, app.db)...)
	if err := app.ensureAdmin(ctx, cfg.AdminToken); err != nil {
		return err
	}
	w, err := app.startWorker()
	if err != nil {
		return fmt.Errorf("start the worker: %w", err)
	}
	defer w.Stop()
	app.checkUnconfirmedAtStart(ctx)
	app.watchUnconfirmed(ctx)
	app.reconcileAtStart(ctx)
	app.countTasks()
	ctx, stop := context.WithCancel(ctx)
	defer stop() // the metrics server too, when the API stops
	metricsAddr, err := app.serveMetrics(ctx)
	if err != nil {
		return err
	}
	return serveHTTP(ctx, cfg.HTTPAddr, app.httpHandler(), app.limits.readTimeout, log, func(addr net.Addr) error {
		if o.demo {
			loader := demo.Loader{BaseURL: "http://" + hostPort(addr), AdminToken: cfg.AdminToken, Client: http.DefaultClient, Log: log}
			if err := loader.Load(ctx, time.Now()); err != nil {
				return fmt.Errorf("load the demo: %w", err)
			}
		}
		base := cmp.Or(cfg.BaseURL, "http://"+hostPort(addr))
		inv, link, err := app.adminInvitation(ctx, base)
		if err != nil {
			return fmt.Errorf("invite the admin: %w", err)
		}
		if link != "" {
			// Dev mode only, on the operator's own machine: the link is a
			// secret, good once, for InvitationLife.
			log.Info("open this link to set the admin's password and sign in", "url", link, "expires_at", inv.ExpiresAt)
		}
		printBanner(addr, metricsAddr, temporal.Address(), o.dataDir, cfg.AdminToken, link)
		return nil
	})
}

// devAdminToken reads the dev admin token from the data folder, creating it
// on the first run, so it stays the same across restarts.
func devAdminToken(dataDir string) (string, error) {
	path := filepath.Join(dataDir, "admin-token")
	b, err := os.ReadFile(path) // #nosec G304 -- a fixed name in the operator's own data folder (--data-dir)
	if err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	token := auth.NewToken()
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write the admin token: %w", err)
	}
	return token, nil
}

// printBanner tells the newcomer where everything is and how to start. The
// first line is also what tests wait for.
func printBanner(addr, metricsAddr net.Addr, temporalAddr, dataDir, token, adminLink string) {
	base := "http://" + hostPort(addr)
	signIn := "sign in at " + base + "/signin with the admin's password"
	if adminLink != "" {
		signIn = adminLink + " (once: sets the admin's password and signs in)"
	}
	fmt.Printf(`closeout is ready at %s
  dashboard      %s/
  admin sign-in  %s
  API            %s/api/v1
  metrics        %s
  Temporal       %s (temporal workflow list --address %s)
  data           %s
  admin token    %s (also in %s)

Try:
  export CLOSEOUT_TOKEN=%s
  curl -s -H "Authorization: Bearer $CLOSEOUT_TOKEN" %s/api/v1/me
  curl -s -H "Authorization: Bearer $CLOSEOUT_TOKEN" %s/api/v1/campaigns
`, base, base, signIn, base, "http://"+hostPort(metricsAddr)+metricsPath, temporalAddr, temporalAddr, dataDir, token, filepath.Join(dataDir, "admin-token"), token, base, base)
}

// hostPort shows a listening address the way a browser reaches it.
func hostPort(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, fmt.Sprint(tcp.Port))
}
