package integration

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// phoneWidth is the narrowest phone in common use (an iPhone SE or mini
// held upright), in CSS pixels.
const phoneWidth = 375

// A task owner works from a phone: chen signs in on a 375 px wide screen,
// finds the board, "my tasks" and a task page each within the screen's
// width with every button big enough to tap, uploads a scanned document to
// T18, and submits T18 with it as evidence.
func TestDashboardOnAPhone(t *testing.T) {
	chromium := chromiumPath(t)
	d := startDev(t, t.TempDir(), "", "--demo")
	var issued struct {
		Token string `json:"token"`
	}
	d.must(201, d.admin, "POST", "/api/v1/people/chen/tokens", nil, &issued)
	scan := filepath.Join(t.TempDir(), "培训签到表.pdf")
	if err := os.WriteFile(scan, []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	var requests requestLog
	ctx, do := browserSteps(t, d, chromium, &requests)

	do("hold the phone upright",
		chromedp.EmulateViewport(phoneWidth, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	do("sign in",
		chromedp.Navigate(d.base+"/"),
		chromedp.WaitVisible(chromedp.ID("token")),
	)
	fitsThePhone(t, ctx, "the sign-in page")
	do("sign in",
		chromedp.SendKeys(chromedp.ID("token"), issued.Token),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#me[data-person="chen"]`)),
	)
	fitsThePhone(t, ctx, "the campaigns page")
	do("open the board",
		chromedp.Navigate(d.base+"/campaigns/xmlc-demo"),
		chromedp.WaitVisible(chromedp.ID("campaign-totals")),
	)
	fitsThePhone(t, ctx, "the campaign board")
	do("open the substitute page",
		chromedp.Navigate(d.base+"/my/substitute"),
		chromedp.WaitVisible(chromedp.ID("substitute-form")),
	)
	fitsThePhone(t, ctx, "the substitute page")
	do("open my tasks",
		chromedp.Click(chromedp.ID("nav-my")),
		chromedp.WaitVisible(chromedp.CSS(`li.task[data-task="T18"]`)),
	)
	fitsThePhone(t, ctx, "my tasks")
	do("open T18",
		chromedp.Click(chromedp.CSS(`li.task[data-task="T18"] a`)),
		chromedp.WaitVisible(chromedp.ID("upload-form")),
	)
	fitsThePhone(t, ctx, "the task page")

	do("upload the scan",
		chromedp.SetUploadFiles(chromedp.CSS(`#upload-form input[type="file"]`), []string{scan}),
		chromedp.Click(chromedp.ID("upload-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#file-list li[data-name="培训签到表.pdf"]`)),
	)
	fitsThePhone(t, ctx, "the task page with a file")
	do("submit T18 with the scan as evidence",
		chromedp.Click(chromedp.CSS(`#submit-form input[type="checkbox"][data-name="培训签到表.pdf"]`)),
		chromedp.SendKeys(chromedp.CSS(`#submit-form textarea[name="note"]`), "第四期轮训已完成，签到表附后。"),
		chromedp.Click(chromedp.ID("submit-submit")),
		// The page before (after the upload) had a flash too: wait for what
		// only the page after the submission shows.
		chromedp.WaitVisible(chromedp.CSS(`#task-status[data-status="submitted"]`)),
	)
	fitsThePhone(t, ctx, "the submitted task")

	var events struct {
		Items []struct {
			Type string         `json:"type"`
			Data map[string]any `json:"data"`
		} `json:"items"`
	}
	d.must(200, d.admin, "GET", taskPath("xmlc-demo", "T18", "events"), nil, &events)
	last := events.Items[len(events.Items)-1]
	for _, e := range events.Items {
		if e.Type == "submitted" {
			last = e
		}
	}
	data, err := json.Marshal(last.Data)
	if err != nil {
		t.Fatal(err)
	}
	if last.Type != "submitted" || !strings.Contains(string(data), "培训签到表.pdf") {
		t.Fatalf("T18's submission does not carry the uploaded scan: %+v", last)
	}
}

// fitsThePhone fails the test when the page on screen is wider than the
// phone (the reader would have to scroll sideways) or has a button or field
// shorter than 44 px (Apple's and Google's smallest comfortable tap target,
// give or take).
func fitsThePhone(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const w = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= w) return [];
		return [...document.querySelectorAll('body *')]
			.filter(e => e.getBoundingClientRect().right > w + 1)
			.slice(0, 8)
			.map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
				+ ' right=' + Math.round(e.getBoundingClientRect().right));
	})()`))
	if err != nil {
		t.Fatalf("%s: measure: %v", page, err)
	}
	if len(wide) > 0 {
		t.Errorf("%s is wider than a %d px phone; too wide: %v", page, phoneWidth, wide)
	}
	small, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('button, select, textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio])')]
		.filter(e => e.offsetParent !== null)
		.filter(e => e.getBoundingClientRect().height < 44)
		.map(e => (e.id || e.name || e.textContent.trim()) + ' ' + Math.round(e.getBoundingClientRect().height) + 'px')`))
	if err != nil {
		t.Fatalf("%s: measure controls: %v", page, err)
	}
	if len(small) > 0 {
		t.Errorf("%s has controls too small to tap: %v", page, small)
	}
}
