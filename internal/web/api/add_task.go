package api

import (
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/i18n"
)

// addTask adds one task to a campaign (API-triggered task creation) through
// the use case the board's form shares (planning.Adder): it is scheduled
// like a plan task and answered once it is in the projection. A body naming
// a unit to dispatch to instead adds a child to a dispatched task.
func (s *Server) addTask(c *gin.Context) {
	cp, err := s.campaign(c)
	if err != nil {
		c.Error(err)
		return
	}
	me := caller(c)
	// Checked before the body is read, for the dispatch below too.
	if !planning.MayAdd(me, cp) {
		c.Error(forbidden(planning.ErrMayNotAdd.Error()))
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
	view, err := s.adder.Add(c.Request.Context(), planning.NewTask{Campaign: cp, By: me, Body: body, Format: format})
	switch {
	case errors.Is(err, planning.ErrMayNotAdd):
		c.Error(problemText(http.StatusForbidden, i18n.TextOf(err)))
	case errors.As(err, new(*plan.ValidationError)):
		c.Error(planProblem(err, "the task is not valid"))
	case err != nil:
		c.Error(opsProblem(err))
	default:
		c.JSON(http.StatusCreated, view)
	}
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
