package dashboard

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/store"
	"github.com/closeout/closeout/workflows"
)

// myTasksPageSize tasks show per section before "more".
const myTasksPageSize = 100

// taskSection is one list of "my tasks", paged by its own cursor.
type taskSection struct {
	ID       string // also the element id the tests find it by
	TitleKey string
	EmptyKey string
	Tasks    []workflows.TaskView
	More     string
}

type myTasksPage struct {
	page
	Sections  []taskSection
	Campaigns map[string]campaignRef
}

// campaignRef is what a list of tasks from several campaigns shows of each.
type campaignRef struct {
	Title string
	Loc   *time.Location
}

// myTasks lists what waits for the signed-in person: submissions to sign
// off, and their own tasks still open or waiting for sign-off. Each list is
// one indexed query (tasks_by_approver, tasks_by_owner).
func (d *Dashboard) myTasks(c *gin.Context) {
	ctx := c.Request.Context()
	id := me(c).ID
	p := myTasksPage{page: d.basePage(c, "my.title"), Campaigns: map[string]campaignRef{}}
	sections := []struct {
		section taskSection
		filter  store.TaskFilter
	}{
		{taskSection{ID: "awaiting-signoff", TitleKey: "my.signoff", EmptyKey: "my.signoff.empty"},
			store.TaskFilter{Approver: id}},
		{taskSection{ID: "my-open", TitleKey: "my.open", EmptyKey: "my.open.empty"},
			store.TaskFilter{Owner: id, Status: string(workflows.StatusOpen)}},
		{taskSection{ID: "my-submitted", TitleKey: "my.submitted", EmptyKey: "my.submitted.empty"},
			store.TaskFilter{Owner: id, Status: string(workflows.StatusSubmitted)}},
	}
	for _, s := range sections {
		f := s.filter
		f.Limit, f.Cursor = myTasksPageSize, c.Query(s.section.ID)
		tasks, next, ok := d.listTasks(c, f)
		if !ok {
			return
		}
		sec := s.section
		sec.Tasks = tasks
		if next != "" {
			sec.More = "/my?" + url.Values{sec.ID: {next}}.Encode()
		}
		p.Sections = append(p.Sections, sec)
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
