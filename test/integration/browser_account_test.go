package integration

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// accountPhoneWidth is the width the account pages are checked at on a
// phone: a current mid-size phone held upright, in CSS pixels.
const accountPhoneWidth = 390

// People sign in as people (SPEC section 16), in a real browser at desktop
// width and on a phone: the admin follows the one-time link `closeout dev`
// prints, sets a password and reads the audit log; zhao (a current approver
// in the demo) gets an invitation link from the admin through the API,
// opens it in a fresh browser, sets a password, signs out and in again with
// id and password, sees "my tasks", approves a task waiting for them,
// downloads the board's files (ledger, report, ranking) with the session
// alone, makes an API token on the account page, uploads evidence with it
// and downloads that with the session, and signs out; the ended session
// opens no download, and the token still works against the API.
func TestAccountsInBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	for _, width := range []struct {
		name  string
		w, h  int64
		phone bool
	}{{"desktop", 1280, 900, false}, {"phone", accountPhoneWidth, 844, true}} {
		t.Run(width.name, func(t *testing.T) {
			accountsInBrowser(t, chromium, width.w, width.h, width.phone)
		})
	}
}

func accountsInBrowser(t *testing.T, chromium string, w, h int64, phone bool) {
	d := startDev(t, t.TempDir(), "", "--demo")
	if d.adminLink == "" {
		t.Fatal("closeout dev printed no one-time admin link")
	}
	viewport := screenOf(w, h, phone)
	fits := func(ctx context.Context, page string) {
		t.Helper()
		if phone {
			fitsThePhone(t, ctx, page)
		}
	}
	const adminPassword, zhaoPassword = "管理员的长密码 admin 2026", "赵芳的长密码 zhao 2026 秋"

	var adminRequests requestLog
	admin, adminDo := browserSteps(t, d, chromium, &adminRequests)
	adminDo("hold the screen", viewport)
	adminDo("follow the start-up link",
		chromedp.Navigate(d.adminLink),
		chromedp.WaitVisible(chromedp.ID("invitation-form")),
	)
	fits(admin, "the admin's invitation page")
	adminDo("set the admin's password",
		chromedp.SendKeys(chromedp.ID("new-password"), adminPassword),
		chromedp.SendKeys(chromedp.ID("confirm-password"), adminPassword),
		chromedp.Click(chromedp.ID("invitation-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#me[data-person="admin"]`)),
	)
	adminDo("read the audit log",
		chromedp.Click(chromedp.ID("nav-audit")),
		chromedp.WaitVisible(chromedp.CSS(`#audit-log li[data-action="password.set"][data-target="person:admin"]`)),
	)
	fits(admin, "the audit page")

	var invited struct {
		Invitation struct {
			URL string `json:"url"`
		} `json:"invitation"`
	}
	d.must(201, d.admin, "POST", "/api/v1/people/zhao/invitation", nil, &invited)
	if !strings.HasPrefix(invited.Invitation.URL, d.base+"/invitations/") {
		t.Fatalf("zhao's link %q is not under %s", invited.Invitation.URL, d.base)
	}

	var requests requestLog
	ctx, do := browserSteps(t, d, chromium, &requests)
	do("hold the screen", viewport)
	do("open the invitation link",
		chromedp.Navigate(invited.Invitation.URL),
		chromedp.WaitVisible(chromedp.ID("invitation-form")),
	)
	do("set zhao's password",
		chromedp.SendKeys(chromedp.ID("new-password"), zhaoPassword),
		chromedp.SendKeys(chromedp.ID("confirm-password"), zhaoPassword),
		chromedp.Click(chromedp.ID("invitation-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#me[data-person="zhao"]`)),
	)
	do("sign out",
		chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)),
		chromedp.WaitVisible(chromedp.ID("password-form")),
	)
	fits(ctx, "the sign-in page")
	do("sign in with id and password",
		chromedp.SendKeys(chromedp.ID("signin-id"), "zhao"),
		chromedp.SendKeys(chromedp.ID("signin-password"), zhaoPassword),
		chromedp.Click(chromedp.ID("password-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#me[data-person="zhao"]`)),
	)
	do("open my tasks", chromedp.Click(chromedp.ID("nav-my")), chromedp.WaitVisible(chromedp.ID("awaiting-signoff")))
	fits(ctx, "my tasks")
	waiting, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#awaiting-signoff li.task')].map(li => li.dataset.task)`))
	if err != nil || len(waiting) < 2 {
		t.Fatalf("tasks waiting for zhao's sign-off: %v %v, want at least two", waiting, err)
	}
	approve, later := waiting[0], waiting[1]
	do("approve "+approve,
		chromedp.Click(chromedp.CSS(`#awaiting-signoff li[data-task="`+approve+`"] a`)),
		chromedp.WaitVisible(chromedp.ID("approve-form")),
		chromedp.SendKeys(chromedp.CSS(`#approve-form textarea[name="note"]`), "同意销号。"),
		chromedp.Click(chromedp.ID("approve-submit")),
		chromedp.WaitVisible(chromedp.ID("flash")),
		chromedp.Poll[chromedp.Void](`document.querySelector('#task-status')?.dataset.status === 'closed'`,
			chromedp.WithPollingTimeout(30*time.Second)),
	)

	do("open the board", chromedp.Navigate(d.base+"/campaigns/xmlc-demo"), chromedp.WaitVisible(chromedp.ID("downloads")))
	fits(ctx, "the board with its downloads")
	// The board's download links are the API's, and the browser's session
	// cookie alone opens them: each link is fetched with the cookie the
	// browser holds (HttpOnly, read through DevTools), no token. The page
	// itself cannot fetch them (its CSP allows no script connections), and
	// a click would leave the file in a download folder.
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#downloads a')].map(a => a.href)`))
	if err != nil || len(links) < 4 {
		t.Fatalf("the board's downloads: %v %v", links, err)
	}
	session := sessionCookie(t, ctx)
	for _, link := range links {
		if status := getWithCookie(t, link, session); status != http.StatusOK {
			t.Errorf("%s with the session cookie: %d\n%s", link, status, d.logs.String())
		}
	}

	do("open my account",
		chromedp.Click(chromedp.ID("nav-account")),
		chromedp.WaitVisible(chromedp.ID("token-form")),
	)
	fits(ctx, "the account page")
	do("make a token",
		chromedp.SendKeys(chromedp.ID("token-label"), "周报脚本"),
		chromedp.SendKeys(chromedp.ID("token-days"), "30"),
		chromedp.Click(chromedp.ID("token-submit")),
		chromedp.WaitVisible(chromedp.ID("new-token")),
	)
	fits(ctx, "the account page with a new token")
	token, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#new-token').value`))
	if err != nil || !strings.HasPrefix(token, "co_") {
		t.Fatalf("the token on the page: %q %v", token, err)
	}
	// An evidence file on a task zhao signs off later, uploaded with the
	// new token, downloads with the session cookie too.
	var file fileView
	if r := d.upload(token, "xmlc-demo", later, "签到表.pdf", []byte("%PDF-1.4\n%%EOF\n")); r.Status != http.StatusCreated {
		t.Fatalf("upload to %s with the page's token: %d %s", later, r.Status, r.Body)
	} else {
		r.json(t, &file)
	}
	session = sessionCookie(t, ctx)
	if status := getWithCookie(t, d.base+"/api/v1/files/"+file.ID, session); status != http.StatusOK {
		t.Fatalf("the evidence file with the session cookie: %d", status)
	}
	do("sign out",
		chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)),
		chromedp.WaitVisible(chromedp.ID("password-form")),
	)
	if status := getWithCookie(t, d.base+"/api/v1/files/"+file.ID, session); status != http.StatusUnauthorized {
		t.Fatalf("the evidence file with the cookie of the ended session: %d", status)
	}

	var tokens struct {
		Items []struct {
			Label string `json:"label"`
		} `json:"items"`
	}
	d.must(200, token, "GET", "/api/v1/people/zhao/tokens", nil, &tokens)
	if len(tokens.Items) == 0 || tokens.Items[len(tokens.Items)-1].Label != "周报脚本" {
		t.Fatalf("zhao's tokens through the API with the page's token: %+v", tokens)
	}
	for _, u := range append(requests.all(), adminRequests.all()...) {
		// data: is Chromium's own (the date picker's calendar icon on the
		// audit page's filter): it leaves the browser for nowhere.
		if !strings.HasPrefix(u, d.base+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("a page requested %s, outside the server %s", u, d.base)
		}
	}
}

// sessionCookie is the session cookie the browser holds for the page on
// screen.
func sessionCookie(t *testing.T, ctx context.Context) *http.Cookie {
	t.Helper()
	cookies, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]*network.Cookie, error) {
		r, err := cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{})
		return r.Cookies, err
	})
	if err != nil {
		t.Fatalf("read the browser's cookies: %v", err)
	}
	for _, c := range cookies {
		if c.Name == "closeout_session" {
			if !c.HTTPOnly {
				t.Errorf("the session cookie is not HttpOnly")
			}
			return &http.Cookie{Name: c.Name, Value: c.Value}
		}
	}
	t.Fatalf("the browser holds no session cookie: %d cookies", len(cookies))
	return nil
}

// getWithCookie is the status of a GET of url with only cookie.
func getWithCookie(t *testing.T, url string, cookie *http.Cookie) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
