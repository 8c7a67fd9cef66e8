package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
)

// Campaign is a campaign as imported. Plan keeps the plan document so the
// schedule can be re-run later (an extension) with the same calendar and
// policies; it is stored in a table of its own (a row read for doc does not
// carry it) and only CampaignPlan reads it back.
type Campaign struct {
	ID           string          `json:"id"`
	Title        string          `json:"title"`
	Owner        string          `json:"owner"`
	Timezone     string          `json:"timezone"`
	Calendar     json.RawMessage `json:"calendar"`
	Start        time.Time       `json:"start"`
	Deadline     time.Time       `json:"deadline"`
	Status       string          `json:"status"`
	SlackChannel string          `json:"slack_channel,omitempty"`
	Digest       string          `json:"digest,omitempty"`
	// QuietHours is the default of the campaign's people who set none
	// (SPEC section 14). It is read from doc like the rest; the
	// quiet_hours column is a copy for queries.
	QuietHours string          `json:"quiet_hours,omitempty"`
	Tracks     []Track         `json:"tracks"`
	PlanHash   string          `json:"plan_hash"`
	Plan       json.RawMessage `json:"-"`
	CreatedAt  time.Time       `json:"created_at"`
}

// Track groups a campaign's tasks (轻车, 壮马, 畅路).
type Track struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Campaign statuses.
const (
	CampaignImporting = "importing"
	CampaignActive    = "active"
)

// SaveCampaign inserts the campaign and its tracks unless one with the same id
// exists; it returns the stored campaign either way, and whether it was new.
// A new campaign is an audit entry (campaign.imported).
func (s *DB) SaveCampaign(ctx context.Context, c Campaign) (Campaign, bool, error) {
	doc, err := json.Marshal(c)
	if err != nil {
		return Campaign{}, false, err
	}
	created := false
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO campaigns (id, title, owner, timezone, calendar, start_at, deadline,
			status, slack_channel, digest, plan_hash, doc, created_at, quiet_hours)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (id) DO NOTHING`,
			c.ID, c.Title, c.Owner, c.Timezone, string(c.Calendar), ms(c.Start), ms(c.Deadline),
			c.Status, c.SlackChannel, c.Digest, c.PlanHash, string(doc), ms(c.CreatedAt), c.QuietHours)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		created = true
		if err := s.appendAudit(ctx, tx, audit.Entry{At: c.CreatedAt, Actor: actorOf(ctx, ""),
			Action: audit.CampaignImported, Target: audit.CampaignTarget(c.ID),
			Detail: map[string]any{"title": c.Title, "owner": c.Owner, "plan_hash": c.PlanHash, "tracks": len(c.Tracks)}}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO campaign_plans (campaign, plan) VALUES ($1, $2)`,
			c.ID, string(c.Plan)); err != nil {
			return err
		}
		for i, t := range c.Tracks {
			if _, err := tx.ExecContext(ctx, `INSERT INTO tracks (campaign, id, title, position) VALUES ($1, $2, $3, $4)`,
				c.ID, t.ID, t.Title, i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Campaign{}, false, err
	}
	stored, err := s.GetCampaign(ctx, c.ID)
	return stored, created, err
}

// SetCampaignStatus moves a campaign to status (importing → active).
func (s *DB) SetCampaignStatus(ctx context.Context, id, status string) error {
	c, err := s.GetCampaign(ctx, id)
	if err != nil {
		return err
	}
	c.Status = status
	doc, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE campaigns SET status = $2, doc = $3 WHERE id = $1`, id, status, string(doc))
	return err
}

// GetCampaign returns one campaign or ErrNotFound.
func (s *DB) GetCampaign(ctx context.Context, id string) (Campaign, error) {
	var doc string
	err := s.db.QueryRowContext(ctx, `SELECT doc FROM campaigns WHERE id = $1`, id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return Campaign{}, ErrNotFound
	}
	if err != nil {
		return Campaign{}, err
	}
	var c Campaign
	err = json.Unmarshal([]byte(doc), &c)
	return c, err
}

// CampaignPlan returns the plan document a campaign was imported from.
func (s *DB) CampaignPlan(ctx context.Context, id string) (json.RawMessage, error) {
	var plan string
	err := s.db.QueryRowContext(ctx, `SELECT plan FROM campaign_plans WHERE campaign = $1`, id).Scan(&plan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return json.RawMessage(plan), err
}

// ListCampaigns returns every campaign, newest first, without their plans.
func (s *DB) ListCampaigns(ctx context.Context) ([]Campaign, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT doc FROM campaigns ORDER BY created_at DESC, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Campaign
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var c Campaign
		if err := json.Unmarshal([]byte(doc), &c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
