package integration

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The dashboard in a real browser (headless Chromium) against `closeout dev
// --demo`: zhao signs in with a token, reads 18 of 30 closed on the demo
// board, signs off a submission waiting for them and sees 19; a form posted
// without its CSRF token is refused and changes nothing; and no page asks
// anything of a host other than the server.
func TestDashboardInBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	d := startDev(t, t.TempDir(), "", "--demo")
	var issued struct {
		Token string `json:"token"`
	}
	d.must(201, d.admin, "POST", "/api/v1/people/zhao/tokens", nil, &issued)

	started := time.Now()
	var requests requestLog
	ctx, do := browserSteps(t, d, chromium, &requests)

	do("sign in",
		chromedp.Navigate(d.base+"/"),
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), issued.Token),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#me[data-person="zhao"]`)),
	)
	do("open the demo campaign",
		chromedp.Click(chromedp.CSS(`li[data-campaign="xmlc-demo"] h2 a`)),
		chromedp.WaitVisible(chromedp.ID("campaign-totals")),
	)
	if got := boardCount(t, ctx); got != "18 / 30" {
		t.Fatalf("the demo board reads %q closed, want 18 / 30", got)
	}

	do("open my tasks", chromedp.Click(chromedp.ID("nav-my")), chromedp.WaitVisible(chromedp.ID("awaiting-signoff")))
	waiting, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#awaiting-signoff li.task')].map(li => li.dataset.task)`))
	if err != nil || len(waiting) < 2 {
		t.Fatalf("tasks waiting for zhao's sign-off: %v %v, want at least two", waiting, err)
	}
	approve, forge := waiting[0], waiting[1]

	do("open "+approve+" as its approver",
		chromedp.Click(chromedp.CSS(`#awaiting-signoff li[data-task="`+approve+`"] a`)),
		chromedp.WaitVisible(chromedp.ID("approve-form")),
	)
	do("approve "+approve,
		chromedp.SendKeys(chromedp.CSS(`#approve-form textarea[name="note"]`), "同意销号。"),
		chromedp.Click(chromedp.ID("approve-submit")),
		chromedp.WaitVisible(chromedp.ID("flash")),
		chromedp.Poll[chromedp.Void](`document.querySelector('#task-status').dataset.status === 'closed'`,
			chromedp.WithPollingTimeout(30*time.Second)),
	)
	do("back to the board",
		chromedp.Navigate(d.base+"/campaigns/xmlc-demo"),
		chromedp.Poll[chromedp.Void](`document.querySelector('#campaign-totals')?.dataset.closed === '19'`,
			chromedp.WithPollingTimeout(30*time.Second)),
	)
	if got := boardCount(t, ctx); got != "19 / 30" {
		t.Fatalf("after the sign-off the board reads %q, want 19 / 30", got)
	}

	// A form another page could build: it posts to the right place with the
	// session cookie, but without the CSRF field.
	do("post a form without its CSRF token",
		chromedp.Navigate(d.base+"/tasks/xmlc-demo/"+forge),
		chromedp.WaitVisible(chromedp.ID("approve-form")),
		chromedp.Evaluate[chromedp.Void](`(() => {
			const f = document.createElement('form');
			f.method = 'post';
			f.action = '/tasks/xmlc-demo/`+forge+`/approve';
			const note = document.createElement('input');
			note.name = 'note';
			note.value = 'forged';
			f.appendChild(note);
			document.body.appendChild(f);
			f.submit();
		})()`),
		chromedp.WaitVisible(chromedp.CSS(`#error-page[data-status="403"]`)),
	)
	do("the refused task is unchanged",
		chromedp.Navigate(d.base+"/tasks/xmlc-demo/"+forge),
		chromedp.WaitVisible(chromedp.CSS(`#task-status[data-status="submitted"]`)),
	)
	if got := boardCountAfter(t, ctx, d.base); got != "19 / 30" {
		t.Fatalf("after the refused form the board reads %q, want 19 / 30", got)
	}

	urls := requests.all()
	if len(urls) < 10 {
		t.Fatalf("saw only %d requests; is the network listener working? %v", len(urls), urls)
	}
	for _, u := range requests.elsewhere(d.base) {
		t.Errorf("a page requested %s, outside the server %s", u, d.base)
	}
	t.Logf("browser steps took %s over %d requests", time.Since(started).Round(time.Millisecond), len(urls))
}

// browserSteps opens a tab on a fresh headless Chromium, bounded to two
// minutes, and a step runner that fails the test with the server's log.
func browserSteps(t *testing.T, d *dev, chromium string, requests *requestLog) (context.Context, func(string, ...chromedp.Action[chromedp.Void])) {
	t.Helper()
	ctx, cancel := context.WithTimeout(newBrowser(t, chromium, requests), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx, func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v\nserver log:\n%s", step, err, d.logs.String())
		}
	}
}

// chromiumPath finds Debian's chromium. In CI its absence is a failure (the
// CI script installs it); on a workstation the test skips and says how to
// run it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
		t.Fatal("chromium is not installed; the browser test needs it in CI (apt-get install -y chromium)")
	}
	t.Skip("chromium is not installed: apt-get install -y chromium to run the browser test")
	return ""
}

// newBrowser starts headless Chromium on a fresh profile with the flags that
// keep it off the network (this machine refuses its background connections)
// and returns a tab whose every request is recorded in log.
func newBrowser(t *testing.T, chromium string, log *requestLog) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], // headless, no-first-run, disable-background-networking, disable-sync
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(log.record))
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	// Start the browser with no deadline: the first run binds its life to
	// this context.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// boardCount reads the campaign totals of the board on screen.
func boardCount(t *testing.T, ctx context.Context) string {
	t.Helper()
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#campaign-totals .count")))
	if err != nil {
		t.Fatalf("read the board's totals: %v", err)
	}
	return strings.Join(strings.Fields(text), " ")
}

func boardCountAfter(t *testing.T, ctx context.Context, base string) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/campaigns/xmlc-demo"),
		chromedp.WaitVisible(chromedp.ID("campaign-totals"))); err != nil {
		t.Fatalf("open the board: %v", err)
	}
	return boardCount(t, ctx)
}

// requestLog keeps the URL of every request the tab makes. The listener runs
// on the tab's event loop; the test reads it from its own goroutine.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *requestLog) record(ev any) {
	if e, ok := ev.(*network.EventRequestWillBeSent); ok && e.Request != nil {
		l.mu.Lock()
		l.urls = append(l.urls, e.Request.URL)
		l.mu.Unlock()
	}
}

// elsewhere are the requests to anywhere but the server at base. A data:
// URL asks no host: Chromium draws a date field's calendar icon with one.
func (l *requestLog) elsewhere(base string) []string {
	var out []string
	for _, u := range l.all() {
		if !strings.HasPrefix(u, base+"/") && !strings.HasPrefix(u, "data:") {
			out = append(out, u)
		}
	}
	return out
}

func (l *requestLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string{}, l.urls...)
}

// screenOf is the viewport of a screen width × height: a phone's (touch,
// twice the pixels, a mobile user agent's layout) or a desktop window's.
func screenOf(width, height int64, phone bool) chromedp.Action[chromedp.Void] {
	if phone {
		return chromedp.EmulateViewport(width, height, chromedp.EmulateScale(2), chromedp.EmulateMobile)
	}
	return chromedp.EmulateViewport(width, height)
}
