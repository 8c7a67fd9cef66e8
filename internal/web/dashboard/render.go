package dashboard

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/store"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pages are the parsed templates, one set per page: the layout, the shared
// partials and the page's own "content". Parsed once; a template that does
// not parse fails every test.
var pages = parsePages()

func parsePages() map[string]*template.Template {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		out[base] = template.Must(template.New(base).Funcs(funcs).
			ParseFS(templateFiles, "templates/layout.html", "templates/partials.html", name))
	}
	return out
}

// funcs are the language-independent helpers; words come from .L.T.
var funcs = template.FuncMap{
	"date":         func(t time.Time, loc *time.Location) string { return formatTime(t, loc, "2006-01-02") },
	"datetime":     func(t time.Time, loc *time.Location) string { return formatTime(t, loc, "2006-01-02 15:04") },
	"assetVersion": func() string { return assetVersion },
	"item":         newTaskItem,
	"pick":         pickItem, // a board row with its bulk checkbox (board_actions.go)
	"rows":         func(n int) []int { return make([]int, n) },
	"number":       report.Number,
	"signed":       signedPoints, // a score item's points with their sign (scores.go)
	// The task page's forms come from the action table: kinds names them,
	// actionURL is where each posts, actionLabel its title's message key.
	"kinds":       func() actionKinds { return theKinds },
	"actionURL":   actionURL,
	"actionLabel": func(k task.Kind) string { return "action." + k.Name },
}

// formatTime shows an instant in a campaign's timezone; nothing for none.
func formatTime(t time.Time, loc *time.Location, layout string) string {
	if t.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(layout)
}

// taskItem is the data of the "task-item" partial: a task in a list, with
// what the list says beside it (its owner, or its campaign), and for a
// parent how many of its dispatched children are closed.
type taskItem struct {
	Task                     task.View
	L                        lang
	Me                       *personRef
	Context                  string
	Loc                      *time.Location
	Children, ChildrenClosed int
	// Selectable rows carry the board's bulk checkbox, Checked ticked.
	Selectable, Checked bool
}

func newTaskItem(t task.View, l lang, me *personRef, context string, loc *time.Location) taskItem {
	it := taskItem{Task: t, L: l, Me: me, Context: context, Loc: loc, Children: len(t.Children)}
	it.ChildrenClosed = closedChildren(t.Children)
	return it
}

func closedChildren(children []task.ChildView) int {
	n := 0
	for _, c := range children {
		if c.Status == task.StatusClosed {
			n++
		}
	}
	return n
}

// page is what every page shows around its content.
type page struct {
	L          lang
	Title      string
	Me         *personRef
	CSRF       string
	SwitchLang string
	Flash      string // a message key: what just succeeded
	Error      string // shown as it is: translated, with the rules' own words if they refused
	Loc        *time.Location
	// Query is what the header's search box shows: the words of the search
	// whose results are on the page (search.go).
	Query string
}

// personRef is a person as the pages name them.
type personRef struct {
	ID, Name string
	// Admin offers the admin's pages in the header (the audit log).
	Admin bool
	// Importer offers the import page's links (import.go).
	Importer bool
}

// basePage fills the parts every page has; titleKey is a message key.
func (d *Dashboard) basePage(c *gin.Context, titleKey string) page {
	l := langOf(c)
	p := page{L: l, Title: l.T(titleKey), SwitchLang: switchURL(c.Request.URL, l.Other()), Loc: time.UTC}
	if _, ok := c.Get(personKey); ok {
		m := me(c)
		p.Me = &personRef{ID: m.ID, Name: displayName(m), Admin: m.Has(store.RoleAdmin), Importer: d.imports != nil && mayImport(m)}
		p.CSRF = sessionCSRF(c)
	}
	return p
}

// render writes a page; it is rendered whole first, so a template error is a
// clean error page rather than half a page.
func (d *Dashboard) render(c *gin.Context, status int, name string, data any) {
	t, ok := pages[name]
	if !ok {
		d.fail(c, fmt.Errorf("no page template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		d.fail(c, fmt.Errorf("render %s: %w", name, err))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
	c.Abort()
}

// securityHeaders keep every page to this server: no script, style, image or
// form target from elsewhere, no framing by other sites.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
}
