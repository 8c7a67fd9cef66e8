package dashboard

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/store"
)

// myTasksPageSize tasks show per section before "more".
const myTasksPageSize = 100

// taskSection is one list of "my tasks", paged by its own cursor.
type taskSection struct {
	ID       string // also the element id the tests find it by
	TitleKey string
	// Name follows the title when the section is about one of several
	// things of a kind (a unit's name).
	Name string
	// Title, when set, is the whole title in the page's language, instead
	// of TitleKey and Name (a title with a name inside it).
	Title    string
	EmptyKey string
	Tasks    []task.View
	More     string
}

type myTasksPage struct {
	page
	Sections []taskSection
	// Substitutes are the sections of the people the signed-in person
	// stands in for now (SPEC section 14, Actor.For), shown by the template
	// block "my-substitutes" after the person's own.
	Substitutes []taskSection
	// Window is the person's own current or next substitute window, if
	// any, shown with the link to the page that sets and ends it
	// (substitute.go).
	Window    *windowView
	Campaigns map[string]campaignRef
}

// sectionView is what the "my-section" template renders: a section with
// the page it is on.
type sectionView struct {
	taskSection
	Page *myTasksPage
}

// Views pairs sections with the page, for the "my-section" template.
func (p *myTasksPage) Views(sections []taskSection) []sectionView {
	out := make([]sectionView, len(sections))
	for i, s := range sections {
		out[i] = sectionView{taskSection: s, Page: p}
	}
	return out
}

// campaignRef is what a list of tasks from several campaigns shows of each.
type campaignRef struct {
	Title string
	Loc   *time.Location
}

// mySection is a section to fill and the filter that fills it.
type mySection struct {
	section taskSection
	filter  store.TaskFilter
}

// myTasks lists what waits for the signed-in person: submissions to sign
// off, extension requests to decide, their own tasks still open or waiting
// for sign-off, and the open tasks of each unit they are a member of. Each
// list is one query, indexed but for the extension requests (TaskFilter's
// Deciders reads the task documents).
func (d *Dashboard) myTasks(c *gin.Context) {
	ctx := c.Request.Context()
	actor, err := d.actorFor(ctx, me(c))
	if err != nil {
		d.fail(c, err)
		return
	}
	p := &myTasksPage{page: d.basePage(c, "my.title"), Campaigns: map[string]campaignRef{}}
	unitNames, err := d.store.UnitNames(ctx, actor.Units)
	if err != nil {
		d.fail(c, err)
		return
	}
	for _, s := range mySections(actor) {
		if u := s.filter.Unit; u != "" {
			s.section.Name = cmp.Or(unitNames[u], u)
		}
		sec, ok := d.fillSection(c, s)
		if !ok {
			return
		}
		p.Sections = append(p.Sections, sec)
	}
	// Tasks I substitute for (SPEC section 14): for each person actor
	// stands in for now, their sign-offs waiting and their open tasks.
	subs, err := d.substituteSections(c, actor)
	if err != nil {
		d.fail(c, err)
		return
	}
	for _, s := range subs {
		sec, ok := d.fillSection(c, s)
		if !ok {
			return
		}
		p.Substitutes = append(p.Substitutes, sec)
	}
	if p.Window, err = d.ownWindow(ctx, me(c)); err != nil {
		d.fail(c, err)
		return
	}
	campaigns, err := d.store.ListCampaigns(ctx)
	if err != nil {
		d.fail(c, err)
		return
	}
	for _, camp := range campaigns {
		p.Campaigns[camp.ID] = campaignRef{Title: camp.Title, Loc: location(camp.Timezone)}
	}
	d.render(c, http.StatusOK, "mytasks", p)
}

// mySections are the lists of "my tasks" for actor, in the order shown.
// A role the actor holds through a unit counts as theirs, as the rules
// count it (Actor.Holds): an extension waiting for the unit is theirs to
// decide.
func mySections(actor task.Actor) []mySection {
	deciders := []string{actor.ID}
	for _, u := range actor.Units {
		deciders = append(deciders, task.UnitRef(u))
	}
	out := []mySection{
		{taskSection{ID: "awaiting-signoff", TitleKey: "my.signoff", EmptyKey: "my.signoff.empty"},
			store.TaskFilter{Approver: actor.ID}},
		{taskSection{ID: "awaiting-extension", TitleKey: "my.extension", EmptyKey: "my.extension.empty"},
			store.TaskFilter{Deciders: deciders}},
		{taskSection{ID: "my-open", TitleKey: "my.open", EmptyKey: "my.open.empty"},
			store.TaskFilter{Owner: actor.ID, Status: string(task.StatusOpen)}},
		{taskSection{ID: "my-submitted", TitleKey: "my.submitted", EmptyKey: "my.submitted.empty"},
			store.TaskFilter{Owner: actor.ID, Status: string(task.StatusSubmitted)}},
	}
	for _, u := range actor.Units {
		out = append(out, mySection{
			taskSection{ID: "unit-" + u, TitleKey: "my.unit", EmptyKey: "my.unit.empty"},
			store.TaskFilter{Unit: u, Status: string(task.StatusOpen)},
		})
	}
	return out
}

// substituteSections are the lists of the people actor stands in for now
// (Actor.For), each titled with the person's name: the sign-offs waiting
// for them and their open tasks, two queries a person. Those are the roles
// a substitute takes over most; the task page offers the rest through
// Actor.Holds.
func (d *Dashboard) substituteSections(c *gin.Context, actor task.Actor) ([]mySection, error) {
	if len(actor.For) == 0 {
		return nil, nil
	}
	ids := make([]string, len(actor.For))
	for i, f := range actor.For {
		ids[i] = f.ID
	}
	names, err := d.lookupNames(c.Request.Context(), ids)
	if err != nil {
		return nil, err
	}
	l := langOf(c)
	var out []mySection
	for _, id := range ids {
		name := names.Of(id)
		out = append(out,
			mySection{taskSection{ID: "for-" + id + "-signoff", Title: fmt.Sprintf(l.T("my.for.signoff"), name), EmptyKey: "my.for.signoff.empty"},
				store.TaskFilter{Approver: id}},
			mySection{taskSection{ID: "for-" + id + "-open", Title: fmt.Sprintf(l.T("my.for.open"), name), EmptyKey: "my.for.open.empty"},
				store.TaskFilter{Owner: id, Status: string(task.StatusOpen)}})
	}
	return out, nil
}

// fillSection reads the page of s the request's cursor for it asks for; ok
// is false when the page saying why not was written.
func (d *Dashboard) fillSection(c *gin.Context, s mySection) (taskSection, bool) {
	f := s.filter
	f.Limit, f.Cursor = myTasksPageSize, c.Query(s.section.ID)
	tasks, next, ok := d.listTasks(c, f)
	if !ok {
		return taskSection{}, false
	}
	sec := s.section
	sec.Tasks = tasks
	if next != "" {
		sec.More = "/my?" + url.Values{sec.ID: {next}}.Encode()
	}
	return sec, true
}
