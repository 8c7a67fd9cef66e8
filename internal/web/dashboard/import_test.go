package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/importing"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/formats/ledger/ledgertest"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
	"github.com/closeout/closeout/internal/web/api"
)

// workflowImports is the API's import use case over the fixture's store,
// with the import workflow played by the test: Begin stores the campaign
// (importing's own Persist) and keeps its specs; finish starts the tasks as
// the workflow would (projects them, then the campaign is active).
type workflowImports struct {
	api.Imports
	db *store.DB
	mu sync.Mutex
	// specs are the tasks of each campaign begun, until finished.
	specs map[string][]task.Spec
}

func (w *workflowImports) Begin(ctx context.Context, pl importing.Planned) (importing.Imported, error) {
	cp, created, err := (&importing.Importer{Store: w.db, Now: func() time.Time { return testNow }}).Persist(ctx, pl)
	if err != nil {
		return importing.Imported{}, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.specs[cp.ID] = pl.Specs
	return importing.Imported{Campaign: cp, Created: created}, nil
}

func (w *workflowImports) Progress(ctx context.Context, campaign string) (workflows.ImportProgress, error) {
	cp, err := w.db.GetCampaign(ctx, campaign)
	if err != nil {
		return workflows.ImportProgress{}, err
	}
	if cp.Status != store.CampaignImporting {
		return workflows.ImportProgress{Done: true}, nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return workflows.ImportProgress{Total: len(w.specs[campaign])}, nil
}

func (w *workflowImports) finish(t *testing.T, campaign string) {
	t.Helper()
	ctx := context.Background()
	w.mu.Lock()
	specs := w.specs[campaign]
	w.mu.Unlock()
	for _, v := range task.InitialViews(specs, testNow) {
		if err := w.db.ProjectTask(ctx, task.ProjectionWrite{Task: v}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.db.SetCampaignStatus(ctx, campaign, store.CampaignActive); err != nil {
		t.Fatal(err)
	}
}

// newImportFixture is the fixture with the import page.
func newImportFixture(t *testing.T) (*fixture, *workflowImports) {
	t.Helper()
	f := newFixture(t)
	clock := func() time.Time { return testNow }
	imports := &workflowImports{Imports: api.New(api.Options{Store: f.db, Now: clock}).Imports(), db: f.db, specs: map[string][]task.Spec{}}
	r := gin.New()
	New(Options{Store: f.db, Tasks: f.tasks, Now: clock, APINotFound: api.NotFound, Imports: imports}).Mount(r)
	f.handler = r
	return f, imports
}

// importCampaignSheet is the 活动 sheet of the test campaign imp1, owned by
// wang, on weekdays from 2024-06-03.
func importCampaignSheet() [][]any {
	return [][]any{
		{"字段", "值"},
		{"编号", "imp1"},
		{"名称", "台账导入测试"},
		{"负责人", "王东"},
		{"时区", "Asia/Shanghai"},
		{"日历", "weekdays"},
		{"开始日期", "2024-06-03"},
	}
}

var importTaskHeader = []any{"编号", "任务名称", "任务线", "责任单位", "督办人", "完成时限", "前置任务"}

// twoMistakes has a date that is no date (任务!F3) and an owner nobody is
// (任务!D4).
func twoMistakes(t *testing.T) []byte {
	return ledgertest.Workbook(t, importCampaignSheet(), [][]any{importTaskHeader,
		{"T1", "摸底调查", "摸底", "李明", "赵芳", "2024-09-30"},
		{"T2", "制定方案", "摸底", "李明", "赵芳", "2024-09-31", "T1"},
		{"T3", "组织实施", "实施", "张三", "赵芳", "2024-10-31", "T2"},
	})
}

// fixed is twoMistakes corrected: T2, which depends on T1, is due before
// T1 is, so the schedule pulls T1's deadline earlier.
func fixed(t *testing.T) []byte {
	return ledgertest.Workbook(t, importCampaignSheet(), [][]any{importTaskHeader,
		{"T1", "摸底调查", "摸底", "李明", "赵芳", "2024-09-30"},
		{"T2", "制定方案", "摸底", "李明", "赵芳", "2024-08-30", "T1"},
		{"T3", "组织实施", "实施", "李明", "赵芳", "2024-10-31", "T2"},
	})
}

var uploadInput = regexp.MustCompile(`name="upload" value="([^"]+)"`)

// A workbook with two mistakes is shown with each at its cell, in the
// reader's language, and offers no confirmation; the corrected one shows
// its tasks by track, the critical chain and the deadline the chain moved
// with why; confirming imports it, the progress page follows the import
// and ends on the board with the tasks.
func TestImportWorkbookThroughThePages(t *testing.T) {
	f, imports := newImportFixture(t)
	b := f.browser(t)
	b.signIn("root")
	if body := b.get("/").Body.String(); !strings.Contains(body, `id="new-campaign" href="/import"`) {
		t.Fatalf("the campaigns page offers an admin no new campaign:\n%s", body)
	}
	csrf := b.csrf("/import")

	rec := b.upload("/import", csrf, "台账.xlsx", twoMistakes(t))
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("two mistakes: %d, want 422\n%s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	mustContain(t, body, `id="import-errors" data-errors="2"`, `data-field="任务!F3"`, `data-field="任务!D4"`, "张三", "2024-09-31")
	if strings.Contains(body, `id="import-confirm-form"`) {
		t.Error("a workbook with mistakes can be confirmed")
	}

	rec = b.upload("/import", csrf, "台账.xlsx", fixed(t))
	if rec.Code != http.StatusOK {
		t.Fatalf("the fixed workbook: %d\n%s", rec.Code, rec.Body)
	}
	body = rec.Body.String()
	mustContain(t, body, `id="import-preview" data-campaign="imp1" data-tasks="3"`,
		`id="import-track-t1"`, `id="import-track-t2"`, "<td>李明</td>", `<tr data-task="T1" data-due="2024-08-29"`,
		`id="import-critical"`, `id="import-adjusted" data-adjusted="1"`,
		`<li data-task="T1" data-requested="2024-09-30" data-planned="2024-08-29">`, "T2 依赖本任务，最迟须于 2024-08-30 开始")
	if strings.Contains(body, `id="import-changes"`) {
		t.Error("a new campaign is shown what a re-import changes")
	}
	m := uploadInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the preview has no confirm form:\n%s", body)
	}
	if _, err := f.db.GetCampaign(context.Background(), "imp1"); err == nil {
		t.Fatal("the preview imported the campaign")
	}

	rec = b.post("/import/confirm", url.Values{"csrf": {csrf}, "upload": {m[1]}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/campaigns/imp1/importing" {
		t.Fatalf("confirm: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	rec = b.get("/campaigns/imp1/importing")
	if rec.Code != http.StatusOK {
		t.Fatalf("the progress page: %d\n%s", rec.Code, rec.Body)
	}
	mustContain(t, rec.Body.String(), `<progress id="import-progress" max="3" value="0"`, `data-poll="/campaigns/imp1/importing.json"`,
		`data-board="/campaigns/imp1"`, `<noscript><meta http-equiv="refresh"`, `<script src="/assets/import-progress.js`)
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("the progress page's CSP does not let its script ask for the progress: %q", csp)
	}
	rec = b.get("/campaigns/imp1/importing.json")
	if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != `{"total":3,"started":0,"done":false}` {
		t.Fatalf("progress: %d %s", rec.Code, rec.Body)
	}

	imports.finish(t, "imp1")
	rec = b.get("/campaigns/imp1/importing.json")
	if strings.TrimSpace(rec.Body.String()) != `{"total":0,"started":0,"done":true}` {
		t.Fatalf("progress once done: %s", rec.Body)
	}
	rec = b.get("/campaigns/imp1/importing")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/campaigns/imp1" {
		t.Fatalf("the progress page once done: %d %q, want the board", rec.Code, rec.Header().Get("Location"))
	}
	board := b.get("/campaigns/imp1").Body.String()
	mustContain(t, board, `data-task="T1"`, `data-task="T2"`, `data-task="T3"`, `id="reimport" href="/import?campaign=imp1"`)

	// The same workbook again is a re-import that changes nothing; one
	// with a task renamed and one more shows what would change, and is
	// refused on confirmation: an import does not replace a campaign's plan.
	rec = b.upload("/import", csrf, "台账.xlsx", fixed(t))
	mustContain(t, rec.Body.String(), `id="import-changes" data-added="0" data-changed="0" data-removed="0" data-unchanged="3"`)
	rec = b.upload("/import", csrf, "台账.xlsx", ledgertest.Workbook(t, importCampaignSheet(), [][]any{importTaskHeader,
		{"T1", "全面摸底调查", "摸底", "李明", "赵芳", "2024-09-30"},
		{"T2", "制定方案", "摸底", "李明", "赵芳", "2024-08-30", "T1"},
		{"T3", "组织实施", "实施", "李明", "赵芳", "2024-10-31", "T2"},
		{"T4", "总结验收", "实施", "李明", "赵芳", "2024-11-29", "T3"},
	}))
	body = rec.Body.String()
	mustContain(t, body, `id="import-changes" data-added="1" data-changed="1" data-removed="0" data-unchanged="2"`, `data-task="T1">T1</span> <span class="muted">(title)`)
	m = uploadInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the re-import's preview has no confirm form:\n%s", body)
	}
	rec = b.post("/import/confirm", url.Values{"csrf": {csrf}, "upload": {m[1]}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "该行动已按另一版计划导入") {
		t.Fatalf("confirming another plan for imp1: %d\n%s", rec.Code, rec.Body)
	}
}

// The two mistakes in English and in Chinese, each in the reader's
// language. The Chinese wording is the ledger's, from internal/i18n's
// catalogue: its sentences for a bad date and an unknown name arrive with
// the branch helper-lang-domain, and until that is merged the zh case fails
// on them (the English sentence shows in their place).
func TestImportErrorsInTheReadersLanguage(t *testing.T) {
	f, _ := newImportFixture(t)
	for _, tc := range []struct {
		lang  string
		wants []string
	}{
		{"en", []string{"The ledger has mistakes", "任务!F3", "任务!D4"}},
		{"zh", []string{"台账有误", "任务!F3", "不是有效日期", "任务!D4", "不是已知的人员或单位"}},
	} {
		b := f.browser(t)
		b.signIn("root")
		b.get("/import?lang=" + tc.lang)
		rec := b.upload("/import", b.csrf("/import"), "台账.xlsx", twoMistakes(t))
		mustContain(t, rec.Body.String(), tc.wants...)
	}
}

// Only a manager or an admin imports, as in the API: anyone else is
// offered no link and refused the page, the upload and the progress.
func TestImportOnlyForManagers(t *testing.T) {
	f, _ := newImportFixture(t)
	b := f.browser(t)
	b.signIn("wang") // owns c1, but is a member
	if body := b.get("/").Body.String(); strings.Contains(body, "new-campaign") {
		t.Error("a member is offered a new campaign")
	}
	if body := b.get("/campaigns/c1").Body.String(); strings.Contains(body, `id="reimport"`) {
		t.Error("a member is offered a re-import")
	}
	for _, path := range []string{"/import", "/campaigns/c1/importing", "/campaigns/c1/importing.json"} {
		if rec := b.get(path); rec.Code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", path, rec.Code)
		}
	}
	rec := b.upload("/import", b.csrf("/"), "plan.xlsx", fixed(t))
	if rec.Code != http.StatusForbidden {
		t.Errorf("upload: %d, want 403", rec.Code)
	}
}

// The upload checks its CSRF field; a confirmation needs the id of a
// preview of the same person's.
func TestImportFormsAreTheSessions(t *testing.T) {
	f, _ := newImportFixture(t)
	b := f.browser(t)
	b.signIn("root")
	if rec := b.upload("/import", "forged", "plan.xlsx", fixed(t)); rec.Code != http.StatusForbidden {
		t.Errorf("an upload without the session's CSRF: %d, want 403", rec.Code)
	}
	csrf := b.csrf("/import")
	rec := b.post("/import/confirm", url.Values{"csrf": {csrf}, "upload": {"made-up"}})
	if rec.Code != http.StatusGone {
		t.Errorf("confirming no preview: %d, want 410", rec.Code)
	}
	if rec := b.upload("/import", csrf, "plan.txt", []byte("id: x")); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "无法识别该文件") {
		t.Errorf("a .txt file: %d\n%s", rec.Code, rec.Body)
	}
}
