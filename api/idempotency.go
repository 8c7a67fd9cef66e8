package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/store"
)

// maxBody bounds request bodies; a 1,000-task plan is well under it.
const maxBody = 8 << 20

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
		writeProblem(c, badRequest("the Idempotency-Key header is longer than 255 characters",
			FieldError{Field: "Idempotency-Key", Message: "at most 255 characters"}))
		return
	}
	// The key becomes the workflow update's id (a protobuf string) and a
	// database key: both need plain text.
	if !printableASCII(key) {
		writeProblem(c, badRequest("the Idempotency-Key header holds characters other than printable ASCII",
			FieldError{Field: "Idempotency-Key", Message: "printable ASCII only"}))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	if err != nil {
		writeProblem(c, problem(http.StatusRequestEntityTooLarge, "the request body is too large"))
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	h := sha256.New()
	io.WriteString(h, c.Request.Method+" "+c.Request.URL.RequestURI()+"\n"+c.ContentType()+"\n")
	h.Write(body)
	hash := hex.EncodeToString(h.Sum(nil))

	ctx := c.Request.Context()
	person := caller(c).ID
	stored, err := s.store.ClaimIdempotencyKey(ctx, person, key, hash, s.now())
	switch {
	case errors.Is(err, store.ErrKeyReused):
		writeProblem(c, unprocessable("this Idempotency-Key was already used for a different request",
			FieldError{Field: "Idempotency-Key", Message: "reused with a different request"}))
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
	if err := s.store.FinishIdempotencyKey(bg, person, key, store.StoredResponse{
		Status: status, ContentType: rec.Header().Get("Content-Type"), Body: rec.body.Bytes(),
	}); err != nil {
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
