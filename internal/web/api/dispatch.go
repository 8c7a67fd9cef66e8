package api

import (
	"bytes"
	"net/http"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"
	"go.yaml.in/yaml/v3"
)

// dispatchRequest adds a unit to a dispatched task after the import
// (POST /campaigns/{id}/tasks with {parent, unit}): the task is handed
// down to that unit too (docs/units.md).
type dispatchRequest struct {
	Parent string `yaml:"parent"`
	Unit   string `yaml:"unit"`
}

// dispatchRequestOf recognises the dispatch form of an added task: a body
// (JSON or YAML) whose only fields are parent and unit. Anything else is a
// task of its own, read by the planner with its own errors.
func dispatchRequestOf(body []byte) (dispatchRequest, bool) {
	if !bytes.Contains(body, []byte("parent")) { // most added tasks: no second parse
		return dispatchRequest{}, false
	}
	var fields map[string]any
	if yaml.Unmarshal(body, &fields) != nil || len(fields) != 2 {
		return dispatchRequest{}, false
	}
	parent, okP := fields["parent"].(string)
	unit, okU := fields["unit"].(string)
	return dispatchRequest{Parent: parent, Unit: unit}, okP && okU
}

// dispatchTo creates the child for the unit, then tells the parent, and
// answers with the child once both are projected. The parent is checked
// first so that a finished parent gets no child; a parent that finishes in
// between refuses the adoption (409) and the child, already created, is
// listed on its own until it is cancelled.
func (s *Server) dispatchTo(c *gin.Context, campaign string, d dispatchRequest) {
	ctx := c.Request.Context()
	for field, id := range map[string]string{"parent": d.Parent, "unit": d.Unit} {
		if id == "" || !printableASCII(id) {
			c.Error(unprocessable("the unit cannot be dispatched to").with(fieldError(field, "must be an id")))
			return
		}
	}
	if _, err := s.ops.Live(ctx, campaign, d.Parent); err != nil {
		c.Error(opsProblem(err))
		return
	}
	spec, err := s.planner.DispatchSpec(ctx, campaign, d.Parent, d.Unit, s.unitExists(ctx))
	if err != nil {
		c.Error(planProblem(err, "the unit cannot be dispatched to"))
		return
	}
	view, err := s.ops.Create(ctx, spec)
	if err != nil {
		c.Error(opsProblem(err))
		return
	}
	if _, err := s.ops.Adopt(ctx, campaign, d.Parent, task.AdoptRequest{Child: spec.ID, Owner: spec.Owner}); err != nil {
		c.Error(opsProblem(err))
		return
	}
	c.JSON(http.StatusCreated, view)
}
