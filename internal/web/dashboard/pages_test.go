package dashboard

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"
)

// Every page renders for a signed-in person, with what it is for.
func TestPagesRender(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("zhao")
	for _, tc := range []struct {
		path  string
		wants []string
	}{
		{"/", []string{`data-campaign="c1" data-closed="1" data-total="3"`, "1 / 3", "<progress", "目前3项任务已完成1项"}},
		{"/campaigns/c1", []string{
			`id="campaign-totals" data-closed="1" data-total="3"`,
			`id="track-t1" data-track="t1" data-closed="1" data-total="2"`,
			`id="track-t2" data-track="t2" data-closed="0" data-total="1"`,
			`class="task light-done status-closed flagged" data-task="T1"`, "挂牌督战",
			`class="task light-green status-submitted" data-task="T2"`, "待您审核",
			`class="task light-yellow status-open" data-task="T3"`, "李明",
			`id="download-bulletin" href="/api/v1/campaigns/c1/bulletin"`, "上月情况通报",
		}},
		{"/campaigns/c1?track=t2", []string{`id="track-t2"`, "T3"}},
		{"/campaigns/c1/burndown", []string{`<svg viewBox="0 0 760 320"`, `class="plan" points=`, `class="actual" points=`, `class="today"`,
			`data-total="3" data-planned="0" data-closed="1"`}},
		{"/campaigns/c1/gantt", []string{`class="gantt"`, `data-rows="3"`, `class="bar state-reported"`, `class="bar state-missed"`, `class="today"`}},
		{"/tasks/c1/T2", []string{`id="task-status" data-status="submitted"`, "制定方案", "已报告", `id="approve-form"`, `id="return-form"`,
			"提交审核", "完成情况报告", `href="https://example.org/report"`, `rel="noopener noreferrer nofollow"`}},
		{"/my", []string{`id="awaiting-signoff"`, `data-task="T2"`, "没有在办任务"}},
	} {
		rec := b.get(tc.path)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: %d\n%s", tc.path, rec.Code, rec.Body)
			continue
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s: content type %q", tc.path, ct)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: CSP %q", tc.path, csp)
		}
		body := rec.Body.String()
		mustContain(t, body, tc.wants...)
		assertOnlyLocalResources(t, tc.path, body)
	}
}

// A page loads nothing from elsewhere: stylesheets, icons, scripts, images
// and form targets are all paths on this server.
func assertOnlyLocalResources(t *testing.T, path, body string) {
	t.Helper()
	resource := regexp.MustCompile(`<(link|script|img|iframe|form)\b[^>]*\b(href|src|action)="([^"]*)"`)
	for _, m := range resource.FindAllStringSubmatch(body, -1) {
		if !strings.HasPrefix(m[3], "/") || strings.HasPrefix(m[3], "//") {
			t.Errorf("%s: <%s %s=%q> is not on this server", path, m[1], m[2], m[3])
		}
	}
	if strings.Contains(body, "<script") {
		t.Errorf("%s: the pages need no script", path)
	}
}

// The task page offers each person only the forms that are theirs now.
func TestTaskPageOffersOnlyMyActions(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		person, path string
		want, not    []string
	}{
		{"zhao", "/tasks/c1/T2", []string{"approve-form", "return-form"}, []string{"submit-form", "progress-form", "extend-form"}},
		{"li", "/tasks/c1/T2", []string{"no-actions"}, []string{"approve-form", "return-form", "submit-form"}},
		{"li", "/tasks/c1/T3", []string{"submit-form", "progress-form", "extend-form"}, []string{"approve-form", "return-form"}},
		{"zhao", "/tasks/c1/T1", []string{"no-actions"}, []string{"approve-form", "submit-form"}},
	} {
		b := f.browser(t)
		b.signIn(tc.person)
		body := b.get(tc.path).Body.String()
		for _, w := range tc.want {
			if !strings.Contains(body, `id="`+w+`"`) {
				t.Errorf("%s on %s: no %s", tc.person, tc.path, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(body, `id="`+n+`"`) {
				t.Errorf("%s on %s: offered %s", tc.person, tc.path, n)
			}
		}
	}
}

func TestAllowedActions(t *testing.T) {
	ext := &task.ExtensionView{Decider: "zhao"}
	li, zhao, wang := task.Actor{ID: "li"}, task.Actor{ID: "zhao"}, task.Actor{ID: "wang"}
	haikou := task.Actor{ID: "zhou", Units: []string{"hn-haikou"}}
	for _, tc := range []struct {
		name  string
		task  task.View
		actor task.Actor
		want  actionSet
	}{
		{"owner of an open task", task.View{Owner: "li", Status: task.StatusOpen, Approvers: []string{"zhao"}}, li,
			actionSet{Progress: true, Submit: true, Extend: true}},
		{"owner with an extension pending", task.View{Owner: "li", Status: task.StatusOpen, Approvers: []string{"zhao"}, Extension: ext}, li,
			actionSet{Progress: true, Submit: true}},
		{"decider of the extension", task.View{Owner: "li", Status: task.StatusOpen, Extension: ext}, zhao,
			actionSet{DecideExtension: true}},
		{"current approver", task.View{Owner: "li", Status: task.StatusSubmitted, CurrentApprover: "zhao"}, zhao,
			actionSet{Approve: true, Return: true}},
		{"a later approver", task.View{Owner: "li", Status: task.StatusSubmitted, CurrentApprover: "zhao", Approvers: []string{"zhao", "wang"}}, wang,
			actionSet{}},
		{"owner of a submitted task", task.View{Owner: "li", Status: task.StatusSubmitted, CurrentApprover: "zhao"}, li,
			actionSet{}},
		{"closed", task.View{Owner: "li", Status: task.StatusClosed, Extension: ext}, zhao, actionSet{}},
		{"member of the owning unit", task.View{Owner: "unit:hn-haikou", Status: task.StatusOpen, Approvers: []string{"zhao"}}, haikou,
			actionSet{Progress: true, Submit: true, Extend: true}},
		{"member of an assisting unit", task.View{Owner: "li", Assist: []string{"unit:hn-haikou"}, Status: task.StatusOpen}, haikou,
			actionSet{Progress: true}},
		{"member of the approving unit", task.View{Owner: "li", Status: task.StatusSubmitted, CurrentApprover: "unit:hn-haikou"}, haikou,
			actionSet{Approve: true, Return: true}},
		{"member of another unit", task.View{Owner: "unit:hn-sanya", Status: task.StatusOpen, Approvers: []string{"zhao"}}, haikou,
			actionSet{}},
		{"member of the unit owning the campaign", task.View{Owner: "li", CampaignOwner: "unit:hn-haikou", Status: task.StatusSubmitted}, haikou,
			actionSet{Reassign: true, Cancel: true, Urge: true}},
		{"supervisor", task.View{Owner: "li", Supervisor: "zhao", Status: task.StatusOpen}, zhao,
			actionSet{Reassign: true, Urge: true}},
		{"leader", task.View{Owner: "li", Leader: "wang", Status: task.StatusOpen}, wang,
			actionSet{Urge: true}},
		{"admin", task.View{Owner: "li", Status: task.StatusOpen}, task.Actor{ID: "root", Admin: true},
			actionSet{Reassign: true, Cancel: true, Urge: true}},
		{"admin on a cancelled task", task.View{Owner: "li", Status: task.StatusCancelled}, task.Actor{ID: "root", Admin: true},
			actionSet{}},
	} {
		if got := allowedActions(tc.task, tc.actor); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// When the workflow refuses, the task page says why, in the reader's
// language and the rules' own words, with the refusal's status.
func TestRefusalIsShown(t *testing.T) {
	f := newFixture(t)
	f.tasks.refuse = &task.RuleError{Type: task.ErrTypeForbidden, Message: "only the current approver (wang) signs off"}
	b := f.browser(t)
	b.signIn("zhao")
	rec := b.post("/tasks/c1/T2/approve", url.Values{"csrf": {b.csrf("/tasks/c1/T2")}})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("refused approval: %d", rec.Code)
	}
	mustContain(t, rec.Body.String(), `id="error"`, "您无权办理:", "only the current approver (wang) signs off", `id="task-status" data-status="submitted"`)

	f.tasks.refuse = nil
	rec = b.post("/tasks/c1/T3/progress", url.Values{"csrf": {b.csrf("/tasks/c1/T3")}, "percent": {"lots"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a percent that is not a number: %d", rec.Code)
	}
	mustContain(t, rec.Body.String(), "完成百分比须为0到100的整数")

	rec = b.post("/tasks/c1/T1/approve", url.Values{"csrf": {b.csrf("/tasks/c1/T1")}})
	if rec.Code != http.StatusConflict {
		t.Fatalf("acting on a closed task: %d", rec.Code)
	}
	mustContain(t, rec.Body.String(), "任务已办结")
}

// The forms are read into the workflow's requests: evidence rows, the
// extension's day as the end of that day in the campaign's timezone.
func TestFormsBecomeRequests(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("li")
	page := b.get("/tasks/c1/T3").Body.String()
	csrf := csrfInput.FindStringSubmatch(page)[1]
	formID := regexp.MustCompile(`name="form_id" value="([^"]+)"`).FindStringSubmatch(page)[1]
	rec := b.post("/tasks/c1/T3/submit", url.Values{"csrf": {csrf}, "form_id": {formID}, "note": {"完成"},
		"evidence_title": {"报告", "", ""}, "evidence_url": {"https://example.org/r", "", ""}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", rec.Code, rec.Body)
	}
	rec = b.post("/tasks/c1/T3/extend", url.Values{"csrf": {csrf}, "form_id": {formID}, "deadline": {"2024-08-15"}, "reason": {"天气"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("extend: %d\n%s", rec.Code, rec.Body)
	}
	acts := f.tasks.actions()
	submit := acts[0].Request.(*task.SubmitRequest)
	if len(submit.Evidence) != 1 || submit.Evidence[0] != (task.Evidence{Title: "报告", URL: "https://example.org/r"}) || submit.Actor.ID != "li" {
		t.Fatalf("submit request: %+v", submit)
	}
	extend := acts[1].Request.(*task.ExtendRequest)
	if !extend.Deadline.Equal(day(8, 15)) || extend.Reason != "天气" {
		t.Fatalf("extend request: %+v, want the end of 2024-08-15 in Shanghai", extend)
	}
	if acts[0].ID == "" || acts[0].ID == acts[1].ID {
		t.Fatalf("each form's post should be its own update: %q %q", acts[0].ID, acts[1].ID)
	}
}

func TestMissingThingsAreClearPages(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("li")
	for path, want := range map[string]string{
		"/campaigns/nope":               "没有这项攻坚行动",
		"/tasks/c1/nope":                "没有这项任务",
		"/campaigns/c1?track=nope":      "该行动没有这条任务线",
		"/campaigns/c1/gantt?after=bad": "分页参数无效",
	} {
		rec := b.get(path)
		if rec.Code < 400 || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s: %d, want an error page saying %q", path, rec.Code, want)
		}
	}
}

// A member of the unit that owns a task is offered the owner's forms, and
// the decider's forms when the unit decides its extension: the page asks
// the store for the person's units, as taskops does for their actions.
func TestUnitMembersGetTheUnitsForms(t *testing.T) {
	f := newFixture(t)
	f.addMyTasksCases(t)
	b := f.browser(t)
	b.signIn("zhou")
	mustContain(t, b.get("/tasks/c1/T5").Body.String(), `id="progress-form"`, `id="submit-form"`, `id="extend-form"`)
	mustContain(t, b.get("/tasks/c1/T4").Body.String(), `id="extension-approve-form"`, `id="extension-reject-form"`, `id="reassign-form"`)
}
