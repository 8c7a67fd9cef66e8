package api

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/activities"
	"github.com/closeout/closeout/internal/temporal/devserver"
	"github.com/closeout/closeout/internal/temporal/worker"
)

// fuzzWorld is closeout running for real behind one API router: an embedded
// Temporal server, a worker with every workflow and activity, and a SQLite
// projection, seeded with people, their tokens and two campaigns. The fuzz
// targets send their inputs through the router, so a body goes wherever a
// real one would, down to the task workflows.
type fuzzWorld struct {
	router   http.Handler
	db       *store.DB
	temporal client.Client
	planner  *planning.Planner
	tokens   map[string]string // person id → bearer token
}

// The world is built once per test process and shared by every fuzz target:
// starting Temporal costs seconds, and the seed corpora of all targets run in
// one process under `go test`. TestMain stops it.
var (
	worldOnce sync.Once
	world     *fuzzWorld
	worldErr  error
	worldStop []func()
)

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(worldStop) - 1; i >= 0; i-- {
		worldStop[i]()
	}
	os.Exit(code)
}

// The people of the fixtures and their roles.
var fuzzPeople = map[string]string{
	"admin": store.RoleAdmin, "boss": store.RoleManager,
	"li": store.RoleMember, "zhao": store.RoleMember, "wang": store.RoleMember, "chen": store.RoleMember,
}

// sharedWorld returns the world, building it on first use, or fails f. In
// the coordinating process of `go test -fuzz` (which only hands inputs to
// worker processes and never runs them) it returns nil without building one.
func sharedWorld(f *testing.F) *fuzzWorld {
	f.Helper()
	if fuzzCoordinator(f.Name()) {
		return nil
	}
	worldOnce.Do(func() { world, worldErr = buildWorld() })
	if worldErr != nil {
		f.Fatalf("build the fuzz world: %v", worldErr)
	}
	return world
}

// fuzzCoordinator reports whether this process coordinates fuzzing of target
// and will not run its inputs: -test.fuzz selects it, this is not a fuzz
// worker, and -test.run does not also ask for its seed corpus (scripts/
// fuzz-short passes -run '^$'). A wrong "no" costs a world nobody uses; a
// wrong "yes" fails the seed run with "no world", never a fuzz worker.
func fuzzCoordinator(target string) bool {
	value := func(name string) string {
		if fl := flag.Lookup(name); fl != nil {
			return fl.Value.String()
		}
		return ""
	}
	fuzz, run := value("test.fuzz"), value("test.run")
	if fuzz == "" || value("test.fuzzworker") == "true" {
		return false
	}
	matches := func(pattern string) bool {
		ok, err := regexp.MatchString(pattern, target)
		return err == nil && ok
	}
	top, _, _ := strings.Cut(run, "/") // the part that selects top-level tests
	return matches(fuzz) && run != "" && !matches(top)
}

func buildWorld() (*fuzzWorld, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "closeout-api-fuzz-")
	if err != nil {
		return nil, err
	}
	worldStop = append(worldStop, func() { _ = os.RemoveAll(dir) }) // a temporary directory; the OS clears what is left

	srv, err := devserver.Start(devserver.Options{}) // Temporal in memory
	if err != nil {
		return nil, err
	}
	worldStop = append(worldStop, func() { _ = srv.Stop() }) // at exit: nothing waits for a clean stop
	tc, err := client.Dial(client.Options{HostPort: srv.Address(), Logger: sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler))})
	if err != nil {
		return nil, err
	}
	worldStop = append(worldStop, tc.Close)

	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "closeout.db"))
	if err != nil {
		return nil, err
	}
	worldStop = append(worldStop, func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		return nil, err
	}

	// The worker as cmd/closeout builds it, without notifiers: deliveries
	// are not what these tests look at.
	planner := planning.New(db, tc)
	wk := worker.New(tc, &activities.Activities{
		Store: db, Replanner: planner, Importer: planner, ImportStore: db, Temporal: tc, Reports: db,
	})
	if err := wk.Start(); err != nil {
		return nil, err
	}
	worldStop = append(worldStop, wk.Stop)

	w := &fuzzWorld{
		router:   New(Options{Store: db, Temporal: tc, Planner: planner}).Handler(),
		db:       db,
		temporal: tc,
		planner:  planner,
		tokens:   map[string]string{},
	}
	if err := w.seed(ctx); err != nil {
		return nil, err
	}
	return w, nil
}

// seed creates the people (each with a token, and a Slack account U_<ID>)
// and imports the campaigns the targets act on, through the API itself.
func (w *fuzzWorld) seed(ctx context.Context) error {
	now := time.Now()
	for id, role := range fuzzPeople {
		p := store.Person{ID: id, Name: "Person " + id, SlackID: "U_" + strings.ToUpper(id), Roles: []string{role}, CreatedAt: now}
		if err := w.db.CreatePerson(ctx, p); err != nil {
			return err
		}
		token := auth.NewToken()
		if err := w.db.AddToken(ctx, id, auth.HashToken(token), now); err != nil {
			return err
		}
		w.tokens[id] = token
	}
	for _, body := range []string{fixturePlan(fixtureCampaign, append(actionTasks(), slackTask)...), fixturePlan(addTaskCampaign, addTaskBase)} {
		if r := w.send("boss", "POST", "/api/v1/campaigns", "application/json", []byte(body)); r.Code != http.StatusCreated {
			return fmt.Errorf("import a fixture campaign: %d %s", r.Code, r.Body)
		}
	}
	return w.prepareActionTasks()
}

// fixturePlan is a campaign owned by boss with one task per id, owned by li,
// supervised by zhao, signed off by zhao then wang, due far ahead so that no
// timer fires while the tests run.
func fixturePlan(campaign string, taskIDs ...string) string {
	tasks := ""
	for i, id := range taskIDs {
		if i > 0 {
			tasks += ","
		}
		tasks += fmt.Sprintf(`{"id":%q,"title":"task %s","owner":"li","supervisor":"zhao","approvers":["zhao","wang"],"deadline":"2099-12-31"}`, id, id)
	}
	return fmt.Sprintf(`{"id":%q,"title":"fuzz %s","owner":"boss","timezone":"Asia/Shanghai","calendar":"none","start":"2026-01-01",
		"phases":[{"name":"plan","workdays":5},{"name":"do","workdays":20}],
		"tracks":[{"id":"a","title":"Track A","tasks":[%s]}]}`, campaign, campaign, tasks)
}

const (
	// fixtureCampaign holds one task per action target.
	fixtureCampaign = "fz"
	// addTaskCampaign is the one tasks are added to, apart, so that a new
	// task's dependencies cannot move the action targets' deadlines.
	addTaskCampaign = "fz-add"
	addTaskBase     = "base"
)
