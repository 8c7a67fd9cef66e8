package api

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/domain/unitrights"
	"github.com/closeout/closeout/internal/platform/store"
)

// itemID is the task id rule (internal/domain/plan/ids.go), which unit ids follow too: they
// end up in task ids ("T01.hn-haikou") and role holders ("unit:hn-haikou").
var itemID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// Bounds on one unit, so that its lookups stay single queries.
const (
	maxUnitPeople   = 1000 // members, and contacts
	maxUnitName     = 200  // characters
	maxUnitAncestry = 64   // levels above a unit, when looking for a cycle
)

// unitRequest is POST /units and PUT /units/{unit}: one unit, created or
// replaced whole.
type unitRequest struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Parent   string   `json:"parent"`
	Head     string   `json:"head"`
	Contacts []string `json:"contacts"`
	Members  []string `json:"members"`
}

// validate checks the request on its own: ids, the name, list sizes.
func (r unitRequest) validate() []FieldError {
	var errs []FieldError
	if !itemID.MatchString(r.ID) {
		errs = append(errs, FieldError{"id", "must match " + itemID.String()})
	}
	switch n := utf8.RuneCountInString(r.Name); {
	case strings.TrimSpace(r.Name) == "":
		errs = append(errs, FieldError{"name", "is required"})
	case n > maxUnitName:
		errs = append(errs, FieldError{"name", "is too long: at most " + strconv.Itoa(maxUnitName) + " characters"})
	}
	switch {
	case r.Parent == "":
	case !itemID.MatchString(r.Parent):
		errs = append(errs, FieldError{"parent", "must be a unit id, matching " + itemID.String()})
	case r.Parent == r.ID:
		errs = append(errs, FieldError{"parent", "a unit cannot be its own parent"})
	}
	for _, l := range []struct {
		field string
		ids   []string
	}{{"contacts", r.Contacts}, {"members", r.Members}} {
		if len(l.ids) > maxUnitPeople {
			errs = append(errs, FieldError{l.field, "lists too many people: at most " + strconv.Itoa(maxUnitPeople)})
		}
	}
	return errs
}

// people are the ids the request names, each once, with the field naming
// it first.
func (r unitRequest) people() ([]string, map[string]string) {
	field := map[string]string{}
	var ids []string
	add := func(id, f string) {
		if _, ok := field[id]; !ok {
			field[id] = f
			ids = append(ids, id)
		}
	}
	if r.Head != "" {
		add(r.Head, "head")
	}
	for i, id := range r.Contacts {
		add(id, fieldIndex("contacts", i))
	}
	for i, id := range r.Members {
		add(id, fieldIndex("members", i))
	}
	return ids, field
}

// listUnits serves GET /units: every unit, in id order, with its people and
// children.
func (s *Server) listUnits(c *gin.Context) {
	units, err := s.store.ListUnits(c.Request.Context())
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusOK, list[store.Unit]{Items: nonNil(units)})
}

// getUnit serves GET /units/{unit}.
func (s *Server) getUnit(c *gin.Context) {
	id := c.Param("unit")
	u, err := s.store.GetUnit(c.Request.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		c.Error(notFound("no unit " + id))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusOK, u)
}

// createUnit serves POST /units: it creates the unit (201) or, when one
// has its id, changes it (200) exactly as PUT /units/{unit} does, under the
// same rule (unitrights). Members and contacts become exactly the lists
// sent. The parent must exist and stay above the unit (units make a tree);
// every person named must exist.
func (s *Server) createUnit(c *gin.Context) {
	var req unitRequest
	if !bindJSON(c, &req) {
		return
	}
	s.writeUnit(c, req, false)
}

// putUnit serves PUT /units/{unit}: it changes an existing unit (404 when
// there is none: POST creates). The body's id, when given, must be the
// path's.
func (s *Server) putUnit(c *gin.Context) {
	var req unitRequest
	if !bindJSON(c, &req) {
		return
	}
	id := c.Param("unit")
	if req.ID != "" && req.ID != id {
		c.Error(unprocessable("the unit is not valid", FieldError{"id", "must be the path's unit id " + strconv.Quote(id) + " (a unit's id never changes)"}))
		return
	}
	req.ID = id
	s.writeUnit(c, req, true)
}

// writeUnit checks req, and the caller's right to write it, and writes
// it: 201 for a new unit, 200 for a change, 403 naming the unit when the
// caller may not (nothing written).
func (s *Server) writeUnit(c *gin.Context, req unitRequest, mustExist bool) {
	ctx := c.Request.Context()
	if errs := req.validate(); len(errs) > 0 {
		c.Error(unprocessable("the unit is not valid", errs...))
		return
	}
	stored, err := s.store.GetUnit(ctx, req.ID)
	exists := err == nil
	switch {
	case errors.Is(err, store.ErrNotFound) && mustExist:
		c.Error(notFound("no unit " + req.ID + "; create it with POST /api/v1/units"))
		return
	case err != nil && !errors.Is(err, store.ErrNotFound):
		c.Error(err)
		return
	}
	// The right first: a caller who may not write the unit learns nothing
	// more of what they sent.
	next := store.Unit{ID: req.ID, Name: req.Name, Parent: req.Parent, Head: req.Head,
		Contacts: req.Contacts, Members: req.Members, CreatedAt: s.now()}
	units := s.storedUnits(ctx)
	r := unitrights.Check(rightsActor(caller(c)), rightsUnit(stored), exists, rightsUnit(next), units.find)
	if units.err != nil {
		c.Error(units.err)
		return
	}
	if r != nil {
		c.Error(unitForbidden(r))
		return
	}
	errs, err := s.checkUnitReferences(ctx, req)
	if err != nil {
		c.Error(err)
		return
	}
	if len(errs) > 0 {
		c.Error(unprocessable("the unit is not valid", errs...))
		return
	}
	checked := store.UnitsAsChecked{req.ID: nil}
	if exists {
		checked[req.ID] = &stored
	}
	if err := s.store.UpsertUnitsAsChecked(ctx, []store.Unit{next}, checked); err != nil {
		c.Error(unitWriteError(err))
		return
	}
	u, err := s.store.GetUnit(ctx, req.ID)
	if err != nil {
		c.Error(err)
		return
	}
	status := http.StatusCreated
	if exists {
		status = http.StatusOK
	}
	c.JSON(status, u)
}

// checkUnitReferences checks what the request names against the store: the
// parent exists and does not have the unit above it, and the people exist.
func (s *Server) checkUnitReferences(ctx context.Context, req unitRequest) ([]FieldError, error) {
	var errs []FieldError
	if req.Parent != "" {
		msg, err := s.checkParent(ctx, req.ID, req.Parent)
		if err != nil {
			return nil, err
		}
		if msg != "" {
			errs = append(errs, FieldError{"parent", msg})
		}
	}
	ids, field := req.people()
	known, err := s.store.PeopleByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, ok := known[id]; !ok {
			errs = append(errs, FieldError{field[id], "no person " + strconv.Quote(id)})
		}
	}
	return errs, nil
}

// checkParent walks up from parent: it must exist, and id must not be
// among its ancestors (that would make a cycle). It answers what is wrong,
// or "".
func (s *Server) checkParent(ctx context.Context, id, parent string) (string, error) {
	chain := []string{id, parent}
	for at := parent; at != ""; {
		u, err := s.store.GetUnit(ctx, at)
		if errors.Is(err, store.ErrNotFound) {
			if at == parent {
				return "no unit " + strconv.Quote(parent), nil
			}
			return "", nil // a dangling parent above: the tree ends there
		}
		if err != nil {
			return "", err
		}
		if u.Parent == id {
			return "unit " + id + " is above " + parent + ": the units would make a cycle (" +
				strings.Join(append(chain, id), " → ") + ")", nil
		}
		if len(chain) > maxUnitAncestry {
			return "", nil
		}
		if u.Parent != "" {
			chain = append(chain, u.Parent)
		}
		at = u.Parent
	}
	return "", nil
}

// unitExists checks unit ids against the store, remembering answers for the
// rest of the request (a plan naming units created earlier).
func (s *Server) unitExists(ctx context.Context) func(string) bool {
	known := map[string]bool{}
	return func(id string) bool {
		if v, ok := known[id]; ok {
			return v
		}
		_, err := s.store.GetUnit(ctx, id)
		known[id] = err == nil
		return known[id]
	}
}
