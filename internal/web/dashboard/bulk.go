package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// Bulk actions on the board (SPEC section 17): the tasks ticked on the
// board, and one action for all of them. Each task is acted on as the task
// page's form acts (d.act: the form read by formRequest, sent through
// taskops), one after another, under its own rules; a refusal is that
// task's answer and the rest go on.
//
// The actions are those of the table that make sense for many tasks at
// once: reassign (to one person or unit), extend (one new deadline, with
// a reason) and urge (催办, one note to every owner; each task's own window
// between urges decides whether it is urged now).

// bulkKinds are the bulk form's actions, by the button's value.
var bulkKinds = map[string]task.Kind{task.Reassign.Name: task.Reassign, task.Extend.Name: task.Extend, task.Urge.Name: task.Urge}

// maxBulkTasks bounds one bulk action, so its page answers within a
// request's time: each task is one workflow update.
const maxBulkTasks = 100

// bulkResult is one task's answer.
type bulkResult struct {
	Task task.View
	// Why is the refusal in the reader's language; empty when it was done.
	Why string
}

type bulkPage struct {
	page
	Campaign store.Campaign
	Kind     task.Kind
	Done     []bulkResult
	Refused  []bulkResult
	Names    nameBook
}

// bulkAct checks the form once on its own (a missing owner or reason, a bad
// date: shown beside the field on the board, nothing sent), then acts on
// each ticked task and lists which were done and which refused, and why.
func (d *Dashboard) bulkAct(c *gin.Context) {
	ctx := c.Request.Context()
	camp, err := d.store.GetCampaign(ctx, c.Param("campaign"))
	if errors.Is(err, store.ErrNotFound) {
		d.errorPage(c, http.StatusNotFound, "error.nocampaign")
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}
	k, known := bulkKinds[c.PostForm("action")]
	if !known {
		d.errorPage(c, http.StatusBadRequest, "bulk.noaction")
		return
	}
	ids := slices.Compact(slices.Sorted(slices.Values(c.PostFormArray("task"))))
	if problems := d.bulkProblems(ctx, c, k, camp.ID, ids); len(problems) > 0 {
		d.boardWith(c, http.StatusUnprocessableEntity, bulkFormState(c, ids, problems))
		return
	}
	p := bulkPage{page: d.basePage(c, "bulk.title"), Campaign: camp, Kind: k}
	p.Title = camp.Title + " · " + p.Title
	p.Loc = location(camp.Timezone)
	owners := []string{}
	for _, id := range ids {
		r := d.bulkOne(ctx, c, k, camp.ID, id)
		if r.Why == "" {
			p.Done = append(p.Done, r)
		} else {
			p.Refused = append(p.Refused, r)
		}
		owners = append(owners, r.Task.Owner)
	}
	if p.Names, err = d.lookupNames(ctx, owners); err != nil {
		d.fail(c, err)
		return
	}
	d.render(c, http.StatusOK, "bulk", p)
}

// bulkProblems are what is wrong with the form itself, by field: no task
// ticked or too many, and the request's own checks (the rules' Validate,
// the same for every task). Nil when it may be sent.
func (d *Dashboard) bulkProblems(ctx context.Context, c *gin.Context, k task.Kind, campaign string, ids []string) map[string]string {
	l := langOf(c)
	problems := map[string]string{}
	switch {
	case len(ids) == 0:
		problems["task"] = l.T("bulk.none")
	case len(ids) > maxBulkTasks:
		problems["task"] = fmt.Sprintf(l.T("bulk.toomany"), maxBulkTasks)
	}
	// The database cannot store NUL: a request holding one would fail its
	// task's projection at every retry.
	nul := false
	for _, field := range []string{"owner", "deadline", "reason", "note"} {
		if strings.IndexByte(c.PostForm(field), 0) >= 0 {
			problems[field], nul = l.T("bulk.nul"), true
		}
	}
	if nul {
		return problems
	}
	req, err := d.formRequest(ctx, c, k, task.View{Campaign: campaign})
	if err == nil {
		err = k.Rule(req).Validate()
	}
	var (
		fe formError
		re *task.RuleError
	)
	switch {
	case errors.As(err, &fe):
		problems["deadline"] = l.T(string(fe)) // the one field formRequest reads for these actions
	case errors.As(err, &re):
		problems[re.Field] = re.Text().In(i18n.Lang(l))
	case err != nil:
		problems[""] = l.T("bulk.failed")
		d.log.ErrorContext(ctx, "read the bulk form", "error", err)
	}
	return problems
}

// bulkOne acts on one task as d.act does, and says how it went. The form
// id makes a repeat of the same post get each task's first outcome.
func (d *Dashboard) bulkOne(ctx context.Context, c *gin.Context, k task.Kind, campaign, id string) bulkResult {
	l := langOf(c)
	t, err := d.tasks.Live(ctx, campaign, id)
	if err != nil {
		t.Campaign, t.ID = campaign, id
		return bulkResult{Task: t, Why: d.refusalText(ctx, l, err)}
	}
	req, err := d.formRequest(ctx, c, k, t)
	if err != nil {
		return bulkResult{Task: t, Why: d.refusalText(ctx, l, err)}
	}
	person := me(c)
	*req.Acting() = task.Actor{ID: person.ID, Admin: person.Has(store.RoleAdmin)}
	a := taskops.Action{Kind: k, Request: req}
	if fid := c.PostForm("form_id"); formIDPattern.MatchString(fid) {
		a.ID = "dashboard-bulk-" + k.Name + "-" + fid
	}
	view, err := d.tasks.Act(ctx, t, a)
	if err != nil {
		return bulkResult{Task: t, Why: d.refusalText(ctx, l, err)}
	}
	return bulkResult{Task: view}
}

// refusalText is why an action on one task did not happen, in l: the
// rules' own words after what kind of refusal it is, or what the task page
// says of a finished or missing task; a failure is logged and named as one.
func (d *Dashboard) refusalText(ctx context.Context, l lang, err error) string {
	var (
		re *task.RuleError
		fe formError
	)
	switch {
	case errors.As(err, &re):
		return ruleWords(l, re)
	case errors.As(err, &fe):
		return l.T(string(fe))
	case errors.Is(err, taskops.ErrFinished):
		return l.T("refused.finished")
	case errors.Is(err, taskops.ErrNotFound):
		return l.T("error.notask")
	case errors.Is(err, context.DeadlineExceeded):
		return l.T("error.timeout")
	}
	d.log.ErrorContext(ctx, "bulk action", "error", err)
	return l.T("bulk.failed")
}

// ruleWords is a refusal by the rules in l: what kind of refusal it is,
// then the rules' own sentence.
func ruleWords(l lang, re *task.RuleError) string {
	words := re.Text().In(i18n.Lang(l))
	if intro, ok := refusedKeys[re.Outcome()]; ok {
		return l.T(intro) + " " + words
	}
	return words
}
