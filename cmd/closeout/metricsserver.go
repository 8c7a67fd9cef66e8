package main

import (
	"context"
	"net"
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metricsPath is where the metrics address answers Prometheus.
const metricsPath = "/metrics"

// serveMetrics serves the process's metrics on CLOSEOUT_METRICS_ADDR, an
// address of its own (SPEC section 15, "Secrets"): /metrics takes no token,
// and names campaigns and counts people's actions, so it is kept off the
// public port; the operator lets only Prometheus reach this one. It serves
// until ctx ends.
func (c *components) serveMetrics(ctx context.Context) (net.Addr, error) {
	mux := http.NewServeMux()
	mux.Handle("GET "+metricsPath, promhttp.HandlerFor(c.registry, promhttp.HandlerOpts{}))
	addr, err := listenHTTP(ctx, c.cfg.MetricsAddr, mux, c.limits.readTimeout, c.log)
	if err != nil {
		return nil, err
	}
	c.log.Info("metrics listening", "address", addr.String(), "path", metricsPath)
	return addr, nil
}
