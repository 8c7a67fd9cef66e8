package api

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
)

// addTask adds one task to a campaign (API-triggered task creation). It is
// scheduled like a plan task and answered once it is in the projection.
func (s *Server) addTask(c *gin.Context) {
	ctx := c.Request.Context()
	cp, err := s.campaign(c)
	if err != nil {
		c.Error(err)
		return
	}
	me := caller(c)
	if me.ID != cp.Owner && !me.Has(store.RoleAdmin) && !me.Has(store.RoleManager) {
		c.Error(forbidden("only the campaign owner, a manager or an admin adds tasks"))
		return
	}
	body, format, ok := readPlanBody(c)
	if !ok {
		return
	}
	if d, ok := dispatchRequestOf(body); ok {
		s.dispatchTo(c, cp.ID, d)
		return
	}
	spec, deps, err := s.planner.NewTaskWith(ctx, cp.ID, body, format,
		plan.ParseOptions{PersonExists: s.personExists(ctx), UnitExists: s.unitExists(ctx)})
	if err != nil {
		c.Error(planProblem(err, "the task is not valid"))
		return
	}
	if field, bad := nulField(spec); bad {
		c.Error(nulProblem(field, "the task is not valid"))
		return
	}
	if errs := oversizedSpecs([]task.Spec{spec}, func(task.Spec) string { return "" }); len(errs) > 0 {
		c.Error(unprocessable("the task is too large to run").with(errs...))
		return
	}
	view, err := s.ops.Create(ctx, spec)
	if err != nil {
		c.Error(opsProblem(err))
		return
	}
	if err := s.planner.SignalDependencies(ctx, deps); err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusCreated, view)
}

// readPlanBody reads a plan or task body and its format from Content-Type.
func readPlanBody(c *gin.Context) ([]byte, plan.Format, bool) {
	format, err := plan.FormatFromContentType(c.ContentType())
	if err != nil {
		writeProblem(c, problem(http.StatusUnsupportedMediaType, "send the plan as application/json or application/yaml"))
		return nil, 0, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	if err != nil {
		writeProblem(c, problem(http.StatusRequestEntityTooLarge, "the plan is too large"))
		return nil, 0, false
	}
	return body, format, true
}
