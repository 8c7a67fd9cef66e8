package main

import (
	"log/slog"
	"net/http"
	"net/http/pprof"
)

// servePprof serves Go's profiler on addr, apart from the API so it is never
// exposed by accident: only when asked for, on an address of its own.
func servePprof(addr string, log *slog.Logger) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	// closeout's timeouts too: a CPU profile takes its 30 s well within
	// the write timeout.
	srv := newHTTPServer(mux, defaultReadTimeout)
	srv.Addr = addr
	log.Info("profiler listening", "address", addr)
	if err := srv.ListenAndServe(); err != nil {
		log.Error("profiler stopped", "error", err)
	}
}
