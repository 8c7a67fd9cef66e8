// Package devserver runs a complete Temporal server inside the closeout process for
// `closeout dev` and for integration tests. It is assembled from the server's own
// building blocks: the SQLite persistence plugin (a file under the data folder, or
// memory for tests), one history shard, and all four services on loopback.
//
// The public temporaltest package only runs in memory, and the temporal CLI's
// file-backed dev server is internal to that module, so closeout wires its own.
package devserver

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
)

// Options configure an embedded server. Zero values pick sensible dev defaults.
type Options struct {
	// IP to bind every service to. Default 127.0.0.1.
	IP string
	// FrontendPort is the gRPC port clients (and the temporal CLI) use. 0 picks a free one.
	FrontendPort int
	// DatabaseFile is the SQLite file holding Temporal's state. Empty means in memory.
	DatabaseFile string
	// Namespace to create if it does not exist. Default "default".
	Namespace string
	// Logger receives the server's logs at LogLevel and above.
	Logger   *slog.Logger
	LogLevel slog.Level
	// DynamicConfig overrides server dynamic configuration keys.
	DynamicConfig map[string]any

	// freePort picks each port the server binds; tests hand out taken ones.
	freePort func(ip string) (int, error)
}

// Server is a running embedded Temporal server.
type Server struct {
	server  temporal.Server
	address string
}

// Start builds and starts the server; it returns once the frontend accepts calls.
func Start(opts Options) (*Server, error) {
	if opts.IP == "" {
		opts.IP = "127.0.0.1"
	}
	if opts.Namespace == "" {
		opts.Namespace = "default"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.freePort == nil {
		opts.freePort = FreePort
	}
	sqlConf, err := sqliteConfig(opts)
	if err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		srv, err := start(opts, sqlConf, pickPorts(opts))
		// A port is picked free and handed to the server, which binds it a
		// moment later; another process can bind it in between. When closeout
		// picked every port, it picks again rather than fail the start. What the
		// failed build had opened (a listener bound before the taken port, a
		// database connection) stays open until the process ends: the server
		// offers no way to close a half-built instance, and this is rare.
		if err != nil && opts.FrontendPort == 0 && attempt < maxPortAttempts && errors.Is(err, syscall.EADDRINUSE) {
			opts.Logger.Warn("a port picked for the temporal server was taken; picking again", "attempt", attempt, "err", err)
			continue
		}
		return srv, err
	}
}

const maxPortAttempts = 5

// start builds and starts one server on the given ports.
func start(opts Options, sqlConf *config.SQL, ports portPicks) (srv *Server, err error) {
	if ports.err != nil {
		return nil, ports.err
	}
	conf := serverConfig(opts, sqlConf, ports)
	dyn := dynamicconfig.StaticClient{
		// Dev mode keeps to a few hundred megabytes with 10,000 open tasks:
		// sleeping workflows need not stay cached; a timer reloads its one.
		dynamicconfig.HistoryCacheHostLevelMaxSize.Key(): 512,
		// Dev traffic is bursty (a demo import starts hundreds of workflows at once).
		dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 100,
	}
	for k, v := range opts.DynamicConfig {
		dyn[dynamicconfig.MakeKey(k)] = v
	}
	hosts := map[primitives.ServiceName]static.Hosts{}
	for name, svc := range conf.Services {
		hosts[primitives.ServiceName(name)] = static.SingleLocalHost(fmt.Sprintf("%s:%d", opts.IP, svc.RPC.GRPCPort))
	}
	// The server reports what it cannot go on from (a port it cannot bind)
	// through the logger's Fatal while it is being built here, on this
	// goroutine; the adapter panics with it and it comes back as an error.
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(fatalError)
			if !ok {
				panic(r)
			}
			srv, err = nil, fmt.Errorf("build temporal server: %w", f)
		}
	}()
	ts, err := temporal.NewServer(
		temporal.WithConfig(conf),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(hosts),
		temporal.WithLogger(newLogger(opts.Logger, opts.LogLevel)),
		temporal.WithDynamicConfigClient(dyn),
	)
	if err != nil {
		return nil, fmt.Errorf("build temporal server: %w", err)
	}
	if err := ts.Start(); err != nil {
		return nil, fmt.Errorf("start temporal server: %w", err)
	}
	return &Server{server: ts, address: fmt.Sprintf("%s:%d", opts.IP, ports.frontend())}, nil
}

// Address is the frontend's host:port.
func (s *Server) Address() string { return s.address }

// Stop shuts every service down; pending timers stay in the database and fire
// when a server starts again on the same file.
func (s *Server) Stop() error { return s.server.Stop() }

func serverConfig(opts Options, sqlConf *config.SQL, ports portPicks) *config.Config {
	const store = "sqlite"
	conf := &config.Config{}
	conf.Global.Membership.BroadcastAddress = opts.IP
	conf.Persistence.DefaultStore = store
	conf.Persistence.VisibilityStore = store
	conf.Persistence.NumHistoryShards = 1
	conf.Persistence.DataStores = map[string]config.DataStore{store: {SQL: sqlConf}}

	const clusterName = "active"
	conf.ClusterMetadata = &cluster.Config{
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{
			clusterName: {
				Enabled:                true,
				InitialFailoverVersion: 1,
				RPCAddress:             fmt.Sprintf("%s:%d", opts.IP, ports.frontend()),
				HTTPAddress:            fmt.Sprintf("%s:%d", opts.IP, ports.http),
				ClusterID:              "closeout-dev",
			},
		},
	}
	conf.DCRedirectionPolicy.Policy = "noop"
	conf.Services = map[string]config.Service{}
	for _, name := range services {
		var svc config.Service
		svc.RPC.BindOnIP = opts.IP
		svc.RPC.GRPCPort = ports.grpc[name]
		if name == "frontend" {
			svc.RPC.HTTPPort = ports.http
		}
		conf.Services[name] = svc
	}
	conf.Archival.History.State = "disabled"
	conf.Archival.Visibility.State = "disabled"
	conf.NamespaceDefaults.Archival.History.State = "disabled"
	conf.NamespaceDefaults.Archival.Visibility.State = "disabled"
	conf.PublicClient.HostPort = fmt.Sprintf("%s:%d", opts.IP, ports.frontend())
	return conf
}

// sqliteConfig points the persistence plugin at the file (creating its schema the
// first time) or at a private in-memory database, and makes sure the namespace exists.
func sqliteConfig(opts Options) (*config.SQL, error) {
	conf := &config.SQL{PluginName: sqliteplugin.PluginName}
	if opts.DatabaseFile == "" {
		conf.ConnectAttributes = map[string]string{"mode": "memory", "cache": "shared"}
		// #nosec G404 -- a name that keeps two in-memory databases of one process apart, not a secret
		conf.DatabaseName = "closeout-" + strconv.FormatUint(rand.Uint64(), 36)
	} else {
		// WAL turns each commit into one append to the log, and
		// synchronous=NORMAL syncs the log at checkpoints rather than at every
		// commit: imports run about 2.6 times faster. A crash of the process
		// loses nothing (the log is in the file); a power cut may lose the
		// last moments, the trade a dev server can make. More connections
		// only contend for the one writer (measured slower).
		conf.ConnectAttributes = map[string]string{
			"mode": "rwc", "journal_mode": "wal", "synchronous": "NORMAL", "busy_timeout": "10000",
		}
		conf.DatabaseName = opts.DatabaseFile
		_, err := os.Stat(opts.DatabaseFile)
		switch {
		case errors.Is(err, os.ErrNotExist):
			// Temporal's database is the owner's alone (SPEC section 15, "Secrets").
			if err := os.MkdirAll(filepath.Dir(opts.DatabaseFile), 0o700); err != nil {
				return nil, fmt.Errorf("create data folder: %w", err)
			}
			if err := sqliteschema.SetupSchema(conf); err != nil {
				return nil, fmt.Errorf("create temporal schema: %w", err)
			}
		case err != nil:
			return nil, fmt.Errorf("temporal database: %w", err)
		}
	}
	ns, err := sqliteschema.NewNamespaceConfig("active", opts.Namespace, false, nil)
	if err != nil {
		return nil, fmt.Errorf("namespace config: %w", err)
	}
	if err := sqliteschema.CreateNamespaces(conf, ns); err != nil {
		return nil, fmt.Errorf("create namespace: %w", err)
	}
	return conf, nil
}
