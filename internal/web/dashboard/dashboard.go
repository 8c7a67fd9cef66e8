// Package dashboard is closeout's web dashboard (SPEC section 7): pages
// rendered on the server from the projection, for people who read campaigns
// and sign tasks off in a browser. It acts on tasks through taskops, exactly
// as the API does, so the workflow's rules decide every action; the pages only
// choose which forms to offer.
//
// Everything it serves is in the binary (templates, CSS, icon; charts are
// inline SVG), so a page makes no request outside the server.
package dashboard

import (
	"context"
	"log/slog"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/app/sheets"
	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/files"
	"github.com/closeout/closeout/internal/platform/store"
)

// Store is the part of the projection the dashboard reads. Every page costs a
// fixed number of indexed queries, never one per task.
type Store interface {
	report.Source
	ListCampaigns(ctx context.Context) ([]store.Campaign, error)
	ListTasks(ctx context.Context, f store.TaskFilter) ([]task.View, string, error)
	// SearchTaskViews finds tasks by words (search.go).
	SearchTaskViews(ctx context.Context, f store.TaskSearch) ([]task.View, string, error)
	// TopTasks lists a campaign's parents and plain tasks, without the
	// children dispatched from them (the board and the Gantt view).
	TopTasks(ctx context.Context, campaign, track, cursor string, limit int) ([]task.View, string, error)
	UnitNames(ctx context.Context, ids []string) (map[string]string, error)
	CampaignTasks(ctx context.Context, campaign string) ([]task.View, error)
	GetTask(ctx context.Context, campaign, id string) (task.View, error)
	TaskEvents(ctx context.Context, campaign, task string) ([]task.Event, error)
	ClosedTimes(ctx context.Context, campaign string) ([]time.Time, error)
	Deadlines(ctx context.Context, campaign string) ([]time.Time, error)
	GetPerson(ctx context.Context, id string) (store.Person, error)
	PeopleByID(ctx context.Context, ids []string) (map[string]store.Person, error)
	// Signing in checks a token and opens a session (session.go); signing
	// out ends the session, not the token.
	PersonByToken(ctx context.Context, hash string, now time.Time) (store.Person, store.TokenUse, error)
	OpenSession(ctx context.Context, hash string, s store.Session, detail map[string]any) error
	PersonBySession(ctx context.Context, hash string, now time.Time, idle time.Duration) (store.Person, error)
	EndSession(ctx context.Context, person, hash string, now time.Time) error
	// ListPeople and ListUnits are the reassign form's suggestions.
	ListPeople(ctx context.Context, limit int) ([]store.Person, error)
	ListUnits(ctx context.Context) ([]store.Unit, error)
	// A person's substitute windows (SPEC section 14, substitute.go).
	Substitutions(ctx context.Context, person string) ([]store.Substitution, error)
	AddSubstitution(ctx context.Context, w store.Substitution) (store.Substitution, bool, error)
	EndSubstitution(ctx context.Context, person string, now time.Time) (store.Substitution, error)
	// The signed-in person's tokens (account_page.go) and, for admins, the
	// audit log (audit_page.go): the store calls the API makes.
	IssueToken(ctx context.Context, t store.Token, hash string) error
	ListTokens(ctx context.Context, person string, now time.Time) ([]store.Token, error)
	RevokeToken(ctx context.Context, person, tokenID string, now time.Time) error
	AuditLog(ctx context.Context, f store.AuditFilter) ([]audit.Entry, string, error)
}

// Tasks acts on tasks; *taskops.Ops is the real one.
type Tasks interface {
	Live(ctx context.Context, campaign, task string) (task.View, error)
	Act(ctx context.Context, t task.View, a taskops.Action) (task.View, error)
}

// Options are the dashboard's dependencies.
type Options struct {
	Store    Store
	Temporal client.Client
	// Tasks overrides the taskops.Ops built from Store and Temporal (tests).
	Tasks  Tasks
	Logger *slog.Logger
	// Now is the clock (tests pin it); default time.Now.
	Now func() time.Time
	// APINotFound answers unknown paths under /api/ (the API's own 404),
	// since the dashboard takes over the engine's catch-all.
	APINotFound gin.HandlerFunc
	// Files keeps evidence files; nil offers no file forms.
	Files *files.Service
	// Guard limits, counts and records failed sign-ins per client address
	// (shared with the API); nil: one of the dashboard's own.
	Guard *auth.Guard
	// SecureCookies marks every cookie Secure, whatever the request says:
	// set when the dashboard's public address (CLOSEOUT_BASE_URL) is https,
	// since a proxy that ends TLS may not send X-Forwarded-Proto.
	SecureCookies bool
	// BaseURL is the dashboard's public address (CLOSEOUT_BASE_URL), which
	// the invitation links it shows start with; "" is the address the
	// browser reached, which behind a proxy may not be the public one.
	BaseURL string
	// Accounts signs people in with a password and serves invitation
	// links (accounts.go); nil builds one over Store when it keeps
	// passwords, with Guard.
	Accounts *accounts.Accounts
	// OIDC offers single sign-on with an OpenID Connect provider (oidc.go);
	// nil offers none.
	OIDC *OIDCOptions
	// Imports imports campaigns with the API's rules (api.Server's
	// Imports; import.go); nil offers no import page.
	Imports Imports
	// Adder adds a task from the board (add_task.go), as the API does;
	// nil offers no form.
	Adder TaskAdder
	// Scores reads a campaign's scores (scores.go), as the API answers
	// them; nil offers no scores page.
	Scores Scores
	// Calendars count a supervision sheet's working days to respond
	// (sheets.go); nil counts on cn as shipped.
	Calendars *planning.Calendars
}

// Dashboard serves the pages. Its handlers are methods on it.
type Dashboard struct {
	store       Store
	tasks       Tasks
	log         *slog.Logger
	now         func() time.Time
	apiNotFound gin.HandlerFunc
	files       *files.Service
	guard       *auth.Guard
	secure      bool
	baseURL     string
	accounts    *accounts.Accounts
	sso         *singleSignOn
	imports     Imports
	uploads     *pendingUploads
	adder       TaskAdder
	scores      Scores
	// sheets issues supervision sheets and sheetStore reads them; nil
	// when Store keeps none (sheets.go).
	sheets     *sheets.Issuer
	sheetStore sheetStore
}

// New builds a Dashboard.
func New(o Options) *Dashboard {
	d := &Dashboard{store: o.Store, tasks: o.Tasks, log: o.Logger, now: o.Now, apiNotFound: o.APINotFound, files: o.Files,
		secure: o.SecureCookies, baseURL: o.BaseURL, sso: newSingleSignOn(o.OIDC),
		imports: o.Imports, uploads: newPendingUploads(), adder: o.Adder, scores: o.Scores}
	if d.tasks == nil {
		d.tasks = &taskops.Ops{Store: o.Store, Temporal: o.Temporal}
	}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	if d.now == nil {
		d.now = time.Now
	}
	d.guard = o.Guard
	if d.guard == nil {
		recorder, _ := o.Store.(auth.AuditRecorder)
		d.guard = auth.NewGuard(nil, nil, recorder)
	}
	d.accounts = o.Accounts
	d.sheets, d.sheetStore = newIssuer(o.Store, o.Calendars, func() time.Time { return d.now() })
	if st, ok := o.Store.(accounts.Store); ok && d.accounts == nil {
		d.accounts = &accounts.Accounts{Store: st, Guard: d.guard, Now: func() time.Time { return d.now() }}
	}
	return d
}

// Mount adds the dashboard's routes to r, beside whatever r serves already
// (the API under /api/v1). Unknown paths get an HTML page, or under /api/
// the API's own answer (Options.APINotFound).
func (d *Dashboard) Mount(r *gin.Engine) {
	r.GET("/assets/*file", serveAsset)
	r.GET("/favicon.ico", serveFavicon)

	g := r.Group("/", securityHeaders, d.recoverPage, d.language)
	g.GET("/signin", d.signInForm)
	g.POST("/signin", d.signIn)
	d.accountRoutes(g)
	if d.sso != nil {
		g.GET("/auth/oidc/start", d.oidcStart)
		g.GET("/auth/oidc/callback", d.oidcCallback)
	}

	in := g.Group("/", d.requireSession, d.checkCSRF)
	in.POST("/signout", d.signOut)
	in.GET("/", d.campaigns)
	in.GET("/my", d.myTasks)
	in.GET("/search", d.searchPage)
	in.GET("/my/substitute", d.substitutePage)
	in.POST("/my/substitute", d.setSubstitute)
	in.POST("/my/substitute/end", d.endSubstitute)
	d.accountPageRoutes(in)
	in.GET("/audit", d.auditPage)
	in.GET("/campaigns/:campaign", d.board)
	in.GET("/campaigns/:campaign/burndown", d.burndownPage)
	in.GET("/campaigns/:campaign/gantt", d.ganttPage)
	in.GET("/campaigns/:campaign/units", d.rankingPage)
	if d.scores != nil {
		in.GET("/campaigns/:campaign/scores", d.scoresPage)
	}
	d.boardActionRoutes(in) // add a task, act on several (add_task.go, bulk.go)
	in.GET("/tasks/:campaign/:task", d.taskPage)
	in.POST("/tasks/:campaign/:task/:action", d.act)
	d.sheetRoutes(in) // supervision sheets (sheets.go)
	d.adminRoutes(in) // people and units (people_page.go, units_page.go)
	d.importRoutes(g, in)
	if d.files != nil {
		in.GET("/files/:file", d.downloadFile)
		// The upload streams its body and checks the CSRF token itself (files.go).
		g.POST("/tasks/:campaign/:task/files", d.requireSession, d.uploadFile)
	}

	r.NoRoute(securityHeaders, d.language, d.noRoute)
}
