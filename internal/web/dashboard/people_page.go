package dashboard

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/app/units"
	"github.com/closeout/closeout/internal/platform/store"
)

// The people page (SPEC section 16), /people: everyone signed in searches
// the office's people; an admin also creates a person (and sees their
// invitation link once), issues a new link, edits a person and deactivates
// them, then hands what they held over to someone else in one go. The work
// is accounts' and the store's, as for the API (internal/web/api/people*.go);
// these handlers read forms and show answers.

// adminStore is what the people and units pages read and write beyond
// Store (*store.DB has it all); a store without it serves neither page.
type adminStore interface {
	accounts.PeopleStore
	ListAccounts(ctx context.Context, f store.PeopleFilter) ([]store.Account, string, error)
	CreatePerson(ctx context.Context, p store.Person) error
	units.Store
}

// adminRoutes are the people and units pages, on the signed-in group.
func (d *Dashboard) adminRoutes(in *gin.RouterGroup) {
	st, ok := d.store.(adminStore)
	if !ok {
		return
	}
	people := &accounts.People{Store: st, Tasks: d.tasks, Now: func() time.Time { return d.now() }}
	pp := &peoplePages{d: d, store: st, people: people}
	in.GET("/people", pp.list)
	in.POST("/people", d.requireAdmin, pp.create)
	in.GET("/people/:id", d.requireAdmin, pp.show)
	in.POST("/people/:id", d.requireAdmin, pp.save)
	in.POST("/people/:id/invitation", d.requireAdmin, pp.reinvite)
	in.POST("/people/:id/deactivate", d.requireAdmin, pp.deactivate)
	in.POST("/people/:id/reactivate", d.requireAdmin, pp.reactivate)
	in.POST("/people/:id/handover", d.requireAdmin, pp.handOver)
	up := &unitPages{d: d, store: st}
	in.GET("/units", up.list)
	in.POST("/units", up.create)
	in.GET("/units/:unit", up.show)
	in.POST("/units/:unit", up.save)
}

// requireAdmin refuses (403) whoever is not an admin.
func (d *Dashboard) requireAdmin(c *gin.Context) {
	if !me(c).Has(store.RoleAdmin) {
		d.errorPage(c, http.StatusForbidden, "error.adminonly")
	}
}

// peoplePages serves /people and /people/{id}.
type peoplePages struct {
	d      *Dashboard
	store  adminStore
	people *accounts.People
}

// peopleFilterForm is the list's search, as typed.
type peopleFilterForm struct {
	Q, Unit, Role, Active string
}

// newPersonForm is the create form, as sent, to fill it again on a refusal.
type newPersonForm struct {
	ID, Name, Email string
	Roles           []string
}

// Checked says which roles the form ticks.
func (f newPersonForm) Checked() map[string]bool { return roleSet(f.Roles) }

func roleSet(roles []string) map[string]bool {
	out := map[string]bool{}
	for _, r := range roles {
		out[r] = true
	}
	return out
}

// invitationView is a link just issued: shown on this answer only.
type invitationView struct {
	Person    string
	URL       string
	ExpiresAt time.Time
	// Expires is ExpiresAt as the admin reads it (their timezone).
	Expires string
}

type peoplePageData struct {
	page
	Admin    bool
	Filter   peopleFilterForm
	People   []store.Account
	Next     string
	Units    []store.Unit
	Roles    []string
	Form     newPersonForm
	Problems map[string]string
	Invited  *invitationView
}

// knownRoles are the roles a person may hold, in the order forms show them.
var knownRoles = accounts.Roles

// list serves GET /people?q=&unit=&role=&active=&cursor=.
func (pp *peoplePages) list(c *gin.Context) {
	pp.renderList(c, http.StatusOK, newPersonForm{Roles: []string{store.RoleMember}}, nil, nil)
}

func (pp *peoplePages) renderList(c *gin.Context, status int, form newPersonForm, problems map[string]string, invited *invitationView) {
	ctx := c.Request.Context()
	p := peoplePageData{page: pp.d.basePage(c, "people.title"), Admin: me(c).Has(store.RoleAdmin), Roles: knownRoles,
		Form: form, Problems: problems, Invited: invited}
	p.Filter = peopleFilterForm{Q: strings.TrimSpace(c.Query("q")), Unit: c.Query("unit"), Role: c.Query("role"), Active: c.Query("active")}
	f := store.PeopleFilter{Q: p.Filter.Q, Unit: p.Filter.Unit, Cursor: c.Query("cursor"), Limit: store.DefaultPeoplePage}
	if containsString(knownRoles, p.Filter.Role) {
		f.Role = p.Filter.Role
	}
	if active, err := strconv.ParseBool(p.Filter.Active); err == nil {
		f.Active = &active
	}
	if f.Cursor != "" && !accounts.PersonID.MatchString(f.Cursor) {
		pp.d.errorPage(c, http.StatusBadRequest, "error.badcursor")
		return
	}
	var err error
	if p.People, p.Next, err = pp.store.ListAccounts(ctx, f); err != nil {
		pp.d.fail(c, err)
		return
	}
	if p.Units, err = pp.d.store.ListUnits(ctx); err != nil {
		pp.d.fail(c, err)
		return
	}
	if invited != nil {
		p.Flash = "people.done.created"
	}
	if len(problems) > 0 {
		p.Error = p.L.T("people.err.form")
	}
	allowCopyScript(c, invited != nil)
	pp.d.render(c, status, "people", p)
}

// create serves POST /people (admin): the person, then the page with their
// invitation link, shown in this answer only (the store keeps its hash).
// The answer is not a redirect, so the link never sits in a URL.
func (pp *peoplePages) create(c *gin.Context) {
	ctx := c.Request.Context()
	form := newPersonForm{ID: strings.TrimSpace(c.PostForm("id")), Name: strings.TrimSpace(c.PostForm("name")),
		Email: strings.TrimSpace(c.PostForm("email")), Roles: c.PostFormArray("roles")}
	problems := accounts.CheckNewPerson(form.ID, form.Name, form.Email, form.Roles)
	if len(problems) > 0 {
		pp.renderList(c, http.StatusUnprocessableEntity, form, problemTexts(langOf(c), problems), nil)
		return
	}
	if len(form.Roles) == 0 {
		form.Roles = []string{store.RoleMember}
	}
	err := pp.store.CreatePerson(ctx, store.Person{ID: form.ID, Name: form.Name, Email: form.Email, Roles: form.Roles,
		CreatedAt: pp.d.now()})
	if errors.Is(err, store.ErrExists) {
		pp.renderList(c, http.StatusConflict, form, map[string]string{"id": langOf(c).T("people.err.exists")}, nil)
		return
	}
	if err != nil {
		pp.d.fail(c, err)
		return
	}
	inv, ok := pp.invite(c, form.ID)
	if !ok {
		return
	}
	pp.renderList(c, http.StatusCreated, newPersonForm{Roles: []string{store.RoleMember}}, nil, inv)
}

// invite issues person a new link; ok is false when it answered itself.
func (pp *peoplePages) invite(c *gin.Context, person string) (*invitationView, bool) {
	if pp.d.accounts == nil {
		pp.d.errorPage(c, http.StatusNotImplemented, "people.err.nopasswords")
		return nil, false
	}
	inv, err := pp.d.accounts.Invite(c.Request.Context(), person, me(c).ID)
	if errors.Is(err, store.ErrNotFound) {
		pp.d.errorPage(c, http.StatusNotFound, "error.noperson")
		return nil, false
	}
	if err != nil {
		pp.d.fail(c, err)
		return nil, false
	}
	loc, _ := zoneOf(me(c))
	return &invitationView{Person: person, URL: inv.URL(publicBase(c)), ExpiresAt: inv.ExpiresAt,
		Expires: formatTime(inv.ExpiresAt, loc, "2006-01-02 15:04")}, true
}

// publicBase is this dashboard's address as the browser reached it; the
// invitation link is read by a person on the same network.
func publicBase(c *gin.Context) string {
	scheme := "http"
	if isHTTPS(c.Request) {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// allowCopyScript lets the one page that shows a link run the copy
// button's script (assets/copy.js), from this server only; every other
// page runs none.
func allowCopyScript(c *gin.Context, on bool) {
	if on {
		c.Header("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "+
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	}
}

// problemTexts words each field's problem in l, by field.
func problemTexts(l lang, problems []accounts.FieldProblem) map[string]string {
	out := map[string]string{}
	for _, p := range problems {
		if _, seen := out[p.Field]; !seen {
			out[p.Field] = l.T("people.err." + p.Code)
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
