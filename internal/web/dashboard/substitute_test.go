package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store"
)

// The substitute page sets the signed-in person's window from the form, its
// times read in Asia/Shanghai (the fixture's people have no timezone of
// their own), shows it, on "my tasks" too, and ends it.
func TestSubstitutePageSetsAndEnds(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("li")
	page := b.get("/my/substitute").Body.String()
	mustContain(t, page, `id="no-window"`, `id="substitute-form"`, `data-zone="Asia/Shanghai"`, `type="datetime-local"`,
		`<option value="zhou">周杰</option>`)
	if strings.Contains(page, `<option value="li">`) {
		t.Error("li is offered as her own substitute")
	}
	mustContain(t, b.get("/my").Body.String(), `id="my-window-link"`, `href="/my/substitute"`)
	csrf := b.csrf("/my/substitute")

	if rec := b.post("/my/substitute", url.Values{"substitute": {"zhou"}, "until": {"2024-06-08T18:00"}}); rec.Code != http.StatusForbidden {
		t.Fatalf("a post without the CSRF token: %d", rec.Code)
	}
	rec := b.post("/my/substitute", url.Values{"csrf": {csrf}, "substitute": {" zhou "}, "from": {"2024-06-01T13:00"},
		"until": {"2024-06-08T18:00"}, "reason": {"年休假"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/my/substitute?done=set" {
		t.Fatalf("set: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	windows, err := f.db.Substitutions(context.Background(), "li")
	if err != nil || len(windows) != 1 {
		t.Fatalf("li's windows: %+v %v", windows, err)
	}
	w := windows[0]
	if w.Substitute != "zhou" || w.Reason != "年休假" || w.CreatedBy != "li" ||
		!w.From.Equal(time.Date(2024, 6, 1, 5, 0, 0, 0, time.UTC)) || !w.Until.Equal(time.Date(2024, 6, 8, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("stored %+v", w)
	}
	page = b.get("/my/substitute?done=set").Body.String()
	mustContain(t, page, `id="flash"`, "代理安排已保存", `id="window-substitute" data-person="zhou">周杰`,
		`id="window-from">2024-06-01 13:00`, `id="window-until">2024-06-08 18:00`, "尚未开始", "取消这次代理")
	mustContain(t, b.get("/my").Body.String(), "我的代理人:周杰,2024-06-01 13:00 至 2024-06-08 18:00")

	// The next window ends before it begins; then there is nothing to end.
	rec = b.post("/my/substitute/end", url.Values{"csrf": {csrf}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/my/substitute?done=end" {
		t.Fatalf("end: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	mustContain(t, b.get("/my/substitute?done=end").Body.String(), "代理安排已结束", `id="no-window"`)
	rec = b.post("/my/substitute/end", url.Values{"csrf": {csrf}})
	if rec.Code != http.StatusNotFound {
		t.Fatalf("end with nothing to end: %d", rec.Code)
	}
	mustContain(t, rec.Body.String(), `id="error"`, "您目前没有可结束的代理安排")

	// A window from now runs at once, and "end it now" ends it.
	rec = b.post("/my/substitute", url.Values{"csrf": {csrf}, "substitute": {"zhou"}, "until": {"2024-06-02T18:00"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("set from now: %d\n%s", rec.Code, rec.Body)
	}
	page = b.get("/my/substitute").Body.String()
	mustContain(t, page, `data-active="true"`, "代理中", "立即结束代理", `id="window-from">2024-06-01 12:00`)
	if rec = b.post("/my/substitute/end", url.Values{"csrf": {csrf}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("end now: %d\n%s", rec.Code, rec.Body)
	}
	windows, _ = f.db.Substitutions(context.Background(), "li")
	if last := windows[len(windows)-1]; last.EndedAt == nil || !last.EndedAt.Equal(testNow) {
		t.Fatalf("the window ended at %v, want %s", last.EndedAt, testNow)
	}
}

// A refused form comes back with each wrong field's problem beside it, in
// the reader's language, what was typed kept, and nothing stored; the
// checks are the API's (store.CheckSubstitution).
func TestSubstitutePageFieldProblems(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("li")
	csrf := b.csrf("/my/substitute")
	for _, tc := range []struct {
		form  url.Values
		wants []string
	}{
		{url.Values{"substitute": {"ghost"}, "until": {"2024-05-01T00:00"}, "reason": {"出差"}},
			[]string{`id="problem-substitute">没有编号为 ghost 的人员。`, `id="problem-until">结束时间已过`, "填写有误:",
				`value="ghost"`, `value="2024-05-01T00:00"`, ">出差</textarea>"}},
		{url.Values{"substitute": {"li"}, "from": {"tomorrow"}},
			[]string{`id="problem-substitute">不能指定自己为代理人`, `id="problem-from">`, `id="problem-until">请填写结束时间`}},
		{url.Values{"substitute": {"zhou"}, "from": {"2024-06-05T09:00"}, "until": {"2024-06-04T09:00"}},
			[]string{`id="problem-until">结束时间须晚于开始时间`}},
		{url.Values{"substitute": {"zhou"}, "until": {"2024-06-04T09:00"}, "reason": {strings.Repeat("长", 501)}},
			[]string{`id="problem-reason">理由过长,最多 500 字`}},
	} {
		tc.form.Set("csrf", csrf)
		rec := b.post("/my/substitute", tc.form)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%v: %d, want 422", tc.form, rec.Code)
			continue
		}
		mustContain(t, rec.Body.String(), append(tc.wants, `id="error"`, `aria-invalid="true"`)...)
	}
	if windows, _ := f.db.Substitutions(context.Background(), "li"); len(windows) != 0 {
		t.Fatalf("a refused form stored %+v", windows)
	}

	b.get("/?lang=en")
	rec := b.post("/my/substitute", url.Values{"csrf": {csrf}, "substitute": {"ghost"}, "until": {"2024-06-04T09:00"}})
	mustContain(t, rec.Body.String(), "Please correct:", "Substitute: There is no person ghost.", "Times are read in the Asia/Shanghai timezone.")
}

// A window overlapping one the person has already is refused with the
// window it overlaps, and nothing changes.
func TestSubstitutePageOverlap(t *testing.T) {
	f := newFixture(t)
	f.addWindow(t, "li", "zhou", -time.Hour, 7*24*time.Hour)
	b := f.browser(t)
	b.signIn("li")
	csrf := b.csrf("/my/substitute")
	rec := b.post("/my/substitute", url.Values{"csrf": {csrf}, "substitute": {"zhao"}, "from": {"2024-06-03T09:00"}, "until": {"2024-06-04T18:00"}})
	if rec.Code != http.StatusConflict {
		t.Fatalf("overlap: %d\n%s", rec.Code, rec.Body)
	}
	mustContain(t, rec.Body.String(), `id="error"`, "与已有的代理安排冲突:周杰 自 2024-06-01 11:00 至 2024-06-08 12:00", `value="zhao"`)
	if windows, _ := f.db.Substitutions(context.Background(), "li"); len(windows) != 1 {
		t.Fatalf("li has %d windows, want the first only", len(windows))
	}
}

// A person with a timezone of their own has the pickers read there.
func TestSubstitutePagePersonTimezone(t *testing.T) {
	f := newFixture(t)
	if _, err := f.db.SetPersonSettings(context.Background(), "li", store.PersonSettings{Timezone: "Europe/London"}); err != nil {
		t.Fatal(err)
	}
	b := f.browser(t)
	b.signIn("li")
	csrf := b.csrf("/my/substitute")
	mustContain(t, b.get("/my/substitute").Body.String(), `data-zone="Europe/London"`)
	rec := b.post("/my/substitute", url.Values{"csrf": {csrf}, "substitute": {"zhou"}, "from": {"2024-06-01T06:00"}, "until": {"2024-06-02T18:00"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("set: %d\n%s", rec.Code, rec.Body)
	}
	windows, _ := f.db.Substitutions(context.Background(), "li")
	if len(windows) != 1 || !windows[0].From.Equal(time.Date(2024, 6, 1, 5, 0, 0, 0, time.UTC)) {
		t.Fatalf("stored %+v, want from 05:00 UTC (06:00 in London, summer time)", windows)
	}
	mustContain(t, b.get("/my/substitute").Body.String(), `id="window-from">2024-06-01 06:00`)
}
