package integration

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// peoplePhoneWidth is the phone the people pages are read on (SPEC
// section 16: every page usable at 390 px).
const peoplePhoneWidth = 390

// An admin administers people from the browser, at a desktop's width and
// at a phone's: signs in with the admin token, opens People, adds a person
// and reads the invitation link off the page (the field the copy button
// copies); then deactivates zhou, who owns open tasks of the demo, finds
// each listed and ticked for handover, hands them all to huang in one go,
// and the API shows huang as their owner.
func TestDashboardPeopleAdministration(t *testing.T) {
	for _, size := range []struct {
		name          string
		width, height int64
		phone         bool
	}{{"desktop", 1280, 900, false}, {"phone", peoplePhoneWidth, 844, true}} {
		t.Run(size.name, func(t *testing.T) {
			chromium := chromiumPath(t)
			d := startDev(t, t.TempDir(), "", "--demo")
			var held struct {
				Items []struct {
					ID     string `json:"id"`
					Status string `json:"status"`
				} `json:"items"`
			}
			d.must(200, d.admin, "GET", "/api/v1/tasks?campaign=xmlc-demo&owner=zhou&status=open", nil, &held)
			if len(held.Items) == 0 {
				t.Fatal("zhou owns no open task in the demo")
			}

			var requests requestLog
			ctx, do := browserSteps(t, d, chromium, &requests)
			do("size the screen", screenOf(size.width, size.height, size.phone))
			fits := func(page string) {
				if size.phone {
					fitsThePhone(t, ctx, page)
				}
			}
			do("sign in as the admin",
				chromedp.Navigate(d.base+"/"),
				chromedp.WaitVisible(chromedp.ID("token")),
				chromedp.SendKeys(chromedp.ID("token"), d.admin),
				chromedp.Click(chromedp.ID("signin-submit")),
				chromedp.WaitVisible(chromedp.ID("nav-people")),
			)
			do("open People",
				chromedp.Click(chromedp.ID("nav-people")),
				chromedp.WaitVisible(chromedp.ID("create-person-form")),
				chromedp.WaitVisible(chromedp.CSS(`#people-list li[data-person="zhou"]`)),
			)
			fits("the people page")

			do("add sun",
				chromedp.SendKeys(chromedp.CSS(`#create-person-form input[name="id"]`), "sun"),
				chromedp.SendKeys(chromedp.CSS(`#create-person-form input[name="name"]`), "孙丽"),
				chromedp.SendKeys(chromedp.CSS(`#create-person-form input[name="email"]`), "sun@example.org"),
				chromedp.Click(chromedp.ID("create-person")),
				chromedp.WaitVisible(chromedp.ID("invitation-url")),
				chromedp.WaitVisible(chromedp.ID("copy-invitation")),
			)
			link, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('invitation-url').value`))
			if err != nil || !strings.HasPrefix(link, d.base+"/invitations/ci_") {
				t.Fatalf("the invitation link on the page: %q %v", link, err)
			}
			t.Logf("the admin read sun's invitation link off the page: %s…", link[:len(d.base)+len("/invitations/ci_")])
			fits("the page with the invitation link")
			copied, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
				const b = document.getElementById('copy-invitation');
				const before = b.textContent;
				b.click();
				for (let i = 0; i < 50 && b.textContent === before; i++) await new Promise(r => setTimeout(r, 20));
				return b.textContent;
			})()`, chromedp.EvalAwaitPromise))
			if err != nil || (copied != "已复制" && copied != "Copied") {
				t.Errorf("the copy button (its script) did not run: %q %v", copied, err)
			}
			if r := d.call("", "GET", strings.TrimPrefix(link, d.base), nil); r.Status != 200 {
				t.Fatalf("the link's page: %d", r.Status)
			}

			do("open Units",
				chromedp.Click(chromedp.ID("nav-units")),
				chromedp.WaitVisible(chromedp.ID("unit-tree")),
				chromedp.WaitVisible(chromedp.ID("create-unit-form")),
			)
			fits("the units page")

			do("open zhou",
				chromedp.Navigate(d.base+"/people?q=zhou"),
				chromedp.Click(chromedp.CSS(`#people-list li[data-person="zhou"] a`)),
				chromedp.WaitVisible(chromedp.ID("deactivate")),
			)
			fits("zhou's page")
			do("deactivate zhou",
				chromedp.Click(chromedp.ID("deactivate")),
				chromedp.WaitVisible(chromedp.ID("person-inactive")),
				chromedp.WaitVisible(chromedp.ID("handover-form")),
			)
			fits("zhou's handover list")
			listed, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
				`[...document.querySelectorAll('#handover-form input[name="task"]:checked')].map(e => e.value)`))
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range held.Items {
				if !slices.Contains(listed, "xmlc-demo/"+h.ID) {
					t.Errorf("zhou's open task %s is not listed and ticked for handover: %v", h.ID, listed)
				}
			}
			do("hand everything to huang",
				chromedp.SendKeys(chromedp.ID("handover-to"), "huang"),
				chromedp.Click(chromedp.ID("handover-submit")),
				chromedp.WaitVisible(chromedp.ID("handover-results")),
			)
			fits("the handover results")
			results, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](
				`Object.fromEntries([...document.querySelectorAll('#handover-results li')].map(li => [li.dataset.task, li.dataset.ok]))`))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("handover results on the page: %v", results)
			for _, h := range held.Items {
				if results["xmlc-demo/"+h.ID] != "true" {
					t.Errorf("%s not handed over: %v", h.ID, results)
				}
				var task struct {
					Owner string `json:"owner"`
				}
				d.must(200, d.admin, "GET", taskPath("xmlc-demo", h.ID, ""), nil, &task)
				if task.Owner != "huang" {
					t.Errorf("%s's owner through the API: %q, want huang", h.ID, task.Owner)
				}
			}
			if r := d.call(d.admin, "GET", "/api/v1/tasks?campaign=xmlc-demo&owner=zhou&status=open", nil); !strings.Contains(string(r.Body), `"items":[]`) {
				t.Errorf("zhou still owns open tasks: %s", r.Body)
			}
		})
	}
}
