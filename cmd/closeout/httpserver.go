package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// The HTTP timeouts of every server closeout runs (SPEC section 15,
// "Limits"). Without a read timeout a client that sends its body a byte
// every few seconds holds a connection and a goroutine for ever, token or
// not: the request is answered 401 and the server then waits to drain the
// body.
const (
	// headerTimeout bounds the request line and headers: a few hundred
	// bytes even on the slowest link.
	headerTimeout = 10 * time.Second
	// defaultReadTimeout bounds a whole request, headers and body: a 20 MiB
	// evidence file (files.DefaultMaxFileMB) arrives within it at 1.4 Mbit/s,
	// and an 8 MiB plan or workbook at half that. An operator who raises
	// CLOSEOUT_MAX_FILE_MB for slow links raises CLOSEOUT_HTTP_READ_TIMEOUT
	// with it; a trickling body is cut off when it runs out.
	defaultReadTimeout = 2 * time.Minute
	// answerTime is how long the answer may take once the body is read. Go's
	// write deadline starts when the headers are read, so the write timeout
	// is the read timeout plus this. The longest answers, a 20,000-task
	// ledger export or task list, are built in seconds; five minutes lets a
	// 20 MiB evidence download reach a phone at 0.6 Mbit/s, and still frees
	// the connection of a reader that never reads.
	answerTime = 5 * time.Minute
	// idleTimeout closes kept-alive connections nobody uses.
	idleTimeout = 2 * time.Minute
	// shutdownGrace is how long requests in flight may finish on shutdown.
	shutdownGrace = 15 * time.Second
)

// parseReadTimeout reads CLOSEOUT_HTTP_READ_TIMEOUT: a Go duration ("90s",
// "5m") from 1 s to 1 h; "" is the default.
func parseReadTimeout(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return defaultReadTimeout, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Second || d > time.Hour {
		return 0, fmt.Errorf("CLOSEOUT_HTTP_READ_TIMEOUT %q: want a duration from 1s to 1h, like 2m", v)
	}
	return d, nil
}

// newHTTPServer is an http.Server for handler with closeout's timeouts.
func newHTTPServer(handler http.Handler, readTimeout time.Duration) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: min(headerTimeout, readTimeout),
		ReadTimeout:       readTimeout,
		WriteTimeout:      readTimeout + answerTime,
		IdleTimeout:       idleTimeout,
	}
}

// listenHTTP listens on addr and serves handler there in the background
// until ctx ends, then shuts down gracefully. It is for the side servers (metrics): a failure to listen is an error at
// start, a failure later only a log line.
func listenHTTP(ctx context.Context, addr string, handler http.Handler, readTimeout time.Duration, log *slog.Logger) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := newHTTPServer(handler, readTimeout)
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Error("HTTP server stopped", "address", ln.Addr().String(), "error", err)
		}
	}()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			log.Warn("HTTP server did not shut down within the grace period", "address", ln.Addr().String(), "error", err)
		}
	}()
	return ln.Addr(), nil
}
