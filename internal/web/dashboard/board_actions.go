package dashboard

import (
	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/planning"
)

// boardActions are the state of the board's own forms: the link to add a
// task, the bulk form under the tracks and, after a post it refused, what
// was ticked and typed and why not.
type boardActions struct {
	// CanAdd offers the add-task form: the dashboard has one and the
	// person may add tasks to the campaign.
	CanAdd bool
	// FormID makes the bulk form's post act once on each task, however
	// often it is sent.
	FormID string
	Owners []ownerChoice
	// Selected are the tasks ticked before the refused post.
	Selected map[string]bool
	// Action, Owner, Deadline, Reason and Note are the bulk form as typed.
	Action, Owner, Deadline, Reason, Note string
	// Problems are the bulk form's refusals by field ("" for none).
	Problems map[string]string
}

// bulkFormState is the bulk form as posted, to show again with problems.
func bulkFormState(c *gin.Context, ids []string, problems map[string]string) boardActions {
	a := boardActions{Selected: map[string]bool{}, Problems: problems,
		Action: c.PostForm("action"), Owner: c.PostForm("owner"), Deadline: c.PostForm("deadline"), Reason: c.PostForm("reason"), Note: c.PostForm("note")}
	for _, id := range ids {
		a.Selected[id] = true
	}
	return a
}

// fillBoardActions completes the forms' state for the board p shows.
func (d *Dashboard) fillBoardActions(c *gin.Context, p *boardPage) error {
	a := &p.Actions
	if d.adder != nil {
		camp, err := d.store.GetCampaign(c.Request.Context(), p.Report.Campaign)
		if err != nil {
			return err
		}
		a.CanAdd = planning.MayAdd(me(c), camp)
	}
	if c.Query("added") != "" {
		p.Flash = "add.done"
	}
	a.FormID = randomString()
	var err error
	a.Owners, err = d.ownerChoices(c.Request.Context(), "")
	return err
}

// pickItem is a board row with its bulk checkbox: offered for a task that
// may still change, ticked again after a refused post.
func pickItem(it taskItem, selected map[string]bool) taskItem {
	it.Selectable = !it.Task.Status.Terminal()
	it.Checked = selected[it.Task.ID]
	return it
}
