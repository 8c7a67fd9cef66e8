package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/app/units"
	"github.com/closeout/closeout/internal/domain/unitrights"
	"github.com/closeout/closeout/internal/platform/store"
)

// itemID is the unit id rule (units.ID), which task ids follow too.
var itemID = units.ID

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

func (r unitRequest) unit() units.Unit {
	return units.Unit{ID: r.ID, Name: r.Name, Parent: r.Parent, Head: r.Head, Contacts: r.Contacts, Members: r.Members}
}

// validate checks the request on its own: ids, the name, list sizes.
func (r unitRequest) validate() []FieldError {
	return unitFieldErrors(units.Validate(r.unit()))
}

func unitFieldErrors(problems []units.Problem) []FieldError {
	var errs []FieldError
	for _, p := range problems {
		errs = append(errs, FieldError{p.Field, p.Text()})
	}
	return errs
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
		c.Error(notFound("no unit %s", id))
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
		c.Error(unprocessable("the unit is not valid").with(fieldError("id", "must be the path's unit id %q (a unit's id never changes)", id)))
		return
	}
	req.ID = id
	s.writeUnit(c, req, true)
}

// writeUnit checks req, and the caller's right to write it, and writes
// it (units.Write): 201 for a new unit, 200 for a change, 403 naming the
// unit when the caller may not (nothing written).
func (s *Server) writeUnit(c *gin.Context, req unitRequest, mustExist bool) {
	u, created, err := units.Write(c.Request.Context(), s.store, caller(c), req.unit(), mustExist, s.now())
	var (
		invalid *units.InvalidError
		refused *unitrights.Refusal
	)
	switch {
	case errors.As(err, &invalid):
		c.Error(unprocessable("the unit is not valid").with(unitFieldErrors(invalid.Problems)...))
		return
	case errors.Is(err, units.ErrNotFound):
		c.Error(notFound("no unit %s; create it with POST /api/v1/units", req.ID))
		return
	case errors.As(err, &refused):
		c.Error(unitForbidden(refused))
		return
	case err != nil:
		c.Error(unitWriteError(err))
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	c.JSON(status, u)
}

// unitExists checks unit ids against the store, remembering answers for the
// rest of the request (a plan naming units created earlier).
func (s *Server) unitExists(ctx context.Context) func(string) bool {
	return planning.UnitExists(ctx, s.store)
}
