package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/store"
)

// rankingRow is one unit of the ranking page: its place (UnitRank.Rank,
// shared by tied units), its figures and its indicators worded in the
// page's language.
type rankingRow struct {
	store.UnitRank
	Sentences []string
}

type rankingPage struct {
	campaignHeader
	Rows []rankingRow
}

// Bar is the length of the row's bar, its on-time percent held to 0–100:
// the bar is an SVG 100 units wide that the list's layout stretches to the
// room there is, so a phone shows the same chart as a desktop, narrower.
func (r rankingRow) Bar() int { return min(max(r.OnTimePct, 0), 100) }

// rankingPage shows the campaign's owning units ranked (考评, SPEC section
// 10): the table of GET /api/v1/campaigns/{id}/units and a bar chart of
// each unit's on-time percent, drawn as a list (rank, name, bar, percent)
// that fits any width. One query over the unit-owned tasks.
func (d *Dashboard) rankingPage(c *gin.Context) {
	h, ok := d.loadCampaign(c, "ranking.title", "units")
	if !ok {
		return
	}
	units, err := d.store.UnitRanking(c.Request.Context(), h.Report.Campaign, d.now())
	if err != nil {
		d.fail(c, err)
		return
	}
	p := rankingPage{campaignHeader: h}
	for _, u := range units {
		row := rankingRow{UnitRank: u}
		for _, in := range report.Indicators(u.Indicators) {
			row.Sentences = append(row.Sentences, inLang(h.L, in.SentenceZH, in.SentenceEN))
		}
		p.Rows = append(p.Rows, row)
	}
	d.render(c, http.StatusOK, "ranking", p)
}
