package integration

import (
	"archive/zip"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// The board's campaign work in a real browser (SPEC section 17), at a
// desktop's width and at 390 px: the campaign's owner signs in, finds a
// task by a few characters of its Chinese title in the header's search
// box, downloads the live ledger with the session (an xlsx), adds a task
// with the board's form, ticks three tasks and reassigns them in one bulk
// action; the answer says three were done and the board shows their new
// owner. At 390 px each of those pages fits the screen.
func TestBoardActionsInBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	d := startDev(t, t.TempDir(), "", "--demo")
	var issued struct {
		Token string `json:"token"`
	}
	d.must(201, d.admin, "POST", "/api/v1/people/shegongbu/tokens", nil, &issued)

	var requests requestLog
	ctx, do := browserSteps(t, d, chromium, &requests)
	do("sign in as the campaign's owner",
		chromedp.Navigate(d.base+"/"),
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), issued.Token),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#me[data-person="shegongbu"]`)),
		// Headless Chromium asks for English; the office reads Chinese.
		chromedp.Navigate(d.base+"/?lang=zh"),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="zh-CN"]`)),
	)

	// Each width works on tasks of its own: the first pass's changes stay.
	for _, pass := range []struct {
		name          string
		width, height int64
		phone         bool
		search, found string
		add           string
		pick          []string
	}{
		{"desktop", 1280, 900, false, "一站式", "T25", "T31", []string{"T25", "T26", "T27"}},
		{"390 px", 390, 844, true, "网格化", "T28", "T32", []string{"T28", "T29", "T30"}},
	} {
		t.Logf("%s", pass.name)
		fits := func(page string) {
			if pass.phone {
				fitsThePhone(t, ctx, page)
			}
		}
		viewport := screenOf(pass.width, pass.height, pass.phone)
		do(pass.name+": open the board", viewport,
			chromedp.Navigate(d.base+"/campaigns/xmlc-demo"),
			chromedp.WaitVisible(chromedp.ID("bulk-form")),
		)
		fits("the board with its bulk form")

		do(pass.name+": search for "+pass.search,
			chromedp.SendKeys(chromedp.ID("search-q"), pass.search+"\n"),
			chromedp.WaitVisible(chromedp.CSS(`#search-results li.task[data-task="`+pass.found+`"]`)),
		)
		fits("the search results")

		do(pass.name+": back to the board", chromedp.Navigate(d.base+"/campaigns/xmlc-demo"), chromedp.WaitVisible(chromedp.ID("download-ledger")))
		if sheets := downloadLedger(t, ctx, do); !slices.Contains(sheets, "xl/workbook.xml") {
			t.Fatalf("%s: the board's ledger download is not an xlsx workbook: %v", pass.name, sheets)
		}

		title := "建立村(社区)减负监测台账 " + pass.add
		do(pass.name+": open the add-task form",
			chromedp.Click(chromedp.ID("add-task")),
			chromedp.WaitVisible(chromedp.ID("add-form")),
		)
		fits("the add-task form")
		do(pass.name+": add "+pass.add,
			chromedp.SetValue(chromedp.ID("add-id"), pass.add),
			chromedp.SetValue(chromedp.ID("add-track"), "changlu"),
			chromedp.SendKeys(chromedp.ID("add-title"), title),
			chromedp.SendKeys(chromedp.ID("add-owner"), "li"),
			chromedp.SendKeys(chromedp.ID("add-supervisor"), "zhao"),
			chromedp.Click(chromedp.ID("add-submit")),
			chromedp.WaitVisible(chromedp.CSS(`li.task[data-task="`+pass.add+`"]`)),
			chromedp.WaitVisible(chromedp.ID("flash")),
		)
		added, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`li.task[data-task="`+pass.add+`"] a`)))
		if err != nil || !strings.Contains(added, title) {
			t.Fatalf("%s: the board shows %s as %q (%v)", pass.name, pass.add, added, err)
		}

		steps := []chromedp.Action[chromedp.Void]{}
		for _, id := range pass.pick {
			steps = append(steps, chromedp.Click(chromedp.CSS(`input[form="bulk-form"][value="`+id+`"]`)))
		}
		steps = append(steps,
			chromedp.SendKeys(chromedp.ID("bulk-reason"), "工作调整,转王东同志办理"),
			chromedp.SendKeys(chromedp.ID("bulk-owner"), "wang"),
			chromedp.Click(chromedp.ID("bulk-reassign-submit")),
			chromedp.WaitVisible(chromedp.ID("bulk-summary")),
		)
		do(pass.name+": reassign "+strings.Join(pass.pick, ", ")+" to wang", steps...)
		fits("the bulk answer")
		summary, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
			const s = document.querySelector('#bulk-summary');
			return [s.dataset.done, s.dataset.refused, s.textContent.trim(),
				...[...document.querySelectorAll('#bulk-done li.task')].map(li => li.dataset.task + '=' + li.dataset.owner)];
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"3", "0", "3项已办理,0项未办理。"}
		for _, id := range pass.pick {
			want = append(want, id+"=wang")
		}
		if strings.Join(summary, " ") != strings.Join(want, " ") {
			t.Fatalf("%s: the bulk answer says %q, want %q", pass.name, summary, want)
		}

		do(pass.name+": the board after", chromedp.Click(chromedp.ID("back-to-board")), chromedp.WaitVisible(chromedp.ID("bulk-form")))
		for _, id := range pass.pick {
			owner, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`li.task[data-task="`+id+`"] .context`)))
			if err != nil || strings.TrimSpace(owner) != "王东" {
				t.Errorf("%s: the board shows %s's owner as %q (%v), want 王东", pass.name, id, owner, err)
			}
		}
	}
	for _, u := range requests.elsewhere(d.base) {
		t.Errorf("a page requested %s, outside the server %s", u, d.base)
	}
}

// downloadLedger clicks the board's live-ledger link as a person would, lets
// the browser save the file (with the session's cookie, as every download
// from the board) and lists the parts of the zip it saved.
func downloadLedger(t *testing.T, ctx context.Context, do func(string, ...chromedp.Action[chromedp.Void])) []string {
	t.Helper()
	dir := t.TempDir()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	do("download the live ledger",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true),
			})
			return err
		}),
		chromedp.Click(chromedp.ID("download-ledger")),
	)
	var saved string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("wait for the ledger download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the browser cancelled the ledger download")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			saved = filepath.Join(dir, ev.GUID)
			break
		}
	}
	z, err := zip.OpenReader(saved)
	if err != nil {
		t.Fatalf("the downloaded ledger is not a zip (an xlsx is one): %v", err)
	}
	var parts []string
	for _, f := range z.File {
		parts = append(parts, f.Name)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return parts
}
