package api

import (
	"context"

	"github.com/closeout/closeout/internal/domain/plan"
)

// storedPlan is the plan campaign id was imported from, read again with the
// calendars as stored now; store.ErrNotFound for an unknown campaign.
func (s *Server) storedPlan(ctx context.Context, id string) (*plan.Plan, error) {
	doc, err := s.store.CampaignPlan(ctx, id)
	if err != nil {
		return nil, err
	}
	cals, err := s.calendarSet(ctx)
	if err != nil {
		return nil, err
	}
	// People and units were checked when the plan was imported.
	known := func(string) bool { return true }
	return plan.Parse(doc, plan.JSON, plan.ParseOptions{Now: s.now(), PersonExists: known, UnitExists: known, Calendars: cals})
}
