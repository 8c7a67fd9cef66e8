package dashboard

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/units"
	"github.com/closeout/closeout/internal/domain/unitrights"
	"github.com/closeout/closeout/internal/platform/store"
)

// The units page (SPEC sections 10 and 15), /units: the tree of units for
// everyone signed in; a form that creates one for a manager or an admin;
// and /units/{id}, the edit form, offered to whoever may change that unit
// (an admin, or the head of it or of a unit above it). The page offers
// what unitrights allows, and units.Write checks the same rule again, as
// it does for the API.

// unitPages serves /units and /units/{id}.
type unitPages struct {
	d     *Dashboard
	store adminStore
}

// unitNode is one unit of the tree as the page lists it: its depth, and
// whether the reader may edit it.
type unitNode struct {
	store.Unit
	Depth    int
	Editable bool
}

// maxIndent is the deepest indentation the page draws (style.css has a
// class per level); deeper units are indented as much, and still follow
// their parent, so the tree stays readable at 390 px.
const maxIndent = 6

// Indent is the node's indentation class level.
func (n unitNode) Indent() int { return min(n.Depth, maxIndent) }

// unitForm is the create or edit form, as stored or as sent; people are
// ids separated by spaces or commas.
type unitForm struct {
	ID, Name, Parent, Head, Members, Contacts string
}

type unitsPageData struct {
	page
	Tree      []unitNode
	MayCreate bool
	Form      unitForm
	Problems  map[string]string
	Units     []store.Unit
	People    []ownerChoice
}

type unitPageData struct {
	page
	Unit     store.Unit
	Form     unitForm
	Problems map[string]string
	Units    []store.Unit
	People   []ownerChoice
}

// tree orders all as a tree: each unit after its parent, children by id,
// with their depth; a unit whose parent is missing (or a cycle's) is a root.
func tree(all []store.Unit) []unitNode {
	byID := map[string]bool{}
	children := map[string][]store.Unit{}
	for _, u := range all {
		byID[u.ID] = true
	}
	var roots []store.Unit
	for _, u := range all {
		if u.Parent == "" || !byID[u.Parent] {
			roots = append(roots, u)
		} else {
			children[u.Parent] = append(children[u.Parent], u)
		}
	}
	byIDOrder := func(a, b store.Unit) int { return cmp.Compare(a.ID, b.ID) }
	slices.SortFunc(roots, byIDOrder)
	out := make([]unitNode, 0, len(all))
	seen := map[string]bool{}
	var walk func(u store.Unit, depth int)
	walk = func(u store.Unit, depth int) {
		if seen[u.ID] {
			return
		}
		seen[u.ID] = true
		out = append(out, unitNode{Unit: u, Depth: depth})
		kids := children[u.ID]
		slices.SortFunc(kids, byIDOrder)
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	for _, u := range all { // units in a cycle, which no root reaches
		walk(u, 0)
	}
	return out
}

// lookupIn answers unitrights' lookups from units read once.
func lookupIn(all []store.Unit) unitrights.Lookup {
	byID := make(map[string]unitrights.Unit, len(all))
	for _, u := range all {
		byID[u.ID] = units.Rights(u)
	}
	return func(id string) (unitrights.Unit, bool) {
		u, ok := byID[id]
		return u, ok
	}
}

// mayCreate: a manager or an admin creates units.
func mayCreate(p store.Person) bool {
	return p.Has(store.RoleAdmin) || p.Has(store.RoleManager)
}

// list serves GET /units.
func (up *unitPages) list(c *gin.Context) {
	up.renderList(c, http.StatusOK, unitForm{}, nil)
}

func (up *unitPages) renderList(c *gin.Context, status int, form unitForm, problems map[string]string) {
	ctx, person := c.Request.Context(), me(c)
	all, err := up.d.store.ListUnits(ctx)
	if err != nil {
		up.d.fail(c, err)
		return
	}
	who, find := units.Actor(person), lookupIn(all)
	p := unitsPageData{page: up.d.basePage(c, "units.title"), MayCreate: mayCreate(person), Form: form,
		Problems: problems, Units: all}
	for _, n := range tree(all) {
		n.Editable = unitrights.Holds(who, n.ID, find)
		p.Tree = append(p.Tree, n)
	}
	if p.MayCreate {
		if p.People, err = up.peopleChoices(c); err != nil {
			up.d.fail(c, err)
			return
		}
	}
	if c.Query("done") == "created" {
		p.Flash = "units.done.created"
	}
	if len(problems) > 0 {
		p.Error = p.L.T("people.err.form")
	}
	up.d.render(c, status, "units", p)
}

// peopleChoices are the head and members fields' suggestions.
func (up *unitPages) peopleChoices(c *gin.Context) ([]ownerChoice, error) {
	people, err := up.d.store.ListPeople(c.Request.Context(), maxOwnerChoices)
	if err != nil {
		return nil, err
	}
	out := make([]ownerChoice, 0, len(people))
	for _, p := range people {
		out = append(out, ownerChoice{ID: p.ID, Name: displayName(p)})
	}
	return out, nil
}

// readUnitForm reads the form as sent.
func readUnitForm(c *gin.Context) unitForm {
	return unitForm{ID: strings.TrimSpace(c.PostForm("id")), Name: strings.TrimSpace(c.PostForm("name")),
		Parent: strings.TrimSpace(c.PostForm("parent")), Head: strings.TrimSpace(c.PostForm("head")),
		Members: c.PostForm("members"), Contacts: c.PostForm("contacts")}
}

func (f unitForm) unit() units.Unit {
	return units.Unit{ID: f.ID, Name: f.Name, Parent: f.Parent, Head: f.Head,
		Members: nonNilIDs(unitIDs(f.Members)), Contacts: nonNilIDs(unitIDs(f.Contacts))}
}

func nonNilIDs(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// create serves POST /units (a manager or an admin; units.Write checks).
// A unit of that id that exists already is refused here: editing is the
// unit's own page.
func (up *unitPages) create(c *gin.Context) {
	form := readUnitForm(c)
	if _, err := up.store.GetUnit(c.Request.Context(), form.ID); err == nil {
		up.renderList(c, http.StatusConflict, form, map[string]string{"id": langOf(c).T("units.err.exists")})
		return
	}
	_, _, err := units.Write(c.Request.Context(), up.store, me(c), form.unit(), false, up.d.now())
	if problems, status, ok := up.unitRefusal(c, err); !ok {
		return
	} else if problems != nil || status != 0 {
		up.renderList(c, status, form, problems)
		return
	}
	c.Redirect(http.StatusSeeOther, "/units?done=created")
}

// unitRefusal turns units.Write's error into the form's problems and the
// answer's status; ok is false when it answered itself (403, 500). All
// zero: written.
func (up *unitPages) unitRefusal(c *gin.Context, err error) (map[string]string, int, bool) {
	l := langOf(c)
	var (
		invalid *units.InvalidError
		refused *unitrights.Refusal
	)
	switch {
	case err == nil:
		return nil, 0, true
	case errors.As(err, &invalid):
		out := map[string]string{}
		for _, p := range invalid.Problems {
			field, _, _ := strings.Cut(p.Field, "[")
			if _, seen := out[field]; !seen {
				out[field] = l.T("units.err." + p.Code)
				if p.Code == units.ProblemUnknownPerson || p.Code == units.ProblemCycle {
					out[field] += " " + p.Message
				}
			}
		}
		return out, http.StatusUnprocessableEntity, true
	case errors.As(err, &refused):
		msg := refused.English()
		if l == langZH {
			msg = refused.Chinese()
		}
		p := up.d.basePage(c, "error.title")
		up.d.render(c, http.StatusForbidden, "error", errorPageData{page: p, Status: http.StatusForbidden, Message: msg})
		return nil, 0, false
	case errors.Is(err, units.ErrNotFound):
		up.d.errorPage(c, http.StatusNotFound, "error.nounit")
		return nil, 0, false
	case errors.Is(err, store.ErrUnitChanged):
		return map[string]string{"name": l.T("units.err.changed")}, http.StatusConflict, true
	}
	up.d.fail(c, err)
	return nil, 0, false
}

// show serves GET /units/{unit}: the edit form for whoever may change it.
func (up *unitPages) show(c *gin.Context) {
	data, ok := up.unitPage(c)
	if !ok {
		return
	}
	if c.Query("done") == "saved" {
		data.Flash = "units.done.saved"
	}
	up.d.render(c, http.StatusOK, "unit", data)
}

// unitPage reads the unit of the path; only those who may change it see
// it here (403 for others, who read it in the tree).
func (up *unitPages) unitPage(c *gin.Context) (*unitPageData, bool) {
	ctx := c.Request.Context()
	all, err := up.d.store.ListUnits(ctx)
	if err != nil {
		up.d.fail(c, err)
		return nil, false
	}
	i := slices.IndexFunc(all, func(u store.Unit) bool { return u.ID == c.Param("unit") })
	if i < 0 {
		up.d.errorPage(c, http.StatusNotFound, "error.nounit")
		return nil, false
	}
	u := all[i]
	if !unitrights.Holds(units.Actor(me(c)), u.ID, lookupIn(all)) {
		up.d.errorPage(c, http.StatusForbidden, "units.err.mayedit")
		return nil, false
	}
	data := &unitPageData{page: up.d.basePage(c, "units.edit"), Unit: u, Units: all, Problems: map[string]string{},
		Form: unitForm{ID: u.ID, Name: u.Name, Parent: u.Parent, Head: u.Head,
			Members: strings.Join(u.Members, " "), Contacts: strings.Join(u.Contacts, " ")}}
	data.Title = u.Name
	if data.People, err = up.peopleChoices(c); err != nil {
		up.d.fail(c, err)
		return nil, false
	}
	return data, true
}

// save serves POST /units/{unit}: the change, checked by units.Write
// under the rule of section 15 whatever the page offered.
func (up *unitPages) save(c *gin.Context) {
	form := readUnitForm(c)
	form.ID = c.Param("unit")
	_, _, err := units.Write(c.Request.Context(), up.store, me(c), form.unit(), true, up.d.now())
	problems, status, ok := up.unitRefusal(c, err)
	if !ok {
		return
	}
	if status == 0 {
		c.Redirect(http.StatusSeeOther, "/units/"+form.ID+"?done=saved")
		return
	}
	data, ok := up.unitPage(c)
	if !ok {
		return
	}
	data.Form, data.Problems = form, problems
	data.Error = data.L.T("people.err.form")
	up.d.render(c, status, "unit", data)
}
