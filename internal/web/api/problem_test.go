package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/lib/pq"

	"github.com/closeout/closeout/internal/app/taskops"
)

// A service that cannot serve just now is a 503 the client retries, with
// Retry-After; only a fault of ours is a 500.
func TestRenderErrorTellsOutagesFromFaults(t *testing.T) {
	gin.SetMode(gin.TestMode)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tc := range []struct {
		err    error
		status int
	}{
		{fmt.Errorf("update: %w: shard unavailable", taskops.ErrUnavailable), http.StatusServiceUnavailable},
		{fmt.Errorf("units of li: %w", &pq.Error{Code: "57P03"}), http.StatusServiceUnavailable},
		{context.DeadlineExceeded, http.StatusServiceUnavailable},
		{errors.New("a fault of ours"), http.StatusInternalServerError},
	} {
		w := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(w)
		c.Request = httptest.NewRequest(http.MethodPost, "/x", nil)
		c.Error(tc.err)
		renderError(c, log)
		if w.Code != tc.status {
			t.Errorf("%v: status %d, want %d", tc.err, w.Code, tc.status)
		}
		if got := w.Header().Get("Retry-After"); (tc.status == http.StatusServiceUnavailable) != (got != "") {
			t.Errorf("%v: Retry-After %q", tc.err, got)
		}
		if ct := w.Header().Get("Content-Type"); ct != problemContentType {
			t.Errorf("%v: content type %q", tc.err, ct)
		}
	}
}
