package dashboard

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/web/api"
)

// boardFixture is the fixture with the board's forms wired as cmd/closeout
// wires them: adding goes through the real planning.Adder and planner over
// campaign c2's stored plan (owned by wang), with a creator that projects
// the new task as its workflow would; acting refuses the tasks in refuse,
// with their error, and applies a reassignment to the others.
type boardFixture struct {
	*fixture
	created *recordingCreator
	refuse  map[string]error
}

const boardPlan = `{"id":"c2","title":"基层减负专项","owner":"wang","timezone":"Asia/Shanghai","calendar":"weekdays",
	"start":"2024-05-01","deadline":"2024-12-31","phases":[{"name":"制定方案","workdays":5},{"name":"组织实施","workdays":10}],
	"tracks":[{"id":"q","title":"轻车","tasks":[{"id":"B1","title":"清理村级台账","owner":"li","supervisor":"zhao"}]},
	          {"id":"z","title":"壮马","tasks":[]}]}`

func newBoardFixture(t *testing.T) *boardFixture {
	t.Helper()
	f := &boardFixture{fixture: newFixture(t), created: &recordingCreator{}, refuse: map[string]error{}}
	ctx := context.Background()
	_, _, err := f.db.SaveCampaign(ctx, store.Campaign{
		ID: "c2", Title: "基层减负专项", Owner: "wang", Timezone: "Asia/Shanghai", Calendar: []byte(`"weekdays"`),
		Start: day(5, 1), Deadline: day(12, 31), Status: store.CampaignActive, PlanHash: "c2-plan",
		Tracks: []store.Track{{ID: "q", Title: "轻车"}, {ID: "z", Title: "壮马"}}, Plan: []byte(boardPlan), CreatedAt: testNow,
	})
	if err != nil {
		t.Fatal(err)
	}
	f.created.db = f.db
	adder := &planning.Adder{Planner: planning.New(f.db, nil), Tasks: f.created, Directory: f.db}
	r := gin.New()
	New(Options{Store: f.db, Tasks: &bulkTasks{fakeTasks: f.tasks, refuse: f.refuse}, Adder: adder,
		Logger: slog.New(slog.NewTextHandler(testLog{t}, nil)), Now: func() time.Time { return testNow }, APINotFound: api.NotFound}).Mount(r)
	f.handler = r
	return f
}

// recordingCreator stands in for taskops' update-with-start: it keeps the
// spec and projects the task open.
type recordingCreator struct {
	db    *store.DB
	mu    sync.Mutex
	specs []task.Spec
}

func (r *recordingCreator) Create(ctx context.Context, spec task.Spec) (task.View, error) {
	r.mu.Lock()
	r.specs = append(r.specs, spec)
	r.mu.Unlock()
	v := task.View{Campaign: spec.Campaign, ID: spec.ID, Title: spec.Title, Track: spec.Track, CampaignOwner: spec.CampaignOwner,
		Owner: spec.Owner, Supervisor: spec.Supervisor, Approvers: spec.Approvers, Flagged: spec.Flagged, Leader: spec.Leader,
		Deadline: spec.Deadline, Status: task.StatusOpen, Light: task.LightGreen, Version: 1}
	return v, r.db.ProjectTask(ctx, task.ProjectionWrite{Task: v})
}

func (r *recordingCreator) all() []task.Spec {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]task.Spec{}, r.specs...)
}

// bulkTasks refuses the tasks it is told to, and projects a reassignment
// of the others as the workflow would.
type bulkTasks struct {
	*fakeTasks
	refuse map[string]error
}

func (b *bulkTasks) Act(ctx context.Context, t task.View, a taskops.Action) (task.View, error) {
	if err := b.refuse[t.ID]; err != nil {
		return t, err
	}
	view, err := b.fakeTasks.Act(ctx, t, a)
	if err != nil {
		return view, err
	}
	if r, ok := a.Request.(*task.ReassignRequest); ok {
		view.Owner, view.Version = r.Owner, view.Version+1
		err = b.db.ProjectTask(ctx, task.ProjectionWrite{Task: view})
	}
	return view, err
}

var addTaskID = regexp.MustCompile(`name="id" id="add-id"[^>]* value="(add-[0-9a-f]{8})"`)

// The board offers the add-task form to the campaign's owner only; the form
// suggests a task id; a task without a title, with an owner and approver
// nobody is, a date that is no date, flagged without a leader, comes back
// with each problem beside its field and nothing created.
func TestAddTaskFormShowsFieldErrors(t *testing.T) {
	f := newBoardFixture(t)
	li := f.browser(t)
	li.signIn("li")
	if body := li.get("/campaigns/c2").Body.String(); strings.Contains(body, `id="add-task"`) {
		t.Error("the board offers li, who neither owns nor manages c2, the add-task form")
	}
	if rec := li.get("/campaigns/c2/add"); rec.Code != http.StatusForbidden {
		t.Errorf("li opens the add-task form: %d", rec.Code)
	}

	b := f.browser(t)
	b.signIn("wang")
	mustContain(t, b.get("/campaigns/c2").Body.String(), `id="add-task" href="/campaigns/c2/add"`)
	form := b.get("/campaigns/c2/add")
	if form.Code != http.StatusOK || !addTaskID.MatchString(form.Body.String()) {
		t.Fatalf("the add-task form: %d, no suggested id\n%s", form.Code, form.Body)
	}
	csrf := b.csrf("/campaigns/c2/add")
	rec := b.post("/campaigns/c2/add", url.Values{"csrf": {csrf}, "id": {"N1"}, "track": {"q"}, "title": {"  "},
		"owner": {"nobody"}, "deadline": {"2024-13-45"}, "approvers": {"zhao, ghost"}, "flagged": {"yes"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a bad task: %d\n%s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	for _, field := range []string{"title", "owner", "deadline", "approvers", "leader"} {
		if !regexp.MustCompile(`id="problem-` + field + `">[^<]+</p>`).MatchString(body) {
			t.Errorf("no problem beside %s", field)
		}
	}
	mustContain(t, body, `value="nobody" aria-invalid="true"`, `value="zhao, ghost" aria-invalid="true"`, "ghost", `id="add-flagged" value="yes" checked`)
	if strings.Contains(body, `id="problem-id"`) || strings.Contains(body, `id="problem-track"`) {
		t.Error("a good id or track is marked wrong")
	}
	if got := f.created.all(); len(got) != 0 {
		t.Fatalf("a refused form created %v", got)
	}
}

// A good form adds the task through the use case the API shares, and the
// board shows it; the same form again adds nothing new. Typed text is
// escaped on the way back.
func TestAddTaskFromTheBoard(t *testing.T) {
	f := newBoardFixture(t)
	b := f.browser(t)
	b.signIn("wang")
	csrf := b.csrf("/campaigns/c2/add")
	form := url.Values{"csrf": {csrf}, "id": {"N1"}, "track": {"z"}, "title": {"建立<村级>减负监测台账"},
		"owner": {"li"}, "deadline": {"2024-09-30"}, "supervisor": {"zhao"}, "approvers": {"zhao、wang"},
		"flagged": {"yes"}, "leader": {"wang"}}
	rec := b.post("/campaigns/c2/add", form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/campaigns/c2?added=N1" {
		t.Fatalf("add N1: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	specs := f.created.all()
	if len(specs) != 1 {
		t.Fatalf("created %d tasks, want 1", len(specs))
	}
	s := specs[0]
	if s.ID != "N1" || s.Track != "z" || s.Owner != "li" || s.Supervisor != "zhao" || !s.Flagged || s.Leader != "wang" ||
		strings.Join(s.Approvers, ",") != "zhao,wang" || s.CampaignOwner != "wang" || !s.Deadline.Equal(day(9, 30)) {
		t.Fatalf("the spec is not the form's: %+v", s)
	}
	board := b.get(rec.Header().Get("Location")).Body.String()
	mustContain(t, board, `id="flash"`, "任务已新增", `data-task="N1"`, "建立&lt;村级&gt;减负监测台账")

	// Zhou neither owns c2 nor manages: the use case refuses a post
	// the page would not have offered.
	zhou := f.browser(t)
	zhou.signIn("zhou")
	form.Set("csrf", zhou.csrf("/campaigns/c1"))
	form.Set("id", "N2")
	if rec := zhou.post("/campaigns/c2/add", form); rec.Code != http.StatusForbidden {
		t.Errorf("zhou adds to c2: %d", rec.Code)
	}
	if n := len(f.created.all()); n != 1 {
		t.Errorf("%d tasks created, want still 1", n)
	}
}

// Bulk: three tasks ticked, one finished and one the rules refuse; the
// third is reassigned, and the answer lists each with why, in the reader's
// language. One refusal does not stop the rest.
func TestBulkReassignListsRefusals(t *testing.T) {
	f := newBoardFixture(t)
	f.refuse["T2"] = &task.RuleError{Type: task.ErrTypeForbidden, Message: "only the supervisor may", Zh: "只有督办人可以转办"}
	b := f.browser(t)
	b.signIn("zhao")
	board := b.get("/campaigns/c1").Body.String()
	mustContain(t, board, `id="bulk-form"`, `form="bulk-form" name="task" value="T2"`, `form="bulk-form" name="task" value="T3"`)
	if strings.Contains(board, `name="task" value="T1"`) {
		t.Error("the closed T1 has a checkbox")
	}
	csrf := b.csrf("/campaigns/c1")
	form := url.Values{"csrf": {csrf}, "form_id": {"bulkformid-0123456789"}, "action": {"reassign"},
		"task": {"T1", "T2", "T3"}, "owner": {"zhou"}, "reason": {"工作调整"}}
	rec := b.post("/campaigns/c1/bulk", form)
	if rec.Code != http.StatusOK {
		t.Fatalf("bulk reassign: %d\n%s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	mustContain(t, body, `data-done="1" data-refused="2"`, "1项已办理,2项未办理",
		`<li class="task light-yellow" data-task="T3" data-owner="zhou">`, "周杰",
		"只有督办人可以转办", "任务已办结")
	refused := body[strings.Index(body, `id="bulk-refused"`):]
	mustContain(t, refused, `data-task="T1"`, `data-task="T2"`)
	acts := f.tasks.actions()
	if len(acts) != 1 {
		t.Fatalf("acted %d times, want once (T3)", len(acts))
	}
	r := acts[0].Request.(*task.ReassignRequest)
	if r.Owner != "zhou" || r.Reason != "工作调整" || r.Actor.ID != "zhao" || acts[0].ID != "dashboard-bulk-reassign-bulkformid-0123456789" {
		t.Fatalf("the action sent: %+v %+v", acts[0], r)
	}
	if v, _ := f.db.GetTask(context.Background(), "c1", "T3"); v.Owner != "zhou" {
		t.Fatalf("T3's owner is %q", v.Owner)
	}

	b.header.Set("Accept-Language", "en")
	b.cookies[langCookie] = &http.Cookie{Name: langCookie, Value: "en"}
	body = b.post("/campaigns/c1/bulk", form).Body.String()
	mustContain(t, body, "only the supervisor may", "Not allowed:", "The task has finished")
}

// A bulk form that cannot be sent as it is comes back as the board, with
// the problem beside its field and the ticks kept, and nothing is sent.
func TestBulkFormFieldErrors(t *testing.T) {
	f := newBoardFixture(t)
	b := f.browser(t)
	b.signIn("zhao")
	csrf := b.csrf("/campaigns/c1")
	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
	}{
		{"nothing ticked", url.Values{"action": {"reassign"}, "owner": {"zhou"}, "reason": {"r"}}, "task"},
		{"no owner", url.Values{"action": {"reassign"}, "task": {"T3"}, "reason": {"r"}}, "owner"},
		{"no reason", url.Values{"action": {"reassign"}, "task": {"T3"}, "owner": {"zhou"}}, "reason"},
		{"no date", url.Values{"action": {"extend"}, "task": {"T3"}, "deadline": {"2024-02-30"}, "reason": {"r"}}, "deadline"},
		{"NUL in the reason", url.Values{"action": {"reassign"}, "task": {"T3"}, "owner": {"zhou"}, "reason": {"a\x00b"}}, "reason"},
		{"too many", url.Values{"action": {"reassign"}, "task": manyTasks(maxBulkTasks + 1), "owner": {"zhou"}, "reason": {"r"}}, "task"},
	} {
		tc.form.Set("csrf", csrf)
		rec := b.post("/campaigns/c1/bulk", tc.form)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", tc.name, rec.Code)
			continue
		}
		body := rec.Body.String()
		if !regexp.MustCompile(`id="problem-` + tc.field + `">[^<]+</p>`).MatchString(body) {
			t.Errorf("%s: no problem beside %s", tc.name, tc.field)
		}
		if len(tc.form["task"]) > 0 && !strings.Contains(body, `value="T3" checked`) {
			t.Errorf("%s: the tick on T3 was lost", tc.name)
		}
		mustContain(t, body, `id="campaign-totals"`)
	}
	// From one track's page, the refused form shows that track again.
	mustContain(t, b.get("/campaigns/c1?track=t2").Body.String(), `action="/campaigns/c1/bulk?track=t2"`)
	rec := b.post("/campaigns/c1/bulk?track=t2", url.Values{"csrf": {csrf}, "action": {"reassign"}, "task": {"T3"}})
	if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || strings.Contains(body, `id="track-t1"`) || !strings.Contains(body, `value="T3" checked`) {
		t.Errorf("a refused post from track t2's page: %d, or not that page with T3 ticked", rec.Code)
	}
	if rec := b.post("/campaigns/c1/bulk", url.Values{"csrf": {csrf}, "action": {"cancel"}, "task": {"T3"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("a bulk cancel: %d", rec.Code)
	}
	if acts := f.tasks.actions(); len(acts) != 0 {
		t.Fatalf("refused forms sent %v", acts)
	}
}

// manyTasks is T3 and more task ids, n in all.
func manyTasks(n int) []string {
	ids := []string{"T3"}
	for i := 1; len(ids) < n; i++ {
		ids = append(ids, "X"+strconv.Itoa(i))
	}
	return ids
}
