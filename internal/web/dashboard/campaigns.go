package dashboard

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/store"
)

// How many tasks a board shows per track before "more", and per page of one
// track. A 10,000-task campaign costs the same few queries as a small one.
const (
	boardTasksPerTrack = 100
	trackPageSize      = 200
)

// campaignSummary is one line of the campaigns page.
type campaignSummary struct {
	Campaign store.Campaign
	Totals   report.Totals
	Sentence string
	Loc      *time.Location
}

type campaignsPage struct {
	page
	Campaigns []campaignSummary
}

// campaigns lists every campaign with its progress, each from its report
// (the projection's rollup, never its tasks one by one).
func (d *Dashboard) campaigns(c *gin.Context) {
	ctx := c.Request.Context()
	list, err := d.store.ListCampaigns(ctx)
	if err != nil {
		d.fail(c, err)
		return
	}
	p := campaignsPage{page: d.basePage(c, "campaigns.title")}
	now := d.now()
	for _, camp := range list {
		rep, err := report.Progress(ctx, d.store, camp.ID, now)
		if err != nil {
			d.fail(c, err)
			return
		}
		p.Campaigns = append(p.Campaigns, campaignSummary{
			Campaign: camp, Totals: rep.Totals, Sentence: inLang(p.L, rep.SummaryZH, rep.SummaryEN), Loc: location(camp.Timezone),
		})
	}
	d.render(c, http.StatusOK, "campaigns", p)
}

func inLang(l lang, zh, en string) string {
	if l == langEN {
		return en
	}
	return zh
}

// location is the campaign's timezone, in which its dates are shown.
func location(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}

// campaignHeader is what every page of one campaign shows above its tab.
type campaignHeader struct {
	page
	Report   report.Report
	Sentence string
	Tab      string
	// Scores says whether the scores tab is offered (Options.Scores).
	Scores bool
}

// loadCampaign builds the header of a campaign page from the report's
// progress (indexed rollups, the campaign included; not the ranking, which
// only its own page reads); false when it already answered.
func (d *Dashboard) loadCampaign(c *gin.Context, titleKey, tab string) (campaignHeader, bool) {
	ctx := c.Request.Context()
	id := c.Param("campaign")
	rep, err := report.Progress(ctx, d.store, id, d.now())
	if errors.Is(err, store.ErrNotFound) {
		d.errorPage(c, http.StatusNotFound, "error.nocampaign")
		return campaignHeader{}, false
	}
	if err != nil {
		d.fail(c, err)
		return campaignHeader{}, false
	}
	h := campaignHeader{page: d.basePage(c, titleKey), Report: rep, Tab: tab, Scores: d.scores != nil}
	h.Title = rep.Title + " · " + h.Title
	h.Loc = location(rep.Timezone)
	h.Sentence = inLang(h.L, rep.SummaryZH, rep.SummaryEN)
	return h, true
}

// boardTrack is one track of the board with a page of its tasks.
type boardTrack struct {
	ID, Title string
	Totals    report.Totals
	Tasks     []task.View
	// More links the next page of this track; empty on its last.
	More string
}

type boardPage struct {
	campaignHeader
	Tracks []boardTrack
	Names  nameBook
	// Single is set when the board shows one track, a page at a time.
	Single bool
	// Actions are the add-task link and the bulk form (board_actions.go).
	Actions boardActions
}

// board shows a campaign by track: totals from the rollup, and the first
// tasks of each track (or, with ?track=, one track a page at a time). Like
// the totals, it lists parents and plain tasks; a parent shows how many of
// its dispatched children are closed, and its page lists them.
func (d *Dashboard) board(c *gin.Context) { d.boardWith(c, http.StatusOK, boardActions{}) }

// boardWith shows the board with its forms in the state given (a bulk post
// refused, status 422, shows the board again with why).
func (d *Dashboard) boardWith(c *gin.Context, status int, actions boardActions) {
	h, ok := d.loadCampaign(c, "board.title", "board")
	if !ok {
		return
	}
	ctx := c.Request.Context()
	only, after := c.Query("track"), c.Query("after")
	p := boardPage{campaignHeader: h, Single: only != "", Actions: actions}
	var owners []string
	for _, tr := range h.Report.Tracks {
		if only != "" && tr.ID != only {
			continue
		}
		limit, cursor := boardTasksPerTrack, ""
		if only != "" {
			limit, cursor = trackPageSize, after
		}
		tasks, next, ok := d.topTasks(c, h.Report.Campaign, tr.ID, cursor, limit)
		if !ok {
			return
		}
		bt := boardTrack{ID: tr.ID, Title: tr.Title, Totals: tr.Totals, Tasks: tasks}
		if next != "" {
			bt.More = "/campaigns/" + url.PathEscape(h.Report.Campaign) + "?track=" + url.QueryEscape(tr.ID) + "&after=" + url.QueryEscape(next)
		}
		for _, t := range tasks {
			owners = append(owners, t.Owner)
		}
		p.Tracks = append(p.Tracks, bt)
	}
	if only != "" && len(p.Tracks) == 0 {
		d.errorPage(c, http.StatusNotFound, "error.notrack")
		return
	}
	var err error
	if p.Names, err = d.lookupNames(ctx, owners); err != nil {
		d.fail(c, err)
		return
	}
	if err := d.fillBoardActions(c, &p); err != nil {
		d.fail(c, err)
		return
	}
	d.render(c, status, "board", p)
}
