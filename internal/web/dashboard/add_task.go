package dashboard

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// Adding a task from the board (SPEC section 17): the form is read into the
// plan's task document and handed to the use case the API's POST
// /api/v1/campaigns/{campaign}/tasks uses (planning.Adder), so the same
// people may add the same tasks from either, and the plan's own checks word
// what is wrong, field by field.

// TaskAdder adds one task to a campaign; *planning.Adder is one.
type TaskAdder interface {
	Add(ctx context.Context, nt planning.NewTask) (task.View, error)
}

// boardActionRoutes are the board's forms: add a task, act on several.
func (d *Dashboard) boardActionRoutes(g *gin.RouterGroup) {
	if d.adder != nil {
		g.GET("/campaigns/:campaign/add", d.addTaskForm)
		g.POST("/campaigns/:campaign/add", d.addTask)
	}
	g.POST("/campaigns/:campaign/bulk", d.bulkAct)
}

// addForm is what the form holds, as typed.
type addForm struct {
	ID, Track, Title, Owner, Deadline, Supervisor, Approvers, Leader string
	Flagged                                                          bool
}

// addFields are the form's fields, by the plan field each reads as.
var addFields = []string{"id", "track", "title", "owner", "deadline", "supervisor", "approvers", "leader", "flagged"}

type addTaskPage struct {
	page
	Campaign store.Campaign
	Form     addForm
	// Problems are the refusals by form field; General those of no field.
	Problems map[string]string
	General  []string
	Owners   []ownerChoice
}

// addTaskForm shows the empty form, with a task id suggested: a form sent
// twice then adds one task, the second answered as the same.
func (d *Dashboard) addTaskForm(c *gin.Context) {
	camp, ok := d.addableCampaign(c)
	if !ok {
		return
	}
	form := addForm{ID: suggestTaskID()}
	if len(camp.Tracks) > 0 {
		form.Track = camp.Tracks[0].ID
	}
	d.renderAddTask(c, http.StatusOK, camp, form, nil, nil)
}

// addTask adds the task and shows it on the board, or the form again with
// every problem beside its field.
func (d *Dashboard) addTask(c *gin.Context) {
	camp, ok := d.addableCampaign(c)
	if !ok {
		return
	}
	form := readAddForm(c)
	l := langOf(c)
	problems, general := map[string]string{}, []string(nil)
	body, err := form.document()
	if err == nil {
		_, err = d.adder.Add(c.Request.Context(), planning.NewTask{Campaign: camp, By: me(c), Body: body, Format: plan.JSON})
	}
	var (
		ve *plan.ValidationError
		re *task.RuleError
	)
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/campaigns/"+url.PathEscape(camp.ID)+"?added="+url.QueryEscape(form.ID))
		return
	case errors.Is(err, planning.ErrMayNotAdd):
		d.errorPage(c, http.StatusForbidden, "add.forbidden")
		return
	case errors.As(err, &ve):
		for _, fe := range ve.Errors {
			placeProblem(problems, &general, fe.Field, fe.Text().In(i18n.Lang(l)))
		}
	case errors.As(err, &re):
		placeProblem(problems, &general, re.Field, ruleWords(l, re))
	case errors.Is(err, taskops.ErrFinished):
		problems["id"] = l.T("add.idtaken")
	case errors.Is(err, context.DeadlineExceeded):
		d.errorPage(c, http.StatusGatewayTimeout, "error.timeout")
		return
	default:
		d.fail(c, err)
		return
	}
	d.renderAddTask(c, http.StatusUnprocessableEntity, camp, form, problems, general)
}

// placeProblem puts a message beside the form field its plan field path
// ("approvers[1]", "phases[0].workdays") starts with, or above the form.
func placeProblem(problems map[string]string, general *[]string, path, msg string) {
	field, _, _ := strings.Cut(path, "[")
	field, _, _ = strings.Cut(field, ".")
	for _, f := range addFields {
		if f == field {
			if problems[f] != "" {
				msg = problems[f] + " " + msg
			}
			problems[f] = msg
			return
		}
	}
	*general = append(*general, msg)
}

// addableCampaign is the campaign of the path, if the person may add tasks
// to it (the use case checks again); false once the page saying why not
// was written.
func (d *Dashboard) addableCampaign(c *gin.Context) (store.Campaign, bool) {
	camp, err := d.store.GetCampaign(c.Request.Context(), c.Param("campaign"))
	switch {
	case errors.Is(err, store.ErrNotFound):
		d.errorPage(c, http.StatusNotFound, "error.nocampaign")
		return camp, false
	case err != nil:
		d.fail(c, err)
		return camp, false
	case !planning.MayAdd(me(c), camp):
		d.errorPage(c, http.StatusForbidden, "add.forbidden")
		return camp, false
	}
	return camp, true
}

func (d *Dashboard) renderAddTask(c *gin.Context, status int, camp store.Campaign, form addForm, problems map[string]string, general []string) {
	p := addTaskPage{page: d.basePage(c, "add.title"), Campaign: camp, Form: form, Problems: problems, General: general}
	p.Title = camp.Title + " · " + p.Title
	p.Loc = location(camp.Timezone)
	var err error
	if p.Owners, err = d.ownerChoices(c.Request.Context(), ""); err != nil {
		d.fail(c, err)
		return
	}
	d.render(c, status, "add_task", p)
}

func readAddForm(c *gin.Context) addForm {
	v := func(name string) string { return strings.TrimSpace(c.PostForm(name)) }
	return addForm{ID: v("id"), Track: v("track"), Title: v("title"), Owner: v("owner"), Deadline: v("deadline"),
		Supervisor: v("supervisor"), Approvers: v("approvers"), Leader: v("leader"), Flagged: c.PostForm("flagged") == "yes"}
}

// document is the form as the plan's task document. Fields left empty are
// left out, so the plan's defaults apply (the campaign's deadline, the
// supervisor as the approver) and its checks say what is missing.
func (f addForm) document() ([]byte, error) {
	doc := map[string]any{"id": f.ID, "track": f.Track, "title": f.Title, "owner": f.Owner}
	optional := map[string]string{"deadline": f.Deadline, "supervisor": f.Supervisor, "leader": f.Leader}
	for k, v := range optional {
		if v != "" {
			doc[k] = v
		}
	}
	if approvers := splitList(f.Approvers); len(approvers) > 0 {
		doc["approvers"] = approvers
	}
	if f.Flagged {
		doc["flagged"] = true
	}
	return json.Marshal(doc)
}

// splitList reads ids separated by commas (either width), 、 or spaces.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
}

// suggestTaskID is a fresh task id for the form to offer.
func suggestTaskID() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // crypto/rand never fails (Go 1.24)
	return "add-" + hex.EncodeToString(b)
}
