package api

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/formats/ledger"
	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/store"
)

// Scores (考评, SPEC section 18): every unit's score in a campaign with the
// line items that make it up, ranked within its class; the campaign's owner
// adds or removes points by hand. Docs: docs/scores.md.

// scoreStore is the store's part in scores (*store.DB).
type scoreStore interface {
	report.ScoresSource
	AddScoreAdjustment(ctx context.Context, a store.ScoreAdjustment) (store.ScoreAdjustment, error)
}

// Bounds of an adjustment: the points a plan's rule may be worth, and a
// reason a person reads in one line of the score.
const (
	maxAdjustmentPoints = 1000
	maxReasonRunes      = 500
)

// adjustmentBody is POST /campaigns/{id}/scores/adjustments.
type adjustmentBody struct {
	Unit   string  `json:"unit"`
	Points float64 `json:"points"`
	Reason string  `json:"reason"`
}

// campaignScores serves GET /campaigns/{id}/scores?class=&format=: JSON
// ({campaign, title, …, units: [...]}), Markdown, CSV or the workbook, with
// the same figures in each.
func (s *Server) campaignScores(c *gin.Context) {
	format := c.DefaultQuery("format", "json")
	if !slices.Contains([]string{"json", "md", "csv", "xlsx"}, format) {
		c.Error(badRequest("unknown report format").with(fieldError("format", "must be json, md, csv or xlsx")))
		return
	}
	scores, err := s.Scores(c.Request.Context(), c.Param("campaign"), c.Query("class"))
	if !campaignFound(c, err) {
		return
	}
	switch format {
	case "json":
		c.JSON(http.StatusOK, scores)
	case "md":
		writeDocument(c, "text/markdown; charset=utf-8", "", func(w io.Writer) error { return report.WriteScoresMarkdown(w, scores) })
	case "csv":
		writeDocument(c, "text/csv; charset=utf-8", scores.Campaign+"-scores.csv", func(w io.Writer) error { return report.WriteScoresCSV(w, scores) })
	case "xlsx":
		writeDocument(c, ledgerContentType, scores.Campaign+"-scores.xlsx", func(w io.Writer) error {
			data, err := ledger.ExportScores(scores)
			if err != nil {
				return err
			}
			_, err = w.Write(data)
			return err
		})
	}
}

// Scores are campaign's scores now, of one class or all (""), by its
// plan's rules; store.ErrNotFound for an unknown campaign. The dashboard's
// scores page reads them here too.
func (s *Server) Scores(ctx context.Context, campaign, class string) (report.Scores, error) {
	p, err := s.storedPlan(ctx, campaign)
	if err != nil {
		return report.Scores{}, err
	}
	return report.BuildScores(ctx, s.store, p, strings.TrimSpace(class), s.now())
}

// adjustScore serves POST /campaigns/{id}/scores/adjustments: 201 with the
// adjustment as stored (an audit entry, written with it). Only the
// campaign's owner adjusts its scores.
func (s *Server) adjustScore(c *gin.Context) {
	ctx := c.Request.Context()
	campaign, err := s.store.GetCampaign(ctx, c.Param("campaign"))
	if errors.Is(err, store.ErrNotFound) {
		c.Error(notFound("no campaign %s", c.Param("campaign")))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	me := caller(c)
	if me.ID != campaign.Owner {
		c.Error(forbidden("only the campaign's owner adjusts its scores"))
		return
	}
	var body adjustmentBody
	if !bindJSON(c, &body) {
		return
	}
	p, err := s.storedPlan(ctx, campaign.ID)
	if err != nil {
		c.Error(err)
		return
	}
	errs, err := s.checkAdjustment(ctx, p, &body)
	if err != nil {
		c.Error(err)
		return
	}
	if len(errs) > 0 {
		c.Error(unprocessable("the adjustment is not valid").with(errs...))
		return
	}
	saved, err := s.store.AddScoreAdjustment(ctx, store.ScoreAdjustment{Campaign: campaign.ID, Unit: body.Unit,
		Points: body.Points, Reason: body.Reason, CreatedBy: me.ID, CreatedAt: s.now()})
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusCreated, saved)
}

// checkAdjustment names every wrong field of b at once (the reason
// trimmed): a unit the plan lists or the units table has, points that are
// not 0 and within bounds, a reason.
func (s *Server) checkAdjustment(ctx context.Context, p *plan.Plan, b *adjustmentBody) ([]FieldError, error) {
	var errs []FieldError
	b.Unit, b.Reason = strings.TrimSpace(b.Unit), strings.TrimSpace(b.Reason)
	switch known, err := s.scoredUnitExists(ctx, p, b.Unit); {
	case err != nil:
		return nil, err
	case b.Unit == "":
		errs = append(errs, fieldError("unit", "required"))
	case !known:
		errs = append(errs, fieldError("unit", "unknown unit %q", b.Unit))
	}
	switch {
	case b.Points == 0:
		errs = append(errs, fieldError("points", "must not be 0: give the points to add, or negative to remove"))
	case math.Abs(b.Points) > maxAdjustmentPoints:
		errs = append(errs, fieldError("points", "must be between -%d and %d points", maxAdjustmentPoints, maxAdjustmentPoints))
	}
	switch {
	case b.Reason == "":
		errs = append(errs, fieldError("reason", "required"))
	case utf8.RuneCountInString(b.Reason) > maxReasonRunes:
		errs = append(errs, fieldError("reason", "must be at most %d characters", maxReasonRunes))
	}
	return errs, nil
}

// scoredUnitExists reports whether unit is one the plan lists or the units
// table has.
func (s *Server) scoredUnitExists(ctx context.Context, p *plan.Plan, unit string) (bool, error) {
	if unit == "" {
		return false, nil
	}
	if slices.ContainsFunc(p.Units, func(u plan.Unit) bool { return u.ID == unit }) {
		return true, nil
	}
	_, err := s.store.GetUnit(ctx, unit)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
