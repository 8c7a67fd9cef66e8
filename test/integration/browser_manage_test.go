package integration

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// A supervisor manages a task from a phone: wu, who supervises the 壮马
// track of the demo, signs in on a 375 px wide screen, opens T21 (owned by
// zhou), finds the reassign form within the screen but no cancel form (only
// the campaign owner or an admin cancels), hands T21 to huang with a
// reason, and sees huang as its owner on the page and through the API.
// Signing out then revokes wu's token: the API refuses it.
func TestDashboardReassignOnAPhone(t *testing.T) {
	chromium := chromiumPath(t)
	d := startDev(t, t.TempDir(), "", "--demo")
	var issued struct {
		Token string `json:"token"`
	}
	d.must(201, d.admin, "POST", "/api/v1/people/wu/tokens", nil, &issued)

	var requests requestLog
	ctx, do := browserSteps(t, d, chromium, &requests)
	do("hold the phone upright",
		chromedp.EmulateViewport(phoneWidth, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	do("sign in as wu",
		chromedp.Navigate(d.base+"/"),
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), issued.Token),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#me[data-person="wu"]`)),
	)
	do("open T21",
		chromedp.Navigate(d.base+"/tasks/xmlc-demo/T21"),
		chromedp.WaitVisible(chromedp.CSS(`#task-owner[data-owner="zhou"]`)),
		chromedp.WaitVisible(chromedp.ID("reassign-form")),
	)
	cancelForms, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#cancel-form').length`))
	if err != nil || cancelForms != 0 {
		t.Fatalf("the supervisor is offered %d cancel forms (%v), want none", cancelForms, err)
	}
	fitsThePhone(t, ctx, "the task page with the reassign form")

	do("reassign T21 to huang",
		chromedp.SendKeys(chromedp.CSS(`#reassign-form input[name="owner"]`), "huang"),
		chromedp.SendKeys(chromedp.CSS(`#reassign-form textarea[name="reason"]`), "工作调整，改由黄敏负责。"),
		chromedp.Click(chromedp.ID("reassign-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#task-owner[data-owner="huang"]`)),
		chromedp.WaitVisible(chromedp.ID("flash")),
	)
	fitsThePhone(t, ctx, "the reassigned task")

	var task struct {
		Owner string `json:"owner"`
	}
	d.must(200, d.admin, "GET", taskPath("xmlc-demo", "T21", ""), nil, &task)
	if task.Owner != "huang" {
		t.Fatalf("T21's owner through the API: %q, want huang", task.Owner)
	}
	var events struct {
		Items []struct {
			Actor string         `json:"actor"`
			Type  string         `json:"type"`
			Data  map[string]any `json:"data"`
		} `json:"items"`
	}
	d.must(200, d.admin, "GET", taskPath("xmlc-demo", "T21", "events"), nil, &events)
	last := events.Items[len(events.Items)-1]
	if last.Type != "reassigned" || last.Actor != "wu" || last.Data["from"] != "zhou" || last.Data["to"] != "huang" {
		t.Fatalf("T21's last event: %+v, want wu's reassignment from zhou to huang", last)
	}

	// Signing out ends the dashboard's session, not the API token it was
	// opened with (SPEC section 15): a script using the token goes on.
	do("sign out",
		chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)),
		chromedp.WaitVisible(chromedp.ID("token")),
	)
	if r := d.call(issued.Token, "GET", "/api/v1/me", nil); r.Status != 200 {
		t.Fatalf("wu's token through the API after signing out: %d, want 200 (sign-out ends the session only): %s", r.Status, r.Body)
	}
	do("the old session opens nothing",
		chromedp.Navigate(d.base+"/my"),
		chromedp.WaitVisible(chromedp.ID("token")),
	)
}
