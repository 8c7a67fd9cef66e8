package store

import (
	"context"
	"database/sql"
	"time"
)

// Delivered reports whether notifier already delivered event seq of the task.
func (s *DB) Delivered(ctx context.Context, campaign, task string, seq int64, notifier string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries
		WHERE campaign = $1 AND task = $2 AND seq = $3 AND notifier = $4`, campaign, task, seq, notifier).Scan(&n)
	return n > 0, err
}

// RecordDelivery notes that notifier delivered event seq of the task.
func (s *DB) RecordDelivery(ctx context.Context, campaign, task string, seq int64, notifier string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO deliveries (campaign, task, seq, notifier, at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (campaign, task, seq, notifier) DO NOTHING`, campaign, task, seq, notifier, ms(at))
	return err
}

// ReleasedTo returns which of people notifier already sent event seq of the
// task to after their quiet hours (a held notice released).
func (s *DB) ReleasedTo(ctx context.Context, campaign, task string, seq int64, notifier string, people []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(people) == 0 {
		return out, nil
	}
	args := []any{campaign, task, seq, notifier}
	for _, p := range people {
		args = append(args, p)
	}
	// #nosec G202 -- only placeholders are joined in ($5…); the people are arguments
	rows, err := s.db.QueryContext(ctx, `SELECT person FROM released_deliveries
		WHERE campaign = $1 AND task = $2 AND seq = $3 AND notifier = $4 AND person IN (`+placeholders(5, len(people))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out[p] = true
	}
	return out, rows.Err()
}

// RecordRelease notes that notifier sent event seq of the task to each of
// people once their quiet hours ended.
func (s *DB) RecordRelease(ctx context.Context, campaign, task string, seq int64, notifier string, people []string, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, p := range people {
			if _, err := tx.ExecContext(ctx, `INSERT INTO released_deliveries (campaign, task, seq, notifier, person, at)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (campaign, task, seq, notifier, person) DO NOTHING`,
				campaign, task, seq, notifier, p, ms(at)); err != nil {
				return err
			}
		}
		return nil
	})
}

// BundleDelivered reports whether notifier already sent the bundle.
func (s *DB) BundleDelivered(ctx context.Context, bundle, notifier string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM bundle_deliveries WHERE bundle = $1 AND notifier = $2`,
		bundle, notifier).Scan(&n)
	return n > 0, err
}

// RecordBundleDelivery notes that notifier sent the bundle.
func (s *DB) RecordBundleDelivery(ctx context.Context, bundle, notifier string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO bundle_deliveries (bundle, notifier, at) VALUES ($1, $2, $3)
		ON CONFLICT (bundle, notifier) DO NOTHING`, bundle, notifier, ms(at))
	return err
}
