package slackapp

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"
	"github.com/slack-go/slack"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/channels/notify"
)

// The modal that asks why a submission goes back.
const (
	returnModalID = "closeout_return_modal"
	reasonBlock   = "closeout_reason"
	reasonAction  = "reason"
)

// modalState travels in the modal's private_metadata: the task, and where to
// answer once the return is done (the modal submission has neither).
type modalState struct {
	Ref         notify.SignOffRef `json:"ref"`
	ResponseURL string            `json:"response_url,omitempty"`
	Channel     string            `json:"channel,omitempty"`
}

func returnModal(t task.View, st modalState) slack.ModalViewRequest {
	meta, _ := json.Marshal(st) // plain strings always marshal
	input := slack.NewPlainTextInputBlockElement(plain("为什么退回? Why does it go back?"), reasonAction)
	input.Multiline = true
	input.MaxLength = 4000 // the rules' limit on free text
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      returnModalID,
		PrivateMetadata: string(meta),
		Title:           plain("退回 Return"),
		Submit:          plain("退回 Return"),
		Close:           plain("取消 Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(plain("退回任务「"+t.Title+"」,请说明原因。\nReturn "+t.Title+" to its owner ("+t.Owner+") and say why."), nil, nil),
			slack.NewInputBlock(reasonBlock, plain("退回原因 Reason"), nil, input),
		}},
	}
}

// viewSubmission handles the submitted modal. A reason the rules refuse
// (missing, too long) is shown in the modal at once; otherwise the modal
// closes and the return happens in the background.
func (a *App) viewSubmission(c *gin.Context, cb slack.InteractionCallback) {
	if cb.View.CallbackID != returnModalID {
		c.Status(http.StatusOK)
		return
	}
	var st modalState
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &st); err != nil || st.Ref.Task == "" {
		refuse(c, http.StatusBadRequest, "the modal does not name a task")
		return
	}
	reason := ""
	if cb.View.State != nil {
		reason = strings.TrimSpace(cb.View.State.Values[reasonBlock][reasonAction].Value)
	}
	// The request's own check, the same the workflow's validator runs.
	if err := (task.ReturnRequest{Reason: reason}).Validate(); err != nil {
		msg := err.Error()
		var re *task.RuleError
		if errors.As(err, &re) {
			msg = "退回原因 The reason " + re.Message
		}
		c.JSON(http.StatusOK, slack.NewErrorsViewSubmissionResponse(map[string]string{reasonBlock: msg}))
		return
	}
	a.background(interaction{
		action:      ActionReturn,
		slackUser:   cb.User.ID,
		ref:         st.Ref,
		id:          "slack/return/" + cb.View.ID,
		reason:      reason,
		responseURL: st.ResponseURL,
		channel:     st.Channel,
	}, a.returnTask)
	c.Status(http.StatusOK) // an empty answer closes the modal
}

// returnTask sends the submission back to its owner as the submitting person.
func (a *App) returnTask(ctx context.Context, in interaction) Outcome {
	person, t, err := a.prepare(ctx, in)
	if err != nil {
		return in.outcome(person, t, err)
	}
	req := &task.ReturnRequest{Actor: task.Actor{ID: person.ID}, Reason: in.reason}
	view, err := a.opts.Tasks.Act(ctx, t, taskops.Action{Kind: task.Return, Request: req, ID: in.id})
	return in.outcome(person, view, err)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}
