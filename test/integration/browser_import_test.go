package integration

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/closeout/closeout/internal/formats/ledger/ledgertest"
)

// A manager starts a campaign from a workbook in the browser, at a desktop
// width and on a 390 px phone: the first workbook has two mistakes (a date
// that is no date, an owner nobody is) and the preview lists both at their
// cells; the corrected one previews clean, with the deadline the critical
// chain moved and why; confirming imports it, shows the import's progress
// and ends on the board with its tasks.
func TestImportCampaignInBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	d := startDev(t, t.TempDir(), "")
	manager := d.person("mgr", "manager")
	d.person("li")
	d.person("zhao")

	for _, screen := range []struct {
		name          string
		width, height int64
		phone         bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		t.Run(screen.name, func(t *testing.T) {
			campaign := "imp-" + screen.name
			dir := t.TempDir()
			wrong := filepath.Join(dir, "台账-有误.xlsx")
			right := filepath.Join(dir, "台账.xlsx")
			writeFile(t, wrong, importWorkbook(t, campaign, true))
			writeFile(t, right, importWorkbook(t, campaign, false))

			var requests requestLog
			ctx, do := browserSteps(t, d, chromium, &requests)
			do("size the screen", screenOf(screen.width, screen.height, screen.phone))
			checkWidth := func(page string) {
				if screen.phone {
					fitsThePhone(t, ctx, page)
				}
			}
			do("sign in as the manager",
				chromedp.Navigate(d.base+"/"),
				chromedp.WaitVisible(chromedp.ID("token")),
				chromedp.SendKeys(chromedp.ID("token"), manager),
				chromedp.Click(chromedp.ID("signin-submit")),
				chromedp.WaitVisible(chromedp.CSS(`#me[data-person="mgr"]`)),
			)
			do("open the import page",
				chromedp.Click(chromedp.ID("new-campaign")),
				chromedp.WaitVisible(chromedp.ID("import-form")),
			)
			checkWidth("the import page")

			do("upload the workbook with two mistakes",
				chromedp.SetUploadFiles(chromedp.CSS(`#import-form input[type="file"]`), []string{wrong}),
				chromedp.Click(chromedp.ID("import-submit")),
				chromedp.WaitVisible(chromedp.ID("import-errors")),
			)
			cells, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
				`[...document.querySelectorAll('#import-errors li[data-field]')].map(li => li.dataset.field)`))
			if err != nil || strings.Join(cells, " ") != "任务!F3 任务!D4" {
				t.Fatalf("the errors are at %v (%v), want 任务!F3 and 任务!D4", cells, err)
			}
			confirms, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#import-confirm').length`))
			if err != nil || confirms != 0 {
				t.Fatalf("a workbook with mistakes offers %d confirmations (%v)", confirms, err)
			}
			checkWidth("the import page with errors")
			screenshot(t, ctx, os.Getenv("CLOSEOUT_SCREENSHOTS"), screen.name+"-errors")

			do("upload the corrected workbook",
				chromedp.SetUploadFiles(chromedp.CSS(`#import-form input[type="file"]`), []string{right}),
				chromedp.Click(chromedp.ID("import-submit")),
				chromedp.WaitVisible(chromedp.ID("import-preview")),
			)
			adjusted, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#import-adjusted li')]
				.map(li => [li.dataset.task, li.dataset.requested, li.dataset.planned, li.querySelector('.because').textContent].join(' '))`))
			// The reason is in the browser's language, English or Chinese.
			becauseOfT2 := func(line string) bool {
				return strings.Contains(line, "T2 depends on it") || strings.Contains(line, "T2 依赖本任务")
			}
			if err != nil || len(adjusted) != 1 || !strings.HasPrefix(adjusted[0], "T1 ") || !becauseOfT2(adjusted[0]) {
				t.Fatalf("deadlines moved: %q (%v), want T1's, because of T2", adjusted, err)
			}
			errorsShown, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#import-errors').length`))
			if err != nil || errorsShown != 0 {
				t.Fatalf("the corrected workbook shows errors (%v)", err)
			}
			checkWidth("the preview")
			screenshot(t, ctx, os.Getenv("CLOSEOUT_SCREENSHOTS"), screen.name+"-preview")

			// The progress page moves on to the board by itself (its script,
			// or its refresh without one) once the import is done; a few
			// dozen tasks may be done before it shows, so the test waits for
			// the board and then reads where the browser went.
			do("confirm, follow the import and land on the board",
				chromedp.Click(chromedp.ID("import-confirm")),
				chromedp.WaitVisible(chromedp.CSS(`li.task[data-task="T1"]`)),
				chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#campaign-totals[data-total="%d"]`, importTasks))),
			)
			if path, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`)); err != nil || path != "/campaigns/"+campaign {
				t.Fatalf("the import ended on %q (%v), want the board", path, err)
			}
			checkWidth("the board")
			progressPage, polled := false, 0
			for _, u := range requests.all() {
				progressPage = progressPage || strings.HasSuffix(u, "/campaigns/"+campaign+"/importing")
				if strings.HasSuffix(u, "/campaigns/"+campaign+"/importing.json") {
					polled++
				}
			}
			if !progressPage {
				t.Fatalf("the confirmation did not go through the progress page: %v", requests.all())
			}
			t.Logf("the progress page asked for the import's progress %d times", polled)
		})
	}
}

// importTasks is how many tasks the corrected workbook has: the three the
// test reads and filler, so that the import takes long enough to be seen.
const importTasks = 3 + 30

// importWorkbook is a campaign starting next week on weekdays: T1, T2
// (depending on T1 and due before it, so the schedule pulls T1's deadline
// earlier) and T3; with mistakes, T2's deadline is no date (任务!F3) and
// T3's owner is nobody (任务!D4).
func importWorkbook(t *testing.T, campaign string, mistakes bool) []byte {
	start := time.Now().AddDate(0, 0, 7)
	day := func(days int) string { return start.AddDate(0, 0, days).Format("2006-01-02") }
	t2Due, t3Owner := day(60), "li"
	if mistakes {
		t2Due, t3Owner = "2031-09-31", "张三"
	}
	tasks := [][]any{
		{"编号", "任务名称", "任务线", "责任单位", "督办人", "完成时限", "前置任务"},
		{"T1", "摸底调查", "摸底", "li", "zhao", day(120)},
		{"T2", "制定方案", "摸底", "li", "zhao", t2Due, "T1"},
		{"T3", "组织实施", "实施", t3Owner, "zhao", day(150), "T2"},
	}
	for i := 4; i <= importTasks; i++ {
		tasks = append(tasks, []any{fmt.Sprintf("T%d", i), fmt.Sprintf("常规任务%d", i), "实施", "li", "zhao", day(160)})
	}
	return ledgertest.Workbook(t, [][]any{
		{"字段", "值"},
		{"编号", campaign},
		{"名称", "浏览器导入测试"},
		{"负责人", "mgr"},
		{"时区", "Asia/Shanghai"},
		{"日历", "weekdays"},
		{"开始日期", day(0)},
	}, tasks)
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
