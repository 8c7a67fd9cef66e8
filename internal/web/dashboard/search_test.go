package dashboard

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The search box is in every page's header; its results page lists the
// tasks holding every word typed (a substring of a Chinese title is
// enough), each linking to the task, says so when none does, and explains
// itself when nothing was typed.
func TestSearchPage(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("li")
	for _, path := range []string{"/", "/my", "/tasks/c1/T1"} {
		mustContain(t, b.get(path).Body.String(), `<form class="search" method="get" action="/search" role="search">`, `name="q"`)
	}
	search := func(q string) (int, string) {
		r := b.get("/search?" + url.Values{"q": {q}}.Encode())
		return r.Code, r.Body.String()
	}
	for q, want := range map[string][]string{
		"借调":    {"T1"},
		"借调 人员": {"T1"},
		"培训 t3": {"T3"},
		"清单":    {"T2"},
		"借调 培训": nil,
	} {
		code, body := search(q)
		if code != http.StatusOK {
			t.Fatalf("search %q: %d", q, code)
		}
		if got := sectionTasks(t, strings.Replace(body, `id="search-results"`, `id="found"`, 1), "found"); !slices.Equal(got, want) {
			t.Errorf("search %q lists %v, want %v", q, got, want)
		}
		if want != nil {
			mustContain(t, body, `href="/tasks/c1/`+want[0]+`"`, `value="`+q+`"`)
		} else {
			mustContain(t, body, `id="search-none"`, "没有找到符合的任务")
		}
	}
	if code, body := search(""); code != http.StatusOK || !strings.Contains(body, `id="search-hint"`) {
		t.Errorf("an empty search: %d, want the hint", code)
	}
	if code, body := search(strings.Repeat("借", 201)); code != http.StatusBadRequest || !strings.Contains(body, "搜索内容过长") {
		t.Errorf("a search too long: %d", code)
	}
}
