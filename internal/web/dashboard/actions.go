package dashboard

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/platform/store"
)

// The forms of the task page, by the last segment of the path they post to.
const (
	actProgress         = "progress"
	actSubmit           = "submit"
	actApprove          = "approve"
	actReturn           = "return"
	actExtend           = "extend"
	actExtensionApprove = "extension-approve"
	actExtensionReject  = "extension-reject"
	actReassign         = "reassign"
	actCancel           = "cancel"
)

var formActionNames = map[string]bool{
	actProgress: true, actSubmit: true, actApprove: true, actReturn: true,
	actExtend: true, actExtensionApprove: true, actExtensionReject: true,
	actReassign: true, actCancel: true,
}

// formError is a form the dashboard cannot turn into a request (a percent
// that is not a number, a date that is not a date): a message key.
type formError string

func (e formError) Error() string { return string(e) }

// act handles every form of the task page the way the API handles its
// actions: the request from the form, the actor from the session, sent
// through taskops; the rules' refusal is shown on the task page.
func (d *Dashboard) act(c *gin.Context) {
	name := c.Param("action")
	if !formActionNames[name] {
		d.errorPage(c, http.StatusNotFound, "error.notfound")
		return
	}
	ctx := c.Request.Context()
	t, err := d.tasks.Live(ctx, c.Param("campaign"), c.Param("task"))
	if err != nil {
		d.refused(c, err)
		return
	}
	person := me(c)
	actor := task.Actor{ID: person.ID, Admin: person.Has(store.RoleAdmin)}
	a, err := d.formAction(ctx, c, name, t, actor)
	if err != nil {
		d.refused(c, err)
		return
	}
	if err := d.resolveEvidence(ctx, t, &a); err != nil {
		d.refused(c, err)
		return
	}
	if id := c.PostForm("form_id"); formIDPattern.MatchString(id) {
		a.ID = "dashboard-" + name + "-" + id
	}
	if _, err := d.tasks.Act(ctx, t, a); err != nil {
		d.refused(c, err)
		return
	}
	// Post, redirect, get: a reload shows the task and does not post again.
	c.Redirect(http.StatusSeeOther, "/tasks/"+url.PathEscape(t.Campaign)+"/"+url.PathEscape(t.ID)+"?done="+name)
}

var formIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// formAction builds the request of one form, as internal/web/api/actions.go builds it from
// JSON: the workflow's request type with the actor set, and the action its
// rules check.
func (d *Dashboard) formAction(ctx context.Context, c *gin.Context, name string, t task.View, actor task.Actor) (taskops.Action, error) {
	switch name {
	case actProgress:
		percent, err := strconv.Atoi(strings.TrimSpace(c.PostForm("percent")))
		if err != nil {
			return taskops.Action{}, formError("form.badpercent")
		}
		r := task.ProgressRequest{Actor: actor, Note: c.PostForm("note"), Percent: percent, Milestone: c.PostForm("milestone")}
		return taskops.Action{Update: task.UpdateProgress, Request: &r, Check: r}, nil
	case actSubmit:
		r := task.SubmitRequest{Actor: actor, Note: c.PostForm("note"), Evidence: append(evidenceRows(c), attachedFiles(c)...)}
		return taskops.Action{Update: task.UpdateSubmit, Request: &r, Check: r}, nil
	case actApprove:
		r := task.ApproveRequest{Actor: actor, Note: c.PostForm("note")}
		return taskops.Action{Update: task.UpdateApprove, Request: &r, Check: r}, nil
	case actReturn:
		r := task.ReturnRequest{Actor: actor, Reason: c.PostForm("reason")}
		return taskops.Action{Update: task.UpdateReturn, Request: &r, Check: r}, nil
	case actExtend:
		deadline, err := d.extensionDeadline(ctx, t.Campaign, c.PostForm("deadline"))
		if err != nil {
			return taskops.Action{}, err
		}
		r := task.ExtendRequest{Actor: actor, Deadline: deadline, Reason: c.PostForm("reason")}
		return taskops.Action{Update: task.UpdateExtend, Request: &r, Check: r}, nil
	case actExtensionApprove:
		r := task.ExtensionDecisionRequest{Actor: actor, Reason: c.PostForm("reason")}
		return taskops.Action{Update: task.UpdateExtensionApprove, Request: &r, Check: task.ApproveExtension(r, nil)}, nil
	case actExtensionReject:
		r := task.ExtensionDecisionRequest{Actor: actor, Reason: c.PostForm("reason")}
		return taskops.Action{Update: task.UpdateExtensionReject, Request: &r, Check: task.RejectExtension(r)}, nil
	case actReassign:
		r := task.ReassignRequest{Actor: actor, Owner: strings.TrimSpace(c.PostForm("owner")), Reason: c.PostForm("reason")}
		return taskops.Action{Update: task.UpdateReassign, Request: &r, Check: r}, nil
	default: // actCancel
		// Cancelling cannot be undone: the form's confirmation box is
		// checked here too, so no post without it (a replayed or
		// hand-made one) cancels a task.
		if c.PostForm("confirm") != "yes" {
			return taskops.Action{}, formError("form.noconfirm")
		}
		r := task.CancelRequest{Actor: actor, Reason: c.PostForm("reason")}
		return taskops.Action{Update: task.UpdateCancel, Request: &r, Check: r}, nil
	}
}

// evidenceRows are the submit form's title and link rows; empty rows are
// the form's spare ones, not evidence.
func evidenceRows(c *gin.Context) []task.Evidence {
	titles, urls := c.PostFormArray("evidence_title"), c.PostFormArray("evidence_url")
	var out []task.Evidence
	for i := range max(len(titles), len(urls)) {
		var e task.Evidence
		if i < len(titles) {
			e.Title = strings.TrimSpace(titles[i])
		}
		if i < len(urls) {
			e.URL = strings.TrimSpace(urls[i])
		}
		if e.Title != "" || e.URL != "" {
			out = append(out, e)
		}
	}
	return out
}

// extensionDeadline reads the date picker's day as the end of that day in
// the campaign's timezone, as plan dates are read. An empty field is left
// for the rules to refuse.
func (d *Dashboard) extensionDeadline(ctx context.Context, campaign, day string) (t time.Time, err error) {
	if strings.TrimSpace(day) == "" {
		return t, nil
	}
	camp, err := d.store.GetCampaign(ctx, campaign)
	if err != nil {
		return t, err
	}
	if t, err = plan.ParseDeadline(strings.TrimSpace(day), location(camp.Timezone)); err != nil {
		return t, formError("form.baddate")
	}
	return t, nil
}

// refused shows why an action did not happen: the rules' own words on the
// task page (403, 409, 422), or the error page for a task that is gone.
func (d *Dashboard) refused(c *gin.Context, err error) {
	l := langOf(c)
	var (
		re *task.RuleError
		fe formError
	)
	switch {
	case errors.As(err, &re):
		status, key := http.StatusUnprocessableEntity, "refused.invalid"
		switch re.Type {
		case task.ErrTypeForbidden:
			status, key = http.StatusForbidden, "refused.forbidden"
		case task.ErrTypeConflict:
			status, key = http.StatusConflict, "refused.conflict"
		}
		d.renderTask(c, status, "", l.T(key)+" "+re.Error())
	case errors.As(err, &fe):
		d.renderTask(c, http.StatusUnprocessableEntity, "", l.T(string(fe)))
	case errors.Is(err, taskops.ErrNotFound):
		d.errorPage(c, http.StatusNotFound, "error.notask")
	case errors.Is(err, taskops.ErrFinished):
		d.renderTask(c, http.StatusConflict, "", l.T("refused.finished"))
	case errors.Is(err, context.DeadlineExceeded):
		d.errorPage(c, http.StatusGatewayTimeout, "error.timeout")
	default:
		d.fail(c, err)
	}
}
