package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"math"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/audit"
)

// ScoreAdjustment is points added to (or, negative, removed from) a unit's
// score in a campaign by hand, with the reason (SPEC section 18).
type ScoreAdjustment struct {
	ID        string    `json:"id"`
	Campaign  string    `json:"campaign"`
	Unit      string    `json:"unit"`
	Points    float64   `json:"points"`
	Reason    string    `json:"reason"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

const adjustmentColumns = `id, campaign, unit, points_x100, reason, created_by, created_at`

// AddScoreAdjustment stores a with a new id, to two decimals, and returns it
// as stored. It is an audit entry on the campaign in the same transaction,
// its actor the one in ctx or CreatedBy. Callers check the campaign, the
// unit and that the caller may.
func (s *DB) AddScoreAdjustment(ctx context.Context, a ScoreAdjustment) (ScoreAdjustment, error) {
	b := make([]byte, 8)
	rand.Read(b)
	a.ID = "adj_" + hex.EncodeToString(b)
	hundredths := int64(math.Round(a.Points * 100))
	a.Points, a.CreatedAt = float64(hundredths)/100, fromMS(ms(a.CreatedAt))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO score_adjustments (`+adjustmentColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			a.ID, a.Campaign, a.Unit, hundredths, a.Reason, a.CreatedBy, ms(a.CreatedAt)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{At: a.CreatedAt, Actor: actorOf(ctx, a.CreatedBy),
			Action: audit.ScoreAdjusted, Target: audit.CampaignTarget(a.Campaign),
			Detail: map[string]any{"adjustment": a.ID, "unit": a.Unit, "points": a.Points, "reason": a.Reason}})
	})
	if err != nil {
		return ScoreAdjustment{}, err
	}
	return a, nil
}

// ScoreAdjustments are a campaign's adjustments, oldest first.
func (s *DB) ScoreAdjustments(ctx context.Context, campaign string) ([]ScoreAdjustment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+adjustmentColumns+` FROM score_adjustments
		WHERE campaign = $1 ORDER BY created_at, id`, campaign)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ScoreAdjustment{}
	for rows.Next() {
		var (
			a          ScoreAdjustment
			hundredths int64
			at         int64
		)
		if err := rows.Scan(&a.ID, &a.Campaign, &a.Unit, &hundredths, &a.Reason, &a.CreatedBy, &at); err != nil {
			return nil, err
		}
		a.Points, a.CreatedAt = float64(hundredths)/100, fromMS(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// ScoreTask is what a unit-owned task of a campaign counts for in scores:
// how it closed, and how often it was sent back or urged.
type ScoreTask struct {
	ID       string
	Unit     string
	Status   task.Status
	Deadline time.Time
	ClosedAt *time.Time
	OnTime   bool
	Returns  int
	Urges    int
}

// ScoreTasks are a campaign's tasks owned by units (dispatched children
// included, cancelled ones left out, as the unit ranking counts them), in
// id order, with their returned and urged events counted: one query.
func (s *DB) ScoreTasks(ctx context.Context, campaign string) ([]ScoreTask, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, t.owner, t.status, t.deadline, t.closed_at, COALESCE(t.closed_on_time, FALSE),
		COALESCE(SUM(CASE WHEN e.type = $2 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN e.type = $3 THEN 1 ELSE 0 END), 0)
		FROM tasks t LEFT JOIN events e ON e.campaign = t.campaign AND e.task = t.id AND e.type IN ($2, $3)
		WHERE t.campaign = $1 AND t.owner LIKE 'unit:%' AND t.status <> 'cancelled'
		GROUP BY t.id, t.owner, t.status, t.deadline, t.closed_at, t.closed_on_time
		ORDER BY t.id`, campaign, task.EventReturned, task.EventUrged)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ScoreTask{}
	for rows.Next() {
		var (
			t        ScoreTask
			owner    string
			deadline int64
			closedAt sql.NullInt64
		)
		if err := rows.Scan(&t.ID, &owner, &t.Status, &deadline, &closedAt, &t.OnTime, &t.Returns, &t.Urges); err != nil {
			return nil, err
		}
		unit, ok := task.UnitOf(owner)
		if !ok { // SQLite's LIKE ignores case: "UNIT:x" is a person's id
			continue
		}
		t.Unit, t.Deadline = unit, fromMS(deadline)
		if closedAt.Valid {
			at := fromMS(closedAt.Int64)
			t.ClosedAt = &at
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
