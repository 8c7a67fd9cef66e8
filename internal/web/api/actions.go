package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/i18n"
)

// actionRoutes serves each action of the table (task.Kinds, SPEC section 3)
// at its path below the task.
func (s *Server) actionRoutes(g *gin.RouterGroup) {
	for _, k := range task.Kinds {
		g.POST("/"+k.Path, s.action(k))
	}
}

// action is the handler of one action: read the request, set the actor
// from the token (whatever the body said), resolve its evidence files, and
// send it; the answer is the task's new state.
func (s *Server) action(k task.Kind) gin.HandlerFunc {
	return func(c *gin.Context) {
		// The task is not read first: the workflow answers for it, and an
		// unknown or finished task is told apart only when it refuses.
		t := task.View{Campaign: c.Param("campaign"), ID: c.Param("task")}
		req, ok := s.decodeAction(c, k)
		if !ok {
			return
		}
		*req.Acting() = actorOf(caller(c))
		if ev, ok := req.(task.EvidenceCarrier); ok {
			if err := s.resolveEvidence(c, t, ev.EvidenceItems()); err != nil {
				c.Error(opsProblem(err))
				return
			}
		}
		s.act(c, t, taskops.Action{Kind: k, Request: req})
	}
}

// decodeAction reads the body of an action as its request. Only extend's
// differs from its payload: its deadline may be a date.
func (s *Server) decodeAction(c *gin.Context, k task.Kind) (task.Request, bool) {
	if k.Name == task.Extend.Name {
		return s.decodeExtend(c)
	}
	req := k.NewRequest()
	return req, bindJSON(c, req)
}

// extendBody is the extend request as sent: the deadline is a date (the end of
// that day in the campaign's timezone) or an RFC 3339 instant.
type extendBody struct {
	Deadline string `json:"deadline"`
	Reason   string `json:"reason"`
}

func (s *Server) decodeExtend(c *gin.Context) (task.Request, bool) {
	var body extendBody
	if !bindJSON(c, &body) {
		return nil, false
	}
	req := &task.ExtendRequest{Reason: body.Reason}
	if body.Deadline == "" {
		return req, true
	}
	t, err := s.ops.Live(c.Request.Context(), c.Param("campaign"), c.Param("task"))
	if err != nil {
		c.Error(opsProblem(err))
		return nil, false
	}
	campaign, err := s.store.GetCampaign(c.Request.Context(), t.Campaign)
	if err != nil {
		c.Error(err)
		return nil, false
	}
	loc, err := time.LoadLocation(campaign.Timezone) // checked on import
	if err != nil {
		c.Error(err)
		return nil, false
	}
	if req.Deadline, err = plan.ParseDeadline(body.Deadline, loc); err != nil {
		c.Error(unprocessable("the deadline is not valid").with(FieldError{"deadline", i18n.TextOf(err)}))
		return nil, false
	}
	return req, true
}

// act sends the action and answers with the task as projected after it
// (read-your-writes). The Idempotency-Key doubles as the update id, so
// Temporal itself answers a repeat with the first outcome.
func (s *Server) act(c *gin.Context, t task.View, a taskops.Action) {
	a.ID = c.GetHeader("Idempotency-Key")
	view, err := s.ops.Act(c.Request.Context(), t, a)
	if err != nil {
		s.retryAfter(c, err)
		c.Error(opsProblem(err))
		return
	}
	c.JSON(http.StatusOK, view)
}

// retryAfter tells a caller refused as too soon (a second urge inside its
// window, 429) when to come back, in whole seconds, rounded up; the
// problem's detail names the instant.
func (s *Server) retryAfter(c *gin.Context, err error) {
	var re *task.RuleError
	if !errors.As(err, &re) || re.Type != task.ErrTypeTooSoon || re.RetryAt.IsZero() {
		return
	}
	wait := max(re.RetryAt.Sub(s.now()), time.Second)
	c.Header("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
}

// opsProblem maps what taskops answers to HTTP: the rules' refusals keep
// their meaning (403, 409, 422, with the field) and their words in both
// languages; a finished task is a 409.
func opsProblem(err error) error {
	var re *task.RuleError
	o := taskops.Outcome(err)
	switch {
	case o == task.OutcomeError:
		return err
	case o == task.OutcomeInvalid && errors.As(err, &re):
		return problemText(http.StatusUnprocessableEntity, fieldDetail(re.Field, re.Text())).with(FieldError{Field: re.Field, Message: re.Text()})
	case errors.As(err, &re):
		return problemText(taskops.HTTPStatus(o), re.Text())
	}
	return problemText(taskops.HTTPStatus(o), opsText(err))
}

// opsText words taskops' own refusals: in the words of the error when it
// carries them (a handover's), else by what it is.
func opsText(err error) i18n.Text {
	switch {
	case errors.Is(err, taskops.ErrNotFound):
		return textOr(err, i18n.T("no such task"))
	case errors.Is(err, taskops.ErrFinished):
		return textOr(err, i18n.T("the task has finished and can no longer change"))
	}
	return i18n.TextOf(err)
}

// fieldDetail is a field's message as a problem's detail: "field: message".
func fieldDetail(field string, msg i18n.Text) i18n.Text {
	if field == "" {
		return msg
	}
	return i18n.Both(field+": "+msg.En, field+"："+msg.In(i18n.ZH))
}
