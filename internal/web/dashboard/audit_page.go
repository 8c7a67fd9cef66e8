package dashboard

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
)

// The audit page (SPEC sections 15 and 16), /audit, for admins: the log
// the API serves at GET /api/v1/audit, newest first, filtered by actor,
// target, action and a span of days, a page at a time ("older" follows the
// store's cursor). The days are read in the admin's timezone (zoneOf), the
// same as the substitute page's.

// auditForm is the filter as the form sent it, to fill the form again and
// to carry it into the "older" link.
type auditForm struct {
	Actor, Target, Action, Since, Until string
}

// auditRow is an entry as the page shows it.
type auditRow struct {
	audit.Entry
	// Details are the entry's detail as key=value, sorted by key.
	Details []string
}

type auditPageData struct {
	page
	Form    auditForm
	Actions []string
	Rows    []auditRow
	// Older is the link to the next page, "" on the last.
	Older string
}

// auditPage serves the log; 403 for anyone but an admin.
func (d *Dashboard) auditPage(c *gin.Context) {
	if !me(c).Has(store.RoleAdmin) {
		d.errorPage(c, http.StatusForbidden, "audit.forbidden")
		return
	}
	p := &auditPageData{page: d.basePage(c, "audit.title"), Actions: audit.Actions}
	loc, _ := zoneOf(me(c))
	p.Loc = loc
	p.Form = auditForm{Actor: strings.TrimSpace(c.Query("actor")), Target: strings.TrimSpace(c.Query("target")),
		Action: c.Query("action"), Since: c.Query("since"), Until: c.Query("until")}
	f, problem := auditFilterOf(p.Form, loc)
	f.Cursor = c.Query("cursor")
	if problem != "" {
		p.Error = p.L.T(problem)
		d.render(c, http.StatusBadRequest, "audit", p)
		return
	}
	entries, next, err := d.store.AuditLog(c.Request.Context(), f)
	switch {
	case errors.Is(err, store.ErrBadCursor):
		d.errorPage(c, http.StatusBadRequest, "error.badcursor")
		return
	case err != nil:
		d.fail(c, err)
		return
	}
	for _, e := range entries {
		p.Rows = append(p.Rows, auditRow{Entry: e, Details: detailLines(e.Detail)})
	}
	if next != "" {
		p.Older = olderLink(p.Form, next)
	}
	d.render(c, http.StatusOK, "audit", p)
}

// auditFilterOf reads the form into the store's filter; problem is the
// message key of a field that is wrong. Since is the start of its day,
// Until the end of its day.
func auditFilterOf(form auditForm, loc *time.Location) (store.AuditFilter, string) {
	f := store.AuditFilter{Actor: form.Actor, Target: form.Target, Action: form.Action, Limit: store.DefaultAuditPage}
	if f.Action != "" && !slices.Contains(audit.Actions, f.Action) {
		return f, "audit.err.action"
	}
	if form.Since != "" {
		day, err := time.ParseInLocation(time.DateOnly, form.Since, loc)
		if err != nil {
			return f, "audit.err.date"
		}
		f.Since = day
	}
	if form.Until != "" {
		day, err := time.ParseInLocation(time.DateOnly, form.Until, loc)
		if err != nil {
			return f, "audit.err.date"
		}
		f.Until = day.AddDate(0, 0, 1)
	}
	return f, ""
}

// olderLink is the page after this one under the same filter.
func olderLink(form auditForm, cursor string) string {
	q := url.Values{}
	for k, v := range map[string]string{"actor": form.Actor, "target": form.Target, "action": form.Action,
		"since": form.Since, "until": form.Until, "cursor": cursor} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return "/audit?" + q.Encode()
}

// detailLines shows an entry's detail (already cleaned of secrets by the
// store) as key=value lines.
func detailLines(detail map[string]any) []string {
	keys := make([]string, 0, len(detail))
	for k := range detail {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, fmt.Sprintf("%s=%v", k, detail[k]))
	}
	return out
}
