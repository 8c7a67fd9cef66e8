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
	Rows  []rankingRow
	Chart rankingChart
}

// rankingPage shows the campaign's owning units ranked (考评, SPEC section
// 10): the table of GET /api/v1/campaigns/{id}/units and a bar chart of
// each unit's on-time percent. One query over the unit-owned tasks.
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
	p := rankingPage{campaignHeader: h, Chart: buildRankingChart(units)}
	for _, u := range units {
		row := rankingRow{UnitRank: u}
		for _, in := range report.Indicators(u.Indicators) {
			row.Sentences = append(row.Sentences, inLang(h.L, in.SentenceZH, in.SentenceEN))
		}
		p.Rows = append(p.Rows, row)
	}
	d.render(c, http.StatusOK, "ranking", p)
}

// rankingChart is the bar chart of the units' on-time percent: one row per
// unit in ranking order, the bar's length its percent of 0–100.
type rankingChart struct {
	Width, Height float64
	LabelWidth    float64
	Left, Right   float64 // the plot area: 0% and 100%
	Top, Base     float64
	RowHeight     float64
	BarHeight     float64
	LabelBaseline float64
	TickLabelY    float64
	XTicks        []tick
	Bars          []rankingBar
}

type rankingBar struct {
	Y, W   float64
	BarY   float64
	ValueX float64 // where the percent is written, just past the bar
	Label  string  // the unit's name, cut to fit
	Unit   store.UnitRank
}

const (
	rankingLabelWidth = 180
	rankingLabelRunes = 12
)

// buildRankingChart lays out the units in the order given.
func buildRankingChart(units []store.UnitRank) rankingChart {
	g := rankingChart{
		Width: chartWidth, LabelWidth: rankingLabelWidth, Left: rankingLabelWidth, Right: chartWidth - 48,
		Top: ganttTop, RowHeight: ganttRowHeight, BarHeight: ganttBarHeight, LabelBaseline: 17,
	}
	g.Base = g.Top + float64(len(units))*g.RowHeight
	g.Height = g.Base + 24
	g.TickLabelY = g.Base + 16
	x := func(pct int) float64 { return round1(g.Left + (g.Right-g.Left)*float64(min(max(pct, 0), 100))/100) }
	g.XTicks = countTicks(100, x)
	for i, u := range units {
		y := g.Top + float64(i)*g.RowHeight
		w := round1(x(u.OnTimePct) - g.Left)
		g.Bars = append(g.Bars, rankingBar{
			Y: y, BarY: y + (g.RowHeight-g.BarHeight)/2, W: w, ValueX: round1(g.Left + w + 4),
			Label: cut(u.Name, rankingLabelRunes), Unit: u,
		})
	}
	return g
}
