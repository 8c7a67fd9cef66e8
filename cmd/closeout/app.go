package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/platform/store"
)

// openStore connects to the projection and brings its schema up to date.
func openStore(ctx context.Context, url string) (*store.DB, error) {
	db, err := store.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		_ = db.Close() // the migration's error is the one to report
		return nil, err
	}
	return db, nil
}

// dialTemporal connects a client, retrying while the server starts.
func dialTemporal(ctx context.Context, opts client.Options) (client.Client, error) {
	deadline := time.Now().Add(time.Minute)
	for {
		c, err := client.DialContext(ctx, opts)
		if err == nil {
			return c, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("connect to Temporal at %s: %w", opts.HostPort, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// serveHTTP serves handler on addr until ctx ends, then shuts down gracefully,
// letting requests in flight finish. ready, if not nil, is called with the
// bound address once the server accepts requests; if it fails, the server
// stops with its error. The server has closeout's timeouts (httpserver.go);
// readTimeout is CLOSEOUT_HTTP_READ_TIMEOUT's.
func serveHTTP(ctx context.Context, addr string, handler http.Handler, readTimeout time.Duration, log *slog.Logger, ready func(net.Addr) error) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := newHTTPServer(handler, readTimeout)
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		// Requests made by ready wait in the listener's backlog until Serve
		// accepts them, so ready may call the server itself (the demo does).
		go func() {
			if err := ready(ln.Addr()); err != nil {
				errc <- err
			}
		}()
	}
	err = nil
	select {
	case err = <-errc:
	case <-ctx.Done():
	}
	log.Info("shutting down the HTTP server")
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if serr := srv.Shutdown(shutdown); err == nil {
		err = serr
	}
	return err
}
