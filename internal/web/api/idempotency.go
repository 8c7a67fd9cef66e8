package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/store"
)

// maxBody bounds request bodies; a 1,000-task plan is well under it.
const maxBody = 8 << 20

// idempotencyStore keeps the answers given to requests with an
// Idempotency-Key (internal/platform/store/idempotency.go).
type idempotencyStore interface {
	ClaimIdempotencyKey(ctx context.Context, person, key, hash string, now time.Time) (*store.StoredResponse, error)
	FinishIdempotencyKey(ctx context.Context, person, key string, r store.StoredResponse) error
	ReleaseIdempotencyKey(ctx context.Context, person, key string) error
	PruneIdempotencyKeys(ctx context.Context, before time.Time) (int64, error)
}

// pruneEvery is how often a process deletes the replay records older than
// store.ReplayFor; a record past it is ignored even before it is deleted.
const pruneEvery = 10 * time.Minute

// secretReplayKey marks an answer that carries a secret shown once (a new
// token): its replay record holds the problem a replay is answered with
// instead (markSecretAnswer).
const secretReplayKey = "closeout.secret_replay"

// markSecretAnswer says the answer about to be written holds a secret. The
// idempotency record then keeps, instead of the answer, a 409 naming what
// was made: a replay must not hand the secret out again (it would sit in
// the database in plain text for a day, and anyone replaying the key would
// get it), and an answer without it (201 with no token) would look like a
// success a client could not use. The 409 tells the client the first
// request succeeded, and which token to use or revoke.
func markSecretAnswer(c *gin.Context, tokenID, person string) {
	c.Set(secretReplayKey, conflict("the first request with this Idempotency-Key issued token %s for %s; "+
		"a token is shown only once, so it is not shown again: use it, or revoke it and issue another", tokenID, person))
}

// idempotency makes a POST with an Idempotency-Key safe to repeat: the same key
// and body get the first answer again; the same key with another body is
// refused (422). Keys are per person. Answers of 500 and above are not kept,
// so a retry after a server failure runs again.
func (s *Server) idempotency(c *gin.Context) {
	key := c.GetHeader("Idempotency-Key")
	if key == "" || c.Request.Method != http.MethodPost {
		c.Next()
		return
	}
	if len(key) > 255 {
		writeProblem(c, badRequest("the Idempotency-Key header is longer than 255 characters").with(fieldError("Idempotency-Key", "at most 255 characters")))
		return
	}
	// The key becomes the workflow update's id (a protobuf string) and a
	// database key: both need plain text.
	if !printableASCII(key) {
		writeProblem(c, badRequest("the Idempotency-Key header holds characters other than printable ASCII").with(fieldError("Idempotency-Key", "printable ASCII only")))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	if err != nil {
		writeProblem(c, problem(http.StatusRequestEntityTooLarge, "the request body is too large"))
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	h := sha256.New()
	// A hash's Write never returns an error (hash.Hash).
	_, _ = io.WriteString(h, c.Request.Method+" "+c.Request.URL.RequestURI()+"\n"+c.ContentType()+"\n")
	h.Write(body)
	hash := hex.EncodeToString(h.Sum(nil))

	ctx := c.Request.Context()
	person := caller(c).ID
	s.pruneReplays(ctx)
	stored, err := s.store.ClaimIdempotencyKey(ctx, person, key, hash, s.now())
	switch {
	case errors.Is(err, store.ErrKeyReused):
		writeProblem(c, unprocessable("this Idempotency-Key was already used for a different request").with(fieldError("Idempotency-Key", "reused with a different request")))
		return
	case errors.Is(err, store.ErrKeyInFlight):
		c.Header("Retry-After", "1")
		writeProblem(c, conflict("a request with this Idempotency-Key is still being processed; retry shortly"))
		return
	case err != nil:
		c.Error(err)
		c.Abort()
		return
	case stored != nil:
		c.Header("Idempotent-Replayed", "true")
		c.Data(stored.Status, stored.ContentType, stored.Body)
		c.Abort()
		return
	}

	rec := &recordingWriter{ResponseWriter: c.Writer}
	c.Writer = rec
	c.Next()
	renderError(c, s.log)
	status := rec.Status()
	// The request's own context may be gone (client hung up); the bookkeeping
	// must still happen.
	bg := context.WithoutCancel(ctx)
	if status >= 500 {
		if err := s.store.ReleaseIdempotencyKey(bg, person, key); err != nil {
			s.log.Error("release idempotency key", "error", err)
		}
		return
	}
	answer := store.StoredResponse{Status: status, ContentType: rec.Header().Get("Content-Type"), Body: rec.body.Bytes()}
	if p, ok := c.Get(secretReplayKey); ok {
		body, err := json.Marshal(p)
		if err != nil {
			s.log.Error("encode a replay problem", "error", err)
			return
		}
		answer = store.StoredResponse{Status: http.StatusConflict, ContentType: problemContentType, Body: body}
	}
	if err := s.store.FinishIdempotencyKey(bg, person, key, answer); err != nil {
		s.log.Error("store idempotent answer", "error", err)
	}
}

// recordingWriter keeps a copy of the body it writes.
type recordingWriter struct {
	gin.ResponseWriter
	body bytes.Buffer
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *recordingWriter) WriteString(s string) (int, error) {
	w.body.WriteString(s)
	return w.ResponseWriter.WriteString(s)
}

// pruneReplays deletes, at most once a pruneEvery in this process, the
// replay records older than store.ReplayFor. Many processes each prune;
// the delete is indexed and idempotent.
func (s *Server) pruneReplays(ctx context.Context) {
	now := s.now()
	last := s.prunedAt.Load()
	if now.Unix()-last < int64(pruneEvery/time.Second) || !s.prunedAt.CompareAndSwap(last, now.Unix()) {
		return
	}
	if _, err := s.store.PruneIdempotencyKeys(context.WithoutCancel(ctx), now.Add(-store.ReplayFor)); err != nil {
		s.log.Warn("prune idempotency records", "error", err)
	}
}
