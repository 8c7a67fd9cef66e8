package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/store"
)

// campaignView is a campaign as the API shows it: its fields and its progress.
type campaignView struct {
	store.Campaign
	Progress report.Totals `json:"progress"`
}

func (s *Server) campaignView(ctx context.Context, c store.Campaign) (campaignView, error) {
	rows, err := s.store.Rollup(ctx, c.ID)
	if err != nil {
		return campaignView{}, err
	}
	if c.Tracks == nil {
		c.Tracks = []store.Track{}
	}
	return campaignView{Campaign: c, Progress: report.Sum(rows)}, nil
}

func (s *Server) listCampaigns(c *gin.Context) {
	ctx := c.Request.Context()
	campaigns, err := s.store.ListCampaigns(ctx)
	if err != nil {
		c.Error(err)
		return
	}
	out := make([]campaignView, 0, len(campaigns))
	for _, cp := range campaigns {
		v, err := s.campaignView(ctx, cp)
		if err != nil {
			c.Error(err)
			return
		}
		out = append(out, v)
	}
	c.JSON(http.StatusOK, list[campaignView]{Items: out})
}

func (s *Server) getCampaign(c *gin.Context) {
	cp, err := s.campaign(c)
	if err != nil {
		c.Error(err)
		return
	}
	v, err := s.campaignView(c.Request.Context(), cp)
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// campaign loads the campaign named by the path, or a 404 problem.
func (s *Server) campaign(c *gin.Context) (store.Campaign, error) {
	id := c.Param("campaign")
	cp, err := s.store.GetCampaign(c.Request.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return cp, notFound("no campaign %s", id)
	}
	return cp, err
}
