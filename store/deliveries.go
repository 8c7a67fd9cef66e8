package store

import (
	"context"
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
