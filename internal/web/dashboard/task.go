package dashboard

import (
	"errors"
	"net/http"
	"slices"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/store"
)

// actionSet is which forms the task page offers the signed-in person. It
// only spares people forms they cannot use: the workflow's rules decide
// every post, and their refusal is shown as it is.
type actionSet struct {
	Progress, Submit, Extend, Approve, Return, DecideExtension bool
	// Reassign and Cancel are the forms of those who manage the task;
	// Urge (催办) of those who oversee it.
	Reassign, Cancel, Urge bool
}

func (a actionSet) Any() bool {
	return a.Progress || a.Submit || a.Extend || a.Approve || a.Return || a.DecideExtension ||
		a.Reassign || a.Cancel || a.Urge
}

// allowedActions reads SPEC section 3 off the task as projected, with roles
// held as the rules hold them (Actor.Holds: in person, or as a member of the
// unit given the role): the owner works on an open task, and an assisting
// unit reports progress on it; the current approver signs off a submitted
// one; the decider answers a pending extension. Those who manage a live task
// (internal/domain/task/actions_manage.go): an admin, the supervisor or the campaign
// owner reassigns it; an admin or the campaign owner cancels it; an admin,
// the supervisor, the leader or the campaign owner urges it
// (actions_urge.go; the window between urges is the rules' to refuse).
func allowedActions(t task.View, a task.Actor) actionSet {
	var can actionSet
	if t.Status.Terminal() || a.ID == "" {
		return can
	}
	open := t.Status == task.StatusOpen
	owner := open && a.Holds(t.Owner)
	can.Progress = owner || (open && slices.ContainsFunc(t.Assist, a.Holds))
	can.Submit = owner && len(t.Approvers) > 0
	can.Extend = owner && t.Extension == nil
	can.Approve = t.Status == task.StatusSubmitted && a.Holds(t.CurrentApprover)
	can.Return = can.Approve
	can.DecideExtension = t.Extension != nil && a.Holds(t.Extension.Decider)
	can.Reassign = a.Admin || a.Holds(t.Supervisor) || a.Holds(t.CampaignOwner)
	can.Cancel = a.Admin || a.Holds(t.CampaignOwner)
	can.Urge = a.Admin || a.Holds(t.Supervisor) || a.Holds(t.Leader) || a.Holds(t.CampaignOwner)
	return can
}

type taskPage struct {
	page
	Task          task.View
	CampaignTitle string
	TrackTitle    string
	Names         nameBook
	Events        []eventLine
	Can           actionSet
	// Indicators are the task's figures with their sentence in the page's
	// language; ChildrenClosed counts the closed ones of Task.Children.
	Indicators     []indicatorLine
	ChildrenClosed int
	// FormID makes each rendered form's post one action, however often it
	// is sent (a double click, a resend after a timeout).
	FormID string
	// Files are the task's evidence files and what the person may do with
	// them (files.go).
	Files fileSection
	// Owners are the reassign form's suggestions (manage.go); loaded only
	// when the form is offered.
	Owners []ownerChoice
	// Sheet is the task's supervision sheets and the form to issue one
	// (sheets.go).
	Sheet sheetSection
}

// indicatorLine is one of a task's indicators on its page.
type indicatorLine struct {
	task.IndicatorView
	Sentence string
}

// taskPage shows one task; ?done=ACTION says which action just succeeded.
func (d *Dashboard) taskPage(c *gin.Context) {
	flash := ""
	if done := c.Query("done"); isKind(done) || done == "upload" {
		flash = "done." + done
	}
	d.renderTask(c, http.StatusOK, flash, "")
}

// renderTask shows the task of the request's path as the projection has it
// now, with a success (flash key) or a refusal (words) above it.
func (d *Dashboard) renderTask(c *gin.Context, status int, flash, problem string) {
	ctx := c.Request.Context()
	t, ok := d.pathTask(c)
	if !ok {
		return
	}
	camp, err := d.store.GetCampaign(ctx, t.Campaign)
	if err != nil {
		d.fail(c, err)
		return
	}
	events, err := d.store.TaskEvents(ctx, t.Campaign, t.ID)
	if err != nil {
		d.fail(c, err)
		return
	}
	ids := append([]string{t.Owner, t.Supervisor, t.Leader, t.CampaignOwner, t.CurrentApprover}, t.Approvers...)
	ids = append(ids, t.Assist...)
	for _, ch := range t.Children {
		ids = append(ids, ch.Owner)
	}
	if t.Extension != nil {
		ids = append(ids, t.Extension.Decider, t.Extension.RequestedBy)
	}
	for _, e := range events {
		ids = append(ids, e.Actor)
		ids = append(ids, eventPeople(e)...)
	}
	names, err := d.lookupNames(ctx, ids)
	if err != nil {
		d.fail(c, err)
		return
	}
	p := taskPage{page: d.basePage(c, "task.title"), Task: t, CampaignTitle: camp.Title, Names: names, FormID: randomString()}
	p.Title = t.ID + " " + t.Title
	p.Loc = location(camp.Timezone)
	p.Flash = flash
	p.Error = problem
	actor, err := d.actorFor(ctx, me(c))
	if err != nil {
		d.fail(c, err)
		return
	}
	p.Can = allowedActions(t, actor)
	if !p.Can.Urge && t.Parent != "" && !t.Status.Terminal() {
		// The parent's owner urges a dispatched child (actions_urge.go).
		parent, err := d.store.GetTask(ctx, t.Campaign, t.Parent)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			d.fail(c, err)
			return
		}
		p.Can.Urge = err == nil && actor.Holds(parent.Owner)
	}
	if p.Sheet, err = d.sheetSectionFor(ctx, me(c), camp, t); err != nil {
		d.fail(c, err)
		return
	}
	if p.Can.Reassign {
		if p.Owners, err = d.ownerChoices(ctx, t.Owner); err != nil {
			d.fail(c, err)
			return
		}
	}
	if p.Files, err = d.fileSectionFor(ctx, t, actor, names); err != nil {
		d.fail(c, err)
		return
	}
	p.ChildrenClosed = closedChildren(t.Children)
	for i, in := range report.Indicators(t.Indicators) {
		p.Indicators = append(p.Indicators, indicatorLine{IndicatorView: t.Indicators[i], Sentence: inLang(p.L, in.SentenceZH, in.SentenceEN)})
	}
	for _, tr := range camp.Tracks {
		if tr.ID == t.Track {
			p.TrackTitle = tr.Title
		}
	}
	// Newest first: what just happened is what a reader looks for.
	for i := len(events) - 1; i >= 0; i-- {
		p.Events = append(p.Events, describeEvent(events[i], p.L, names, p.Loc))
	}
	d.render(c, status, "task", p)
}

// pathTask is the task the request's path names as the projection has it, or
// false once the page saying why not (404, or the failure) was written.
func (d *Dashboard) pathTask(c *gin.Context) (task.View, bool) {
	t, err := d.store.GetTask(c.Request.Context(), c.Param("campaign"), c.Param("task"))
	if errors.Is(err, store.ErrNotFound) {
		d.errorPage(c, http.StatusNotFound, "error.notask")
		return t, false
	}
	if err != nil {
		d.fail(c, err)
		return t, false
	}
	return t, true
}

func isKind(name string) bool {
	_, ok := task.KindNamed(name)
	return ok
}
