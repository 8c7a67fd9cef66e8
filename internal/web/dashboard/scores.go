package dashboard

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/domain/scoring"
	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/store"
)

// Scores reads a campaign's scores (考评, SPEC section 18) as GET
// /api/v1/campaigns/{id}/scores answers them; *api.Server is the real one
// (it reads the campaign's plan for the rules and classes).
type Scores interface {
	Scores(ctx context.Context, campaign, class string) (report.Scores, error)
}

// scoreRow is one unit of the scores page, with its items worded in the
// page's language and its bar's length.
type scoreRow struct {
	scoring.UnitScore
	// Bar is the score's size against the largest in the campaign, 0–100.
	Bar   int
	Items []scoreItem
}

type scoreItem struct {
	What, Task string
	Points     float64
}

// scoreClass is one class's units, ranked within it.
type scoreClass struct {
	Name string
	Rows []scoreRow
}

type scoresPage struct {
	campaignHeader
	Classes []scoreClass
	Units   int
}

// Negative is whether the score is below zero: its bar is drawn red.
func (r scoreRow) Negative() bool { return r.Score < 0 }

// scoresPage shows the units' scores by class: the ranking page's bar list
// (rank, name, bar, score), a bar as long as the score against the largest
// one of the campaign, and a table of each unit's line items that becomes
// one card per unit on a phone.
func (d *Dashboard) scoresPage(c *gin.Context) {
	h, ok := d.loadCampaign(c, "scores.title", "scores")
	if !ok {
		return
	}
	s, err := d.scores.Scores(c.Request.Context(), h.Report.Campaign, "")
	if errors.Is(err, store.ErrNotFound) {
		d.errorPage(c, http.StatusNotFound, "error.nocampaign")
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}
	largest := 0.0
	for _, u := range s.Units {
		largest = max(largest, math.Abs(u.Score))
	}
	p := scoresPage{campaignHeader: h, Units: len(s.Units)}
	for _, u := range s.Units {
		if len(p.Classes) == 0 || p.Classes[len(p.Classes)-1].Name != u.Class {
			p.Classes = append(p.Classes, scoreClass{Name: u.Class})
		}
		row := scoreRow{UnitScore: u}
		if largest > 0 {
			row.Bar = int(math.Round(math.Abs(u.Score) / largest * 100))
		}
		for _, it := range u.Items {
			row.Items = append(row.Items, scoreItem{What: inLang(h.L, it.WhatZh, it.What), Task: it.Task, Points: it.Points})
		}
		class := &p.Classes[len(p.Classes)-1]
		class.Rows = append(class.Rows, row)
	}
	d.render(c, http.StatusOK, "scores", p)
}

// signedPoints writes points with their sign: +1, -0.5, 0.
func signedPoints(v float64) string {
	s := report.Number(v)
	if v > 0 && !strings.HasPrefix(s, "+") {
		return "+" + s
	}
	return s
}
