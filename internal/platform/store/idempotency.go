package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// StoredResponse is the first answer to a request with an Idempotency-Key.
type StoredResponse struct {
	Status      int
	ContentType string
	Body        []byte
}

// Outcomes of ClaimIdempotencyKey.
var (
	// ErrKeyReused: the key was used with another request body.
	ErrKeyReused = errors.New("idempotency key reused with a different request")
	// ErrKeyInFlight: the first request with this key has not finished yet.
	ErrKeyInFlight = errors.New("a request with this idempotency key is in progress")
)

// ReplayFor is how long an answer is kept for replay (SPEC section 15): a
// key older than that is forgotten, and the same key then runs its request
// again. Expired records are pruned (PruneIdempotencyKeys).
const ReplayFor = 24 * time.Hour

// claimTakeover is how long an unfinished claim blocks retries. After it, the
// first request is presumed dead (its process crashed) and a retry runs again;
// that is safe because every write behind a request is idempotent itself.
const claimTakeover = 2 * time.Minute

// ClaimIdempotencyKey reserves (person, key) for a request with hash. If the key
// already answered the same request it returns that answer; if it answered
// another request, ErrKeyReused; if the first is still running, ErrKeyInFlight.
// A key first used ReplayFor or longer ago counts as new.
// A nil response with a nil error means the caller should run the request and
// then call FinishIdempotencyKey.
func (s *DB) ClaimIdempotencyKey(ctx context.Context, person, key, hash string, now time.Time) (*StoredResponse, error) {
	var result *StoredResponse
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (person_id, key, request_hash, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (person_id, key) DO NOTHING`, person, key, hash, ms(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		var (
			storedHash, contentType, body string
			status                        int
			created                       int64
		)
		if err := tx.QueryRowContext(ctx, `SELECT request_hash, status, content_type, body, created_at
			FROM idempotency_keys WHERE person_id = $1 AND key = $2`, person, key).
			Scan(&storedHash, &status, &contentType, &body, &created); err != nil {
			return err
		}
		switch {
		case now.Sub(fromMS(created)) >= ReplayFor:
			_, err = tx.ExecContext(ctx, `UPDATE idempotency_keys SET request_hash = $3, status = 0, content_type = '', body = '',
				created_at = $4 WHERE person_id = $1 AND key = $2`, person, key, hash, ms(now))
			return err
		case storedHash != hash:
			return ErrKeyReused
		case status != 0:
			result = &StoredResponse{Status: status, ContentType: contentType, Body: []byte(body)}
			return nil
		case now.Sub(fromMS(created)) < claimTakeover:
			return ErrKeyInFlight
		}
		_, err = tx.ExecContext(ctx, `UPDATE idempotency_keys SET created_at = $3 WHERE person_id = $1 AND key = $2`,
			person, key, ms(now))
		return err
	})
	return result, err
}

// FinishIdempotencyKey stores the answer given to the claimed request.
func (s *DB) FinishIdempotencyKey(ctx context.Context, person, key string, r StoredResponse) error {
	_, err := s.db.ExecContext(ctx, `UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5
		WHERE person_id = $1 AND key = $2`, person, key, r.Status, r.ContentType, string(r.Body))
	return err
}

// ReleaseIdempotencyKey forgets a claim whose request failed on the server's
// side, so a retry with the same key runs again at once.
func (s *DB) ReleaseIdempotencyKey(ctx context.Context, person, key string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE person_id = $1 AND key = $2 AND status = 0`, person, key)
	return err
}

// PruneIdempotencyKeys deletes the records of keys first used before
// before; it answers how many.
func (s *DB) PruneIdempotencyKeys(ctx context.Context, before time.Time) (int64, error) {
	return affected(s.db.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < $1`, ms(before)))
}
