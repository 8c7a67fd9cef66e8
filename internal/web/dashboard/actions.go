package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// actionKinds are the task page's forms, one per action of the table,
// by the name the templates use (kinds.Approve …).
type actionKinds struct {
	Progress, Submit, Approve, Return, Extend, ExtensionApprove, ExtensionReject, Reassign, Cancel, Urge task.Kind
}

var theKinds = actionKinds{
	Progress: task.Progress, Submit: task.Submit, Approve: task.Approve, Return: task.Return,
	Extend: task.Extend, ExtensionApprove: task.ExtensionApprove, ExtensionReject: task.ExtensionReject,
	Reassign: task.Reassign, Cancel: task.Cancel, Urge: task.Urge,
}

// actionURL is where the form of action k on task t posts.
func actionURL(t task.View, k task.Kind) string {
	return "/tasks/" + url.PathEscape(t.Campaign) + "/" + url.PathEscape(t.ID) + "/" + k.Name
}

// formError is a form the dashboard cannot turn into a request (a percent
// that is not a number, a date that is not a date): a message key.
type formError string

func (e formError) Error() string { return string(e) }

// act handles every form of the task page the way the API handles its
// actions: the request from the form, the actor from the session, sent
// through taskops; the rules' refusal is shown on the task page.
func (d *Dashboard) act(c *gin.Context) {
	k, known := task.KindNamed(c.Param("action"))
	if !known {
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
	req, err := d.formRequest(ctx, c, k, t)
	if err != nil {
		d.refused(c, err)
		return
	}
	*req.Acting() = task.Actor{ID: person.ID, Admin: person.Has(store.RoleAdmin)}
	a := taskops.Action{Kind: k, Request: req}
	if err := d.resolveEvidence(ctx, t, req); err != nil {
		d.refused(c, err)
		return
	}
	if id := c.PostForm("form_id"); formIDPattern.MatchString(id) {
		a.ID = "dashboard-" + k.Name + "-" + id
	}
	if _, err := d.tasks.Act(ctx, t, a); err != nil {
		d.refused(c, err)
		return
	}
	// Post, redirect, get: a reload shows the task and does not post again.
	c.Redirect(http.StatusSeeOther, "/tasks/"+url.PathEscape(t.Campaign)+"/"+url.PathEscape(t.ID)+"?done="+k.Name)
}

var formIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// formRequest reads the form of action k as its request, as the API reads
// JSON (internal/web/api/actions.go); the caller sets the actor.
func (d *Dashboard) formRequest(ctx context.Context, c *gin.Context, k task.Kind, t task.View) (task.Request, error) {
	switch k.Name {
	case task.Progress.Name:
		percent, err := strconv.Atoi(strings.TrimSpace(c.PostForm("percent")))
		if err != nil {
			return nil, formError("form.badpercent")
		}
		return &task.ProgressRequest{Note: c.PostForm("note"), Percent: percent, Milestone: c.PostForm("milestone")}, nil
	case task.Submit.Name:
		return &task.SubmitRequest{Note: c.PostForm("note"), Evidence: append(evidenceRows(c), attachedFiles(c)...)}, nil
	case task.Approve.Name:
		return &task.ApproveRequest{Note: c.PostForm("note")}, nil
	case task.Return.Name:
		return &task.ReturnRequest{Reason: c.PostForm("reason")}, nil
	case task.Extend.Name:
		deadline, err := d.extensionDeadline(ctx, t.Campaign, c.PostForm("deadline"))
		if err != nil {
			return nil, err
		}
		return &task.ExtendRequest{Deadline: deadline, Reason: c.PostForm("reason")}, nil
	case task.ExtensionApprove.Name, task.ExtensionReject.Name:
		return &task.ExtensionDecisionRequest{Reason: c.PostForm("reason")}, nil
	case task.Reassign.Name:
		return &task.ReassignRequest{Owner: strings.TrimSpace(c.PostForm("owner")), Reason: c.PostForm("reason")}, nil
	case task.Cancel.Name:
		// Cancelling cannot be undone: the form's confirmation box is
		// checked here too, so no post without it (a replayed or
		// hand-made one) cancels a task.
		if c.PostForm("confirm") != "yes" {
			return nil, formError("form.noconfirm")
		}
		return &task.CancelRequest{Reason: c.PostForm("reason")}, nil
	case task.Urge.Name:
		return &task.UrgeRequest{Note: c.PostForm("note")}, nil
	}
	return nil, fmt.Errorf("the task page has no form for %s", k.Name)
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

// refusedKeys introduce the rules' own words on the task page.
var refusedKeys = map[task.Outcome]string{
	task.OutcomeRefused: "refused.forbidden", task.OutcomeConflict: "refused.conflict", task.OutcomeInvalid: "refused.invalid",
	task.OutcomeTooSoon: "refused.toosoon",
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
		o := re.Outcome()
		why := re.Text().In(i18n.Lang(l))
		if re.Field != "" {
			why = re.Field + ": " + why
		}
		d.renderTask(c, taskops.HTTPStatus(o), "", l.T(refusedKeys[o])+" "+why)
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
