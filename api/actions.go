package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/closeout/closeout/store"
	"github.com/closeout/closeout/workflows"
)

// actionRoutes maps each action of SPEC section 3 to its workflow update.
func (s *Server) actionRoutes(g *gin.RouterGroup) {
	g.POST("/progress", action(s, workflows.UpdateProgress, func(r *workflows.ProgressRequest, a workflows.Actor) workflows.Action { r.Actor = a; return *r }))
	g.POST("/submit", action(s, workflows.UpdateSubmit, func(r *workflows.SubmitRequest, a workflows.Actor) workflows.Action { r.Actor = a; return *r }))
	g.POST("/approve", action(s, workflows.UpdateApprove, func(r *workflows.ApproveRequest, a workflows.Actor) workflows.Action { r.Actor = a; return *r }))
	g.POST("/return", action(s, workflows.UpdateReturn, func(r *workflows.ReturnRequest, a workflows.Actor) workflows.Action { r.Actor = a; return *r }))
	g.POST("/reassign", action(s, workflows.UpdateReassign, func(r *workflows.ReassignRequest, a workflows.Actor) workflows.Action { r.Actor = a; return *r }))
	g.POST("/cancel", action(s, workflows.UpdateCancel, func(r *workflows.CancelRequest, a workflows.Actor) workflows.Action { r.Actor = a; return *r }))
	g.POST("/extension/approve", action(s, workflows.UpdateExtensionApprove, func(r *workflows.ExtensionDecisionRequest, a workflows.Actor) workflows.Action {
		r.Actor = a
		return workflows.ApproveExtension(*r, nil)
	}))
	g.POST("/extension/reject", action(s, workflows.UpdateExtensionReject, func(r *workflows.ExtensionDecisionRequest, a workflows.Actor) workflows.Action {
		r.Actor = a
		return workflows.RejectExtension(*r)
	}))
	g.POST("/extend", s.extend)
}

// action builds the handler of one action: read the body, set the actor from
// the token (whatever the body said), check the request on its own with the
// workflow's own rules, then send the update and answer with the new state.
func action[R any](s *Server, update string, prepare func(*R, workflows.Actor) workflows.Action) gin.HandlerFunc {
	return func(c *gin.Context) {
		t, err := s.liveTask(c)
		if err != nil {
			c.Error(err)
			return
		}
		req := new(R)
		if !bindJSON(c, req) {
			return
		}
		act := prepare(req, actorOf(caller(c)))
		s.sendAction(c, t, update, req, act)
	}
}

// extendBody is the extend request as sent: the deadline is a date (the end of
// that day in the campaign's timezone) or an RFC 3339 instant.
type extendBody struct {
	Deadline string `json:"deadline"`
	Reason   string `json:"reason"`
}

func (s *Server) extend(c *gin.Context) {
	t, err := s.liveTask(c)
	if err != nil {
		c.Error(err)
		return
	}
	var body extendBody
	if !bindJSON(c, &body) {
		return
	}
	req := workflows.ExtendRequest{Actor: actorOf(caller(c)), Reason: body.Reason}
	if body.Deadline != "" {
		campaign, err := s.store.GetCampaign(c.Request.Context(), t.Campaign)
		if err != nil {
			c.Error(err)
			return
		}
		if req.Deadline, err = parseDeadline(body.Deadline, campaign.Timezone); err != nil {
			c.Error(unprocessable("the deadline is not valid", FieldError{"deadline", err.Error()}))
			return
		}
	}
	s.sendAction(c, t, workflows.UpdateExtend, &req, req)
}

// liveTask loads the task and refuses at once if it is closed or cancelled:
// its workflow has ended and nothing can change it any more.
func (s *Server) liveTask(c *gin.Context) (workflows.TaskView, error) {
	t, err := s.task(c)
	if err != nil {
		return t, err
	}
	if t.Status.Terminal() {
		return t, conflict("the task is " + string(t.Status) + " and can no longer change")
	}
	return t, nil
}

// actionTimeout bounds how long a caller waits for an action to be applied
// and projected.
const actionTimeout = 30 * time.Second

// sendAction validates the action, sends req as a workflow update and writes
// the answer: the task as projected after the action (read-your-writes).
func (s *Server) sendAction(c *gin.Context, t workflows.TaskView, update string, req any, act workflows.Action) {
	if err := act.Validate(); err != nil {
		c.Error(ruleProblem(err))
		return
	}
	if r, ok := req.(*workflows.ReassignRequest); ok {
		if _, err := s.store.GetPerson(c.Request.Context(), r.Owner); errors.Is(err, store.ErrNotFound) {
			c.Error(unprocessable("the new owner is not a known person", FieldError{"owner", "no person " + r.Owner}))
			return
		}
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), actionTimeout)
	defer cancel()
	h, err := s.temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: workflows.TaskWorkflowID(t.Campaign, t.ID),
		// The Idempotency-Key doubles as the update id: Temporal itself then
		// answers a repeat with the first outcome.
		UpdateID:     c.GetHeader("Idempotency-Key"),
		UpdateName:   update,
		Args:         []any{req},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	var view workflows.TaskView
	if err == nil {
		err = h.Get(ctx, &view)
	}
	if err != nil {
		c.Error(updateProblem(err))
		return
	}
	c.JSON(http.StatusOK, view)
}

// updateProblem maps a refused or failed update to its answer: the rules'
// refusals keep their meaning (403, 409, 422); an ended workflow is a 409.
func updateProblem(err error) error {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		var re workflows.RuleError
		if app.HasDetails() && app.Details(&re) == nil {
			return ruleProblem(&re)
		}
	}
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return conflict("the task's workflow has ended; it can no longer change")
	}
	return err
}

// ruleProblem turns a workflows.RuleError into its HTTP answer.
func ruleProblem(err error) error {
	var re *workflows.RuleError
	if !errors.As(err, &re) {
		return err
	}
	switch re.Type {
	case workflows.ErrTypeForbidden:
		return forbidden(re.Message)
	case workflows.ErrTypeConflict:
		return conflict(re.Message)
	default:
		return unprocessable(re.Error(), FieldError{Field: re.Field, Message: re.Message})
	}
}
