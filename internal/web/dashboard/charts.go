package dashboard

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
)

// ganttPageSize rows make a Gantt page: more would not be readable anyway.
const ganttPageSize = 50

// burndownPage draws the chart twice, for a wide screen and for a phone;
// style.css shows the one that fits. Chart, the wide one, also gives the
// figures the page writes out.
type burndownPage struct {
	campaignHeader
	Chart, Phone burndown
}

// Layouts are the chart's layouts, in the order the page writes them.
func (p burndownPage) Layouts() []burndown { return []burndown{p.Chart, p.Phone} }

// burndownPage draws the campaign's burn-down. It reads every task's
// deadline (one query on row columns) and every closing time (one query).
func (d *Dashboard) burndownPage(c *gin.Context) {
	h, ok := d.loadCampaign(c, "burndown.title", "burndown")
	if !ok {
		return
	}
	ctx := c.Request.Context()
	camp, err := d.store.GetCampaign(ctx, h.Report.Campaign)
	if err != nil {
		d.fail(c, err)
		return
	}
	deadlines, err := d.store.Deadlines(ctx, camp.ID)
	if err != nil {
		d.fail(c, err)
		return
	}
	closed, err := d.store.ClosedTimes(ctx, camp.ID)
	if err != nil {
		d.fail(c, err)
		return
	}
	draw := func(size chartSize) burndown {
		return buildBurndown(size, camp.Start, camp.Deadline, d.now(), len(deadlines), deadlines, closed, h.Loc)
	}
	d.render(c, http.StatusOK, "burndown", burndownPage{campaignHeader: h, Chart: draw(wideChart), Phone: draw(phoneChart)})
}

type ganttPage struct {
	campaignHeader
	Chart gantt
	Track string
	// Next links the following page of rows; empty on the last.
	Next string
}

// ganttPage draws a page of the campaign's tasks (optionally of one track)
// with their phases: parents and plain tasks, as the board lists them.
func (d *Dashboard) ganttPage(c *gin.Context) {
	h, ok := d.loadCampaign(c, "gantt.title", "gantt")
	if !ok {
		return
	}
	track := c.Query("track")
	tasks, next, ok := d.topTasks(c, h.Report.Campaign, track, c.Query("after"), ganttPageSize)
	if !ok {
		return
	}
	p := ganttPage{campaignHeader: h, Chart: buildGantt(tasks, d.now(), h.Loc), Track: track}
	if next != "" {
		q := url.Values{"after": {next}}
		if track != "" {
			q.Set("track", track)
		}
		p.Next = "/campaigns/" + url.PathEscape(h.Report.Campaign) + "/gantt?" + q.Encode()
	}
	d.render(c, http.StatusOK, "gantt", p)
}
