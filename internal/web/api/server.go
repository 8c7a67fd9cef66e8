// Package api is closeout's HTTP API (SPEC section 4), built on Gin. Handlers
// are methods on Server, which holds the dependencies; one middleware turns
// every error into application/problem+json.
package api

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/app/importing"
	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/formats/pdfdoc"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/files"
	"github.com/closeout/closeout/internal/platform/store"
)

// Store is the part of the projection the API reads and the bookkeeping it
// writes itself (people, tokens, idempotency keys).
type Store interface {
	Ping(ctx context.Context) error
	CreatePerson(ctx context.Context, p store.Person) error
	GetPerson(ctx context.Context, id string) (store.Person, error)
	PeopleByID(ctx context.Context, ids []string) (map[string]store.Person, error)
	tokenStore // internal/web/api/tokens.go
	GetCampaign(ctx context.Context, id string) (store.Campaign, error)
	ListCampaigns(ctx context.Context) ([]store.Campaign, error)
	Rollup(ctx context.Context, campaign string) ([]store.RollupRow, error)
	FlaggedTasks(ctx context.Context, campaign string) ([]store.TaskLine, error)
	OverdueTasks(ctx context.Context, campaign string) ([]store.TaskLine, error)
	UnitRanking(ctx context.Context, campaign string, now time.Time) ([]store.UnitRank, error)
	IndicatorTasks(ctx context.Context, campaign string) ([]store.TaskIndicators, error)
	GetTask(ctx context.Context, campaign, id string) (task.View, error)
	AppendTaskDocs(ctx context.Context, f store.TaskFilter, dst []byte) ([]byte, string, error)
	CampaignTasks(ctx context.Context, campaign string) ([]task.View, error)
	UpsertPeople(ctx context.Context, people []store.Person) error
	SaveCampaign(ctx context.Context, c store.Campaign) (store.Campaign, bool, error)
	TaskEvents(ctx context.Context, campaign, task string) ([]task.Event, error)
	idempotencyStore // internal/web/api/idempotency.go
	UpsertUnitsAsChecked(ctx context.Context, units []store.Unit, checked store.UnitsAsChecked) error
	GetUnit(ctx context.Context, id string) (store.Unit, error)
	ListUnits(ctx context.Context) ([]store.Unit, error)
	UnitsOf(ctx context.Context, person string) ([]string, error)
	SetPersonSettings(ctx context.Context, id string, set store.PersonSettings) (store.Person, error)
	substituteStore
	ledgerStore  // internal/web/api/ledger.go
	auditStore   // internal/web/api/audit.go
	accountStore // internal/web/api/people_list.go
	searchStore  // internal/web/api/search.go
	scoreStore   // internal/web/api/scores.go
	sheetStore   // internal/web/api/sheets.go
	CalendarYears(ctx context.Context, name string) ([]store.CalendarYear, error)
}

// Planner plans tasks added to a stored campaign.
type Planner interface {
	// TaskPlanner plans one task added to a campaign (add_task.go, through
	// planning.Adder).
	planning.TaskPlanner
	// DispatchSpec plans the child of a dispatched task for a unit added
	// later.
	DispatchSpec(ctx context.Context, campaign, parent, unit string, unitExists func(string) bool) (task.Spec, error)
	// Calendars are the calendars plans are read with (cn over the loaded
	// years); LoadCalendarYear stores a year's notice and re-plans the tasks
	// it moves (SPEC section 13).
	Calendars() *planning.Calendars
	LoadCalendarYear(ctx context.Context, y calendar.Year, by string, now time.Time) (planning.CalendarLoad, error)
}

// Options are the Server's dependencies.
type Options struct {
	Store    Store
	Temporal client.Client
	Planner  Planner
	Logger   *slog.Logger
	// Registry receives the API's metrics; the process serves it on an
	// address of its own (cmd/closeout/metricsserver.go), not beside the API.
	Registry *prometheus.Registry
	// Now is the clock (tests pin it); default time.Now.
	Now func() time.Time
	// Files keeps evidence files; nil serves no file endpoints.
	Files *files.Service
	// Actions counts the actions taken through the API (taskops.Ops.Meter);
	// nil counts none.
	Actions taskops.Meter
	// Guard limits failed authentications per client address, counts and
	// records them; the dashboard shares it. Nil: one of the API's own,
	// recording in Store.
	Guard *auth.Guard
	// ClientIP says where a request's client address is read from
	// (clientip.go); the zero value trusts no proxy.
	ClientIP ClientIP
	// MaxPlanTasks is the most tasks an imported plan lists
	// (CLOSEOUT_MAX_PLAN_TASKS); 0 is plan.DefaultMaxTasks.
	MaxPlanTasks int
	// Accounts signs people in with passwords and invitations; nil builds
	// one over Store (when it keeps them) and Guard.
	Accounts *accounts.Accounts
	// BaseURL is the dashboard's public address (CLOSEOUT_BASE_URL), which
	// invitation links start with; "" uses the address a request came to.
	BaseURL string
	// SecureCookies marks the session cookie Secure whatever the request
	// says (a https BaseURL), as the dashboard's.
	SecureCookies bool
	// PDFFont and PDFLatinFont are the TrueType fonts supervision sheets'
	// and bulletins' PDFs are set in, CJK and Latin (CLOSEOUT_PDF_FONT,
	// CLOSEOUT_PDF_LATIN_FONT); "" is pdfdoc.DefaultFonts' file.
	PDFFont, PDFLatinFont string
}

// Server serves the API.
type Server struct {
	store    Store
	temporal client.Client
	planner  Planner
	ops      *taskops.Ops
	adder    *planning.Adder
	people   *accounts.People
	importer *importing.Importer
	log      *slog.Logger
	now      func() time.Time
	guard    *auth.Guard
	clientIP ClientIP
	registry *prometheus.Registry
	requests *prometheus.HistogramVec
	files    *files.Service
	// pdfFonts: Options.PDFFont and PDFLatinFont (sheets.go, bulletin.go).
	pdfFonts pdfdoc.Fonts
	// maxPlanTasks bounds imported plans (Options.MaxPlanTasks).
	maxPlanTasks int
	// accounts, baseURL and secureCookies: signing in as a person
	// (accounts.go).
	accounts      *accounts.Accounts
	baseURL       string
	secureCookies bool
	// prunedAt is when idempotency records were last pruned (Unix
	// seconds; idempotency.go).
	prunedAt atomic.Int64
	// pages recycles the buffers list answers are built in.
	pages sync.Pool
}

// New builds a Server.
func New(o Options) *Server {
	s := &Server{store: o.Store, temporal: o.Temporal, planner: o.Planner, log: o.Logger, now: o.Now, registry: o.Registry, files: o.Files}
	s.ops = &taskops.Ops{Store: o.Store, Units: o.Store, Standins: o.Store, Temporal: o.Temporal, Meter: o.Actions, Now: o.Now}
	s.ops.Calendars, _ = o.Planner.(taskops.WorkCalendars) // urges count working hours on the campaign's calendar
	s.adder = &planning.Adder{Planner: o.Planner, Tasks: s.ops, Directory: o.Store}
	s.people = &accounts.People{Store: o.Store, Tasks: s.ops, Now: func() time.Time { return s.now() }}
	s.pages.New = func() any { b := make([]byte, 0, 128<<10); return &b }
	if s.now == nil {
		s.now = time.Now
	}
	s.maxPlanTasks = cmp.Or(o.MaxPlanTasks, plan.DefaultMaxTasks)
	s.pdfFonts = pdfdoc.Fonts{CJK: cmp.Or(o.PDFFont, pdfdoc.DefaultFont), Latin: cmp.Or(o.PDFLatinFont, pdfdoc.DefaultLatinFont)}
	// The planner, when it is planning.Planner, takes the specs an import
	// schedules, so the import workflow in this process starts from them.
	handover, _ := o.Planner.(importing.Handover)
	s.importer = &importing.Importer{Store: o.Store, Temporal: o.Temporal, Handover: handover, Now: func() time.Time { return s.now() }}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.registry == nil {
		s.registry = prometheus.NewRegistry()
	}
	s.guard, s.clientIP = o.Guard, o.ClientIP
	if s.guard == nil {
		recorder, _ := o.Store.(auth.AuditRecorder)
		s.guard = auth.NewGuard(nil, nil, recorder)
	}
	s.accounts, s.baseURL, s.secureCookies = o.Accounts, o.BaseURL, o.SecureCookies
	if st, ok := o.Store.(accounts.Store); ok && s.accounts == nil {
		s.accounts = &accounts.Accounts{Store: st, Guard: s.guard, Now: func() time.Time { return s.now() }}
	}
	s.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "closeout_http_request_duration_seconds",
		Help:    "HTTP requests by route and status.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"method", "route", "status"})
	s.registry.MustRegister(s.requests)
	return s
}

// Handler is the router with every route of the API.
func (s *Server) Handler() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	s.clientIP.apply(r, s.log)
	r.Use(gin.Recovery(), requestID, s.metrics, problems(s.log))
	r.NoRoute(NotFound)
	r.NoMethod(func(c *gin.Context) { writeProblem(c, problem(http.StatusMethodNotAllowed, "method not allowed here")) })

	s.opsRoutes(r)
	r.GET("/api/v1/openapi.json", serveOpenAPI) // the contract, outside the authenticated group: no token (internal/web/api/openapi.go)

	v1 := r.Group("/api/v1", s.authenticate, recordActor, checkRequestText, s.idempotency)
	v1.GET("/me", s.me)
	v1.POST("/people", requireRole(), s.createPerson)
	v1.GET("/people", s.listPeople)
	v1.PATCH("/people/:id", s.updatePerson)
	v1.POST("/people/:id/handover", requireRole(), s.handOver)
	s.tokenRoutes(v1)
	s.accountRoutes(r, v1)
	s.substituteRoutes(v1)

	v1.POST("/campaigns", requireRole(store.RoleManager), s.importCampaign)
	v1.GET("/campaigns", s.listCampaigns)
	v1.POST("/campaigns/:campaign/tasks", s.addTask)
	v1.GET("/campaigns/:campaign", s.getCampaign)
	v1.POST("/campaigns/:campaign/scores/adjustments", s.adjustScore) // the campaign's owner only (scores.go)

	v1.GET("/units", s.listUnits)
	v1.POST("/units", s.createUnit) // who may: unitrights (creating: a manager; changing: an admin or a head above)
	v1.GET("/units/:unit", s.getUnit)
	v1.PUT("/units/:unit", s.putUnit)

	v1.GET("/audit", requireRole(), s.listAudit)

	v1.GET("/tasks", s.listTasks)
	v1.GET("/tasks/:campaign/:task", s.getTask)
	v1.GET("/tasks/:campaign/:task/events", s.taskEvents)
	s.actionRoutes(v1.Group("/tasks/:campaign/:task"))
	s.calendarRoutes(v1)
	s.sheetRoutes(v1)
	s.fileRoutes(r, v1)
	s.downloadRoutes(r) // the GET downloads a session cookie also opens (downloads.go)
	return r
}

// OpsHandler serves only health and readiness, for processes without the
// API (the worker).
func (s *Server) OpsHandler() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery(), problems(s.log))
	s.opsRoutes(r)
	return r
}

func (s *Server) opsRoutes(r *gin.Engine) {
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
}

const requestIDKey = "closeout.request_id"

// requestID tags every request (and its answer) with an id for the logs.
func requestID(c *gin.Context) {
	id := c.GetHeader("X-Request-ID")
	if id == "" || len(id) > 64 {
		b := make([]byte, 8)
		rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(requestIDKey, id)
	c.Header("X-Request-ID", id)
	c.Next()
}

func (s *Server) metrics(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	s.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(c.Writer.Status())).Observe(time.Since(start).Seconds())
}

func (s *Server) healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

// readyz answers 200 only when both the database and Temporal answer.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	var errs []FieldError
	if err := s.store.Ping(ctx); err != nil {
		errs = append(errs, fieldError("database", "not reachable"))
	}
	if _, err := s.temporal.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
		errs = append(errs, fieldError("temporal", "not reachable"))
	}
	if len(errs) > 0 {
		writeProblem(c, problem(http.StatusServiceUnavailable, "not ready").with(errs...))
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}
