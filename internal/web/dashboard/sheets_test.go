package dashboard

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The task page offers the sheet form to its supervisor only; issuing one
// leads to its print page, where the typed requirement shows as text, and
// whoever may not issue is refused with the rule's words.
func TestIssueSheetFromTheTaskPage(t *testing.T) {
	f := newFixture(t)
	owner := f.browser(t)
	owner.signIn("li") // T3's owner: not one who issues sheets on it
	page := owner.get("/tasks/c1/T3")
	if page.Code != http.StatusOK || strings.Contains(page.Body.String(), `id="sheet-form"`) {
		t.Fatalf("the owner is offered the sheet form (%d)", page.Code)
	}
	refused := owner.post("/campaigns/c1/tasks/T3/sheets", url.Values{"csrf": {owner.csrf("/tasks/c1/T3")}, "grade": {"red"}, "note": {"x"}})
	if refused.Code != http.StatusForbidden {
		t.Fatalf("the owner issued a sheet: %d", refused.Code)
	}
	mustContain(t, refused.Body.String(), "只有任务的督办人或分管领导")

	supervisor := f.browser(t)
	supervisor.signIn("zhao")
	if closed := supervisor.get("/tasks/c1/T1"); strings.Contains(closed.Body.String(), `id="sheet-form"`) {
		t.Error("a closed task offers the sheet form")
	}
	page = supervisor.get("/tasks/c1/T3")
	mustContain(t, page.Body.String(), `id="sheet-form"`, `action="/campaigns/c1/tasks/T3/sheets"`, "下发督办单")
	csrf := supervisor.csrf("/tasks/c1/T3")
	if rec := supervisor.post("/campaigns/c1/tasks/T3/sheets", url.Values{"csrf": {csrf}, "grade": {"red"}, "note": {" "}}); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("an empty note: %d", rec.Code)
	}
	typed := `<script>alert(1)</script> 请于三个工作日内反馈 & 整改`
	rec := supervisor.post("/campaigns/c1/tasks/T3/sheets", url.Values{"csrf": {csrf}, "grade": {"red"}, "note": {typed}})
	where := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(where, "/sheets/c1-") {
		t.Fatalf("issue: %d %q\n%s", rec.Code, where, rec.Body)
	}
	printed := supervisor.get(where)
	body := printed.Body.String()
	if printed.Code != http.StatusOK || strings.Contains(body, "<script>alert") {
		t.Fatalf("print page: %d\n%s", printed.Code, body)
	}
	mustContain(t, body, `id="sheet-title">红牌督办单`, "督办第1号", "举办培训班", "&lt;script&gt;alert(1)&lt;/script&gt; 请于三个工作日内反馈 &amp; 整改",
		`href="/assets/sheet.css`, `id="sheet-issuer">赵芳`, `?format=pdf`)
	// The task page lists it, for everyone who reads the task.
	mustContain(t, owner.get("/tasks/c1/T3").Body.String(), `id="task-sheets"`, `<a href="`+where+`">〔`)
	if en := supervisor.get(where + "?lang=en"); !strings.Contains(en.Body.String(), "Red-card supervision sheet") {
		t.Errorf("the English page:\n%s", en.Body)
	}
	// Anyone signed in reads it; an unknown sheet is a 404 page.
	if rec := owner.get(where); rec.Code != http.StatusOK {
		t.Errorf("the owner reads the sheet: %d", rec.Code)
	}
	if rec := owner.get("/sheets/nope"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown sheet: %d", rec.Code)
	}
	css := supervisor.get("/assets/sheet.css").Body.String()
	mustContain(t, css, "@page { size: A4", "@media print")
}
