package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/domain/plan"

	"github.com/closeout/closeout/internal/app/taskops"
)

// actionRoutes maps each action of SPEC section 3 to its workflow update.
func (s *Server) actionRoutes(g *gin.RouterGroup) {
	g.POST("/progress", evidenceAction(s, task.UpdateProgress, func(r *task.ProgressRequest) []task.Evidence { return r.Evidence },
		func(r *task.ProgressRequest, a task.Actor) task.Action { r.Actor = a; return *r }))
	g.POST("/submit", evidenceAction(s, task.UpdateSubmit, func(r *task.SubmitRequest) []task.Evidence { return r.Evidence },
		func(r *task.SubmitRequest, a task.Actor) task.Action { r.Actor = a; return *r }))
	g.POST("/approve", action(s, task.UpdateApprove, func(r *task.ApproveRequest, a task.Actor) task.Action { r.Actor = a; return *r }))
	g.POST("/return", action(s, task.UpdateReturn, func(r *task.ReturnRequest, a task.Actor) task.Action { r.Actor = a; return *r }))
	g.POST("/reassign", action(s, task.UpdateReassign, func(r *task.ReassignRequest, a task.Actor) task.Action { r.Actor = a; return *r }))
	g.POST("/cancel", action(s, task.UpdateCancel, func(r *task.CancelRequest, a task.Actor) task.Action { r.Actor = a; return *r }))
	g.POST("/extension/approve", action(s, task.UpdateExtensionApprove, func(r *task.ExtensionDecisionRequest, a task.Actor) task.Action {
		r.Actor = a
		return task.ApproveExtension(*r, nil)
	}))
	g.POST("/extension/reject", action(s, task.UpdateExtensionReject, func(r *task.ExtensionDecisionRequest, a task.Actor) task.Action {
		r.Actor = a
		return task.RejectExtension(*r)
	}))
	g.POST("/extend", s.extend)
}

// action builds the handler of one action: read the body, set the actor from
// the token (whatever the body said), and send it; the answer is the task's
// new state.
func action[R any](s *Server, update string, prepare func(*R, task.Actor) task.Action) gin.HandlerFunc {
	return func(c *gin.Context) {
		// The task is not read first: the workflow answers for it, and an
		// unknown or finished task is told apart only when it refuses.
		t := task.View{Campaign: c.Param("campaign"), ID: c.Param("task")}
		req := new(R)
		if !bindJSON(c, req) {
			return
		}
		s.act(c, t, taskops.Action{Update: update, Request: req, Check: prepare(req, actorOf(caller(c)))})
	}
}

// extendBody is the extend request as sent: the deadline is a date (the end of
// that day in the campaign's timezone) or an RFC 3339 instant.
type extendBody struct {
	Deadline string `json:"deadline"`
	Reason   string `json:"reason"`
}

func (s *Server) extend(c *gin.Context) {
	t, err := s.ops.Live(c.Request.Context(), c.Param("campaign"), c.Param("task"))
	if err != nil {
		c.Error(opsProblem(err))
		return
	}
	var body extendBody
	if !bindJSON(c, &body) {
		return
	}
	req := task.ExtendRequest{Actor: actorOf(caller(c)), Reason: body.Reason}
	if body.Deadline != "" {
		campaign, err := s.store.GetCampaign(c.Request.Context(), t.Campaign)
		if err != nil {
			c.Error(err)
			return
		}
		loc, err := time.LoadLocation(campaign.Timezone) // checked on import
		if err != nil {
			c.Error(err)
			return
		}
		if req.Deadline, err = plan.ParseDeadline(body.Deadline, loc); err != nil {
			c.Error(unprocessable("the deadline is not valid", FieldError{"deadline", err.Error()}))
			return
		}
	}
	s.act(c, t, taskops.Action{Update: task.UpdateExtend, Request: &req, Check: req})
}

// act sends the action and answers with the task as projected after it
// (read-your-writes). The Idempotency-Key doubles as the update id, so
// Temporal itself answers a repeat with the first outcome.
func (s *Server) act(c *gin.Context, t task.View, a taskops.Action) {
	a.ID = c.GetHeader("Idempotency-Key")
	view, err := s.ops.Act(c.Request.Context(), t, a)
	if err != nil {
		c.Error(opsProblem(err))
		return
	}
	c.JSON(http.StatusOK, view)
}

// opsProblem maps what taskops answers to HTTP: the rules' refusals keep their
// meaning (403, 409, 422); a finished task is a 409.
func opsProblem(err error) error {
	var re *task.RuleError
	switch {
	case errors.As(err, &re):
		switch re.Type {
		case task.ErrTypeForbidden:
			return forbidden(re.Message)
		case task.ErrTypeConflict:
			return conflict(re.Message)
		default:
			return unprocessable(re.Error(), FieldError{Field: re.Field, Message: re.Message})
		}
	case errors.Is(err, taskops.ErrNotFound):
		return notFound(err.Error())
	case errors.Is(err, taskops.ErrFinished):
		return conflict(err.Error())
	}
	return err
}
