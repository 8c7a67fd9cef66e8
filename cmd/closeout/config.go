package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
)

// config is every setting of every process, read from the environment with
// defaults; flags override the environment.
type config struct {
	HTTPAddr          string
	DatabaseURL       string
	TemporalAddress   string
	TemporalNamespace string
	TemporalAPIKey    string
	TemporalTLS       bool
	TemporalTLSCert   string
	TemporalTLSKey    string
	TemporalTLSCA     string
	AdminToken        string
	// TrustedProxies and ClientIPHeader say where a client's address is
	// read from (authconfig.go).
	TrustedProxies string
	ClientIPHeader string
	BaseURL        string
	LogLevel       string
	// ReconcileCron is when workers reconcile the projection ("" never).
	ReconcileCron string
	// FilesURL is where evidence files are kept, MaxFileMB the largest one
	// (files.go).
	FilesURL  string
	MaxFileMB string
	// MetricsAddr is where /metrics is served, apart from the public
	// address (metricsserver.go); HTTPReadTimeout bounds a request's
	// arrival (httpserver.go).
	MetricsAddr     string
	HTTPReadTimeout string
	// MaxPlanTasks is CLOSEOUT_MAX_PLAN_TASKS (limits.go).
	MaxPlanTasks string
	// PDFFont and PDFLatinFont are the TrueType fonts of supervision
	// sheets' PDFs, CJK and Latin (CLOSEOUT_PDF_FONT, CLOSEOUT_PDF_LATIN_FONT;
	// "" is Debian's Droid Sans Fallback and DejaVu Sans, docs/sheets.md).
	PDFFont, PDFLatinFont string
	// OIDC is single sign-on (oidcconfig.go).
	OIDC oidcConfig
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func loadConfig() config {
	return config{
		HTTPAddr:          env("CLOSEOUT_HTTP_ADDR", ":8080"),
		DatabaseURL:       env("DATABASE_URL", ""),
		TemporalAddress:   env("TEMPORAL_ADDRESS", "127.0.0.1:7233"),
		TemporalNamespace: env("TEMPORAL_NAMESPACE", "default"),
		TemporalAPIKey:    env("TEMPORAL_API_KEY", ""),
		TemporalTLS:       env("TEMPORAL_TLS", "") == "true",
		TemporalTLSCert:   env("TEMPORAL_TLS_CERT", ""),
		TemporalTLSKey:    env("TEMPORAL_TLS_KEY", ""),
		TemporalTLSCA:     env("TEMPORAL_TLS_CA", ""),
		AdminToken:        env("CLOSEOUT_ADMIN_TOKEN", ""),
		TrustedProxies:    env("CLOSEOUT_TRUSTED_PROXIES", ""),
		ClientIPHeader:    env("CLOSEOUT_CLIENT_IP_HEADER", ""),
		BaseURL:           env("CLOSEOUT_BASE_URL", ""),
		LogLevel:          env("CLOSEOUT_LOG_LEVEL", "info"),
		ReconcileCron:     reconcileCron(env("CLOSEOUT_RECONCILE_CRON", "0 3 * * *")),
		FilesURL:          env("CLOSEOUT_FILES_URL", ""),
		MaxFileMB:         env("CLOSEOUT_MAX_FILE_MB", ""),
		MetricsAddr:       env("CLOSEOUT_METRICS_ADDR", ":9091"),
		HTTPReadTimeout:   env("CLOSEOUT_HTTP_READ_TIMEOUT", ""),
		MaxPlanTasks:      env("CLOSEOUT_MAX_PLAN_TASKS", ""),
		PDFFont:           env("CLOSEOUT_PDF_FONT", ""),
		PDFLatinFont:      env("CLOSEOUT_PDF_LATIN_FONT", ""),
		OIDC:              loadOIDCConfig(),
	}
}

// bindServerFlags adds the flags every long-running process takes.
func (c *config) bindServerFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&c.HTTPAddr, "http-addr", c.HTTPAddr, "address the API and dashboard listen on (CLOSEOUT_HTTP_ADDR)")
	f.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "address /metrics is served on, apart from the API (CLOSEOUT_METRICS_ADDR)")
	f.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "projection database: postgres://… or sqlite:PATH (DATABASE_URL)")
	f.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (CLOSEOUT_LOG_LEVEL)")
}

// logValue is the config for the start-up log line, secrets masked.
func (c config) logValue() slog.Value {
	mask := func(s string) string {
		if s == "" {
			return ""
		}
		return "****"
	}
	return slog.GroupValue(
		slog.String("http_addr", c.HTTPAddr),
		slog.String("metrics_addr", c.MetricsAddr),
		slog.String("database", maskURL(c.DatabaseURL)),
		slog.String("temporal_address", c.TemporalAddress),
		slog.String("temporal_namespace", c.TemporalNamespace),
		slog.String("temporal_api_key", mask(c.TemporalAPIKey)),
		slog.Bool("temporal_tls", c.TemporalTLS || c.TemporalTLSCert != ""),
		slog.String("admin_token", mask(c.AdminToken)),
		slog.String("base_url", c.BaseURL),
		slog.String("oidc_issuer", c.OIDC.Issuer),
		slog.String("oidc_client_secret", mask(c.OIDC.ClientSecret)),
	)
}

// maskURL hides a password in a database URL.
func maskURL(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	creds, host, ok := strings.Cut(rest, "@")
	if !ok {
		return u
	}
	user, _, _ := strings.Cut(creds, ":")
	return scheme + "://" + user + ":****@" + host
}

func newLogger(level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l})), nil
}

// temporalOptions builds the client options: address, namespace, and TLS or an
// API key for a remote cluster (Temporal Cloud or self-hosted with mTLS).
func (c config) temporalOptions(log *slog.Logger) (client.Options, error) {
	opts := client.Options{
		HostPort:  c.TemporalAddress,
		Namespace: c.TemporalNamespace,
		Logger:    sdklog.NewStructuredLogger(log.With("component", "temporal-client")),
	}
	if c.TemporalTLS || c.TemporalTLSCert != "" || c.TemporalAPIKey != "" {
		tc := &tls.Config{MinVersion: tls.VersionTLS12}
		if c.TemporalTLSCert != "" {
			cert, err := tls.LoadX509KeyPair(c.TemporalTLSCert, c.TemporalTLSKey)
			if err != nil {
				return opts, fmt.Errorf("temporal TLS client certificate: %w", err)
			}
			tc.Certificates = []tls.Certificate{cert}
		}
		if c.TemporalTLSCA != "" {
			pem, err := os.ReadFile(c.TemporalTLSCA)
			if err != nil {
				return opts, fmt.Errorf("temporal TLS CA: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return opts, fmt.Errorf("temporal TLS CA %s holds no certificate", c.TemporalTLSCA)
			}
			tc.RootCAs = pool
		}
		opts.ConnectionOptions.TLS = tc
	}
	if c.TemporalAPIKey != "" {
		opts.Credentials = client.NewAPIKeyStaticCredentials(c.TemporalAPIKey)
	}
	return opts, nil
}

// reconcileCron reads CLOSEOUT_RECONCILE_CRON: a cron expression (UTC), or
// "off".
func reconcileCron(v string) string {
	if v == "off" {
		return ""
	}
	return v
}
