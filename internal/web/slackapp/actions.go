package slackapp

import (
	"context"
	"errors"
	"net/http"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"
	"github.com/slack-go/slack"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/store"
)

// interaction is one click or modal submission, with what answering it needs.
type interaction struct {
	action    string // ActionApprove, ActionReturn or ActionOpenReturn
	slackUser string
	ref       notify.SignOffRef
	// id makes a repeat of the same interaction (Slack retries when it did
	// not hear back in time) get the first outcome instead of acting twice.
	id          string
	reason      string
	triggerID   string
	responseURL string
	channel     string
}

// Actions an Outcome reports: the table's names of the two it takes, and
// the Return button's first step.
var (
	ActionApprove = task.Approve.Name
	ActionReturn  = task.Return.Name
)

// ActionOpenReturn is the Return button's click: the modal asking why.
const ActionOpenReturn = "open_return"

// Refusals before the task's rules are asked.
var (
	// ErrUnknownUser: no person has the clicking Slack user's id.
	ErrUnknownUser = errors.New("this Slack account is not linked to any closeout person")
	// ErrOutdated: the request was for an earlier submission of the task.
	ErrOutdated = errors.New("this request is for an earlier submission of the task")
)

// blockActions starts the work of the sign-off buttons clicked.
func (a *App) blockActions(c *gin.Context, cb slack.InteractionCallback) {
	for _, act := range cb.ActionCallback.BlockActions {
		if act.ActionID != notify.SlackActionApprove && act.ActionID != notify.SlackActionReturn {
			continue
		}
		in := interaction{
			slackUser:   cb.User.ID,
			id:          "slack/" + act.ActionID + "/" + cb.User.ID + "/" + act.ActionTs,
			triggerID:   cb.TriggerID,
			responseURL: cb.ResponseURL,
			channel:     cb.Channel.ID,
		}
		ref, err := notify.ParseSignOffRef(act.Value)
		if err != nil {
			a.log.WarnContext(c.Request.Context(), "slack button without a task", "value", act.Value)
			continue
		}
		in.ref = ref
		if act.ActionID == notify.SlackActionApprove {
			in.action = ActionApprove
			a.background(in, a.approve)
		} else {
			in.action = ActionOpenReturn
			a.background(in, a.openReturn)
		}
	}
	c.Status(http.StatusOK)
}

// approve signs the submission off as the clicking person.
func (a *App) approve(ctx context.Context, in interaction) Outcome {
	person, t, err := a.prepare(ctx, in)
	if err != nil {
		return in.outcome(person, t, err)
	}
	req := &task.ApproveRequest{Actor: task.Actor{ID: person.ID}}
	view, err := a.opts.Tasks.Act(ctx, t, taskops.Action{Kind: task.Approve, Request: req, ID: in.id})
	return in.outcome(person, view, err)
}

// openReturn asks the clicking person why the submission goes back. The
// return itself happens when the modal is submitted.
func (a *App) openReturn(ctx context.Context, in interaction) Outcome {
	person, t, err := a.prepare(ctx, in)
	if err != nil {
		return in.outcome(person, t, err)
	}
	_, err = a.opts.Slack.OpenViewContext(ctx, in.triggerID, returnModal(t, modalState{
		Ref: in.ref, ResponseURL: in.responseURL, Channel: in.channel,
	}))
	return in.outcome(person, t, err)
}

// prepare finds who clicked and the task, and refuses a click on a request
// for an earlier submission. Whether the person may act is the workflow's to
// decide, as for the API.
func (a *App) prepare(ctx context.Context, in interaction) (store.Person, task.View, error) {
	person, err := a.opts.People.PersonBySlackID(ctx, in.slackUser)
	if errors.Is(err, store.ErrNotFound) {
		return person, task.View{}, ErrUnknownUser
	}
	if err != nil {
		return person, task.View{}, err
	}
	t, err := a.opts.Tasks.Live(ctx, in.ref.Campaign, in.ref.Task)
	if err != nil {
		return person, t, err
	}
	if in.ref.Attempt != 0 && in.ref.Attempt != t.Attempt {
		return person, t, ErrOutdated
	}
	return person, t, nil
}
