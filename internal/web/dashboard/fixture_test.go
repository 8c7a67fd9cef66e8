package dashboard

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/web/api"
)

// The fixture: campaign c1 (owned by wang) in two tracks, three tasks (one
// closed and flagged, one submitted and waiting for zhao, one open owned by
// li, all supervised by zhao), people who hold none of their roles (zhou, and
// root, an admin), in a real SQLite projection.
var (
	testNow  = time.Date(2024, 6, 1, 4, 0, 0, 0, time.UTC)
	shanghai = mustLoad("Asia/Shanghai")
	day      = func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 23, 59, 59, 0, shanghai).UTC() }
	tokenOf  = map[string]string{"li": "co_li-token", "zhao": "co_zhao-token", "wang": "co_wang-token",
		"zhou": "co_zhou-token", "root": "co_root-token"}
	csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func milestones(state string) []task.MilestoneView {
	return []task.MilestoneView{
		{Name: "制定方案", Start: day(5, 6), Due: day(5, 10), State: state},
		{Name: "组织实施", Start: day(5, 13), Due: day(6, 7), State: task.MilestonePending},
		{Name: "验收销号", Start: day(6, 11), Due: day(6, 13), State: task.MilestonePending},
	}
}

func fixtureTasks() []task.View {
	closedAt := day(5, 20)
	submittedAt := day(5, 28)
	onTime := true
	base := task.View{
		Campaign: "c1", CampaignOwner: "wang", Owner: "li", Supervisor: "zhao", Approvers: []string{"zhao"},
		Deadline: day(6, 14), Version: 1,
	}
	t1, t2, t3 := base, base, base
	t1.ID, t1.Title, t1.Track, t1.Status, t1.Light = "T1", "清理借调人员", "t1", task.StatusClosed, task.LightDone
	t1.Flagged, t1.Leader, t1.Approvers = true, "wang", []string{"zhao", "wang"}
	t1.ClosedAt, t1.SubmittedAt, t1.ClosedOnTime = &closedAt, &closedAt, &onTime
	t1.Milestones = milestones(task.MilestoneReported)
	t2.ID, t2.Title, t2.Track, t2.Status, t2.Light = "T2", "编制工作事务清单", "t1", task.StatusSubmitted, task.LightGreen
	t2.CurrentApprover, t2.SubmittedAt = "zhao", &submittedAt
	t2.Milestones = milestones(task.MilestoneReported)
	t3.ID, t3.Title, t3.Track, t3.Status, t3.Light = "T3", "举办培训班", "t2", task.StatusOpen, task.LightYellow
	t3.Milestones = milestones(task.MilestoneMissed)
	t3.Deadline = day(7, 31)
	return []task.View{t1, t2, t3}
}

// fakeTasks stands in for the workflows: Live is taskops' own (it only reads
// the projection); Act checks the request on its own as taskops does (a
// missing reason is a 422), records it and, unless told to refuse, projects
// the task as the workflow would after an approval.
type fakeTasks struct {
	*taskops.Ops
	db     *store.DB
	mu     sync.Mutex
	acts   []taskops.Action
	refuse error
}

func (f *fakeTasks) Act(ctx context.Context, t task.View, a taskops.Action) (task.View, error) {
	if err := a.Kind.Rule(a.Request).Validate(); err != nil {
		return t, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.acts = append(f.acts, a)
	if f.refuse != nil {
		return t, f.refuse
	}
	if a.Kind.Name == task.Approve.Name {
		t.Status, t.Light, t.CurrentApprover, t.Version = task.StatusClosed, task.LightDone, "", t.Version+1
		closed := testNow
		t.ClosedAt = &closed
		if err := f.db.ProjectTask(ctx, task.ProjectionWrite{Task: t}); err != nil {
			return t, err
		}
	}
	return t, nil
}

func (f *fakeTasks) actions() []taskops.Action {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]taskops.Action{}, f.acts...)
}

type fixture struct {
	db      *store.DB
	tasks   *fakeTasks
	handler http.Handler
}

func newFixture(t *testing.T) *fixture { return newFixtureOn(t, storetest.SQLite) }

// newFixtureOn builds the fixture on a fresh database of kind.
func newFixtureOn(t testing.TB, kind string) *fixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, kind)
	people := []store.Person{{ID: "li", Name: "李明"}, {ID: "zhao", Name: "赵芳"}, {ID: "wang", Name: "王东"},
		{ID: "zhou", Name: "周杰"}, {ID: "root", Name: "管理员", Roles: []string{store.RoleAdmin}}}
	for _, p := range people {
		if p.Roles == nil {
			p.Roles = []string{store.RoleMember}
		}
		p.CreatedAt = testNow
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := db.AddToken(ctx, p.ID, auth.HashToken(tokenOf[p.ID]), testNow); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err := db.SaveCampaign(ctx, store.Campaign{
		ID: "c1", Title: "破解基层治理攻坚行动", Owner: "wang", Timezone: "Asia/Shanghai", Calendar: []byte(`"weekdays"`),
		Start: day(5, 1), Deadline: day(12, 31), Status: store.CampaignActive,
		Tracks: []store.Track{{ID: "t1", Title: "轻车"}, {ID: "t2", Title: "壮马"}}, CreatedAt: testNow,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range fixtureTasks() {
		w := task.ProjectionWrite{Task: tk, Events: []task.Event{
			{Seq: 1, At: day(5, 1), Actor: task.SystemActor, Type: task.EventCreated},
		}}
		if tk.Status != task.StatusOpen {
			w.Events = append(w.Events, task.Event{Seq: 2, At: *tk.SubmittedAt, Actor: "li", Type: task.EventSubmitted,
				Data: map[string]any{"note": "已完成", "approver": "zhao", "evidence": []any{
					map[string]any{"title": "完成情况报告", "url": "https://example.org/report"},
				}}})
		}
		if err := db.ProjectTask(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	tasks := &fakeTasks{Ops: &taskops.Ops{Store: db}, db: db}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	log := slog.New(slog.NewTextHandler(testLog{t}, nil))
	New(Options{Store: db, Tasks: tasks, Logger: log, Now: func() time.Time { return testNow }, APINotFound: api.NotFound}).Mount(r)
	return &fixture{db: db, tasks: tasks, handler: r}
}

// testLog sends the dashboard's log to the test's, so a 500 says why.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// browser is a client with a cookie jar over the handler, following no
// redirects so the tests see them.
type browser struct {
	t       testing.TB
	h       http.Handler
	cookies map[string]*http.Cookie
	header  http.Header
}

func (f *fixture) browser(t testing.TB) *browser {
	return &browser{t: t, h: f.handler, cookies: map[string]*http.Cookie{}, header: http.Header{}}
}

func (b *browser) do(method, path string, form url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return rec
}

func (b *browser) get(path string) *httptest.ResponseRecorder { return b.do("GET", path, nil) }

func (b *browser) post(path string, form url.Values) *httptest.ResponseRecorder {
	return b.do("POST", path, form)
}

// signIn goes through the sign-in form as person.
func (b *browser) signIn(person string) {
	b.t.Helper()
	form := b.get("/signin")
	m := csrfInput.FindStringSubmatch(form.Body.String())
	if m == nil {
		b.t.Fatalf("the sign-in form has no CSRF field:\n%s", form.Body)
	}
	rec := b.post("/signin", url.Values{"csrf": {m[1]}, "token": {tokenOf[person]}, "next": {"/"}})
	if rec.Code != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: %d\n%s", person, rec.Code, rec.Body)
	}
}

// csrf reads the CSRF field of the page at path.
func (b *browser) csrf(path string) string {
	b.t.Helper()
	rec := b.get(path)
	m := csrfInput.FindStringSubmatch(rec.Body.String())
	if m == nil {
		b.t.Fatalf("%s has no CSRF field (%d):\n%s", path, rec.Code, rec.Body)
	}
	return m[1]
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("the page lacks %q", w)
		}
	}
}
