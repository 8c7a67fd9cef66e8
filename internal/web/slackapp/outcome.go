package slackapp

import (
	"context"
	"errors"
	"fmt"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/slack-go/slack"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/store"
)

// Outcome is how an interaction ended.
type Outcome struct {
	Action    string
	Campaign  string
	Task      string
	SlackUser string
	// Person is who the Slack user is in closeout, when known.
	Person string
	// View is the task afterwards (or as found, when nothing changed); empty
	// when the task could not be read.
	View task.View
	// Err says why nothing changed (a *workflows.RuleError for the rules'
	// refusals, ErrUnknownUser, ErrOutdated, taskops.ErrFinished, …), or
	// that the work failed; nil when it was done.
	Err error
}

func (in interaction) outcome(p store.Person, view task.View, err error) Outcome {
	return Outcome{
		Action: in.action, Campaign: in.ref.Campaign, Task: in.ref.Task,
		SlackUser: in.slackUser, Person: p.ID, View: view, Err: err,
	}
}

// report shows the outcome in Slack: the task's messages are brought up to
// date whatever happened (a refusal often means someone else acted first),
// and a refusal or failure gets an ephemeral reply saying why.
func (a *App) report(ctx context.Context, in interaction, out Outcome) {
	log := a.log.With("action", out.Action, "campaign", out.Campaign, "task", out.Task,
		"slack_user", out.SlackUser, "person", out.Person)
	if out.View.ID != "" {
		if err := a.opts.Messages.Refresh(ctx, out.View); err != nil {
			log.WarnContext(ctx, "slack messages not updated", "error", err)
		}
	}
	if out.Err == nil {
		log.InfoContext(ctx, "slack interaction done")
		return
	}
	log.InfoContext(ctx, "slack interaction refused or failed", "error", out.Err)
	if err := a.ephemeral(ctx, in, explain(out.Err)); err != nil {
		log.WarnContext(ctx, "slack ephemeral reply failed", "error", err)
	}
}

// ephemeral answers only the person who clicked, through the interaction's
// response_url.
func (a *App) ephemeral(ctx context.Context, in interaction, text string) error {
	if in.responseURL == "" {
		if in.channel == "" {
			return errors.New("nowhere to answer: no response_url and no channel")
		}
		_, err := a.opts.Slack.PostEphemeralContext(ctx, in.channel, in.slackUser, slack.MsgOptionText(text, false))
		return err
	}
	_, _, err := a.opts.Slack.PostMessageContext(ctx, in.channel,
		slack.MsgOptionResponseURL(in.responseURL, slack.ResponseTypeEphemeral), slack.MsgOptionText(text, false))
	return err
}

// explain words a refusal for the person who clicked, in both languages.
func explain(err error) string {
	var re *task.RuleError
	switch {
	case errors.Is(err, ErrUnknownUser):
		return "您的 Slack 账号未关联 closeout 人员,未做任何更改。请联系管理员登记您的 Slack ID。\n" +
			"Your Slack account is not linked to a closeout person, so nothing was changed. Ask an administrator to record your Slack id."
	case errors.Is(err, ErrOutdated):
		return "该审核请求已过期(任务已重新提交),未做任何更改。\nThis request is for an earlier submission of the task; nothing was changed."
	case errors.Is(err, taskops.ErrNotFound):
		return "找不到该任务。\nThere is no such task."
	case errors.Is(err, taskops.ErrFinished):
		return "该任务已结束,不能再更改。\nThe task has finished and can no longer change."
	case errors.As(err, &re):
		return fmt.Sprintf("未做任何更改:%s\nNothing was changed: %s", re.Message, re.Message)
	case errors.Is(err, context.DeadlineExceeded):
		return "操作超时,可能仍会完成;请稍后查看任务状态。\nThis took too long and may still complete; check the task in a moment."
	}
	return "操作失败,请稍后再试。\nSomething went wrong; please try again."
}
