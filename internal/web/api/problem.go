package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/store"
)

// FieldError names one wrong field of a request and says what is wrong.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Problem is an RFC 9457 problem detail. Handlers return one (as an error) for
// every answer that is not a success; the problems middleware writes it.
type Problem struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail,omitempty"`
	Errors []FieldError `json:"errors,omitempty"`
	// MoreErrors counts the problems beyond the first MaxErrors, which are
	// all Errors lists (SPEC section 15, "Limits"): a refusal stays small
	// whatever the input.
	MoreErrors int `json:"more_errors,omitempty"`
}

// MaxErrors is how many field errors a problem lists.
const MaxErrors = 100

func (p *Problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail) }

func problem(status int, detail string, errs ...FieldError) *Problem {
	return &Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail, Errors: errs}
}

func badRequest(detail string, errs ...FieldError) *Problem {
	return problem(http.StatusBadRequest, detail, errs...)
}

func unprocessable(detail string, errs ...FieldError) *Problem {
	return problem(http.StatusUnprocessableEntity, detail, errs...)
}

func notFound(detail string) *Problem  { return problem(http.StatusNotFound, detail) }
func forbidden(detail string) *Problem { return problem(http.StatusForbidden, detail) }
func conflict(detail string) *Problem  { return problem(http.StatusConflict, detail) }

const problemContentType = "application/problem+json"

// writeProblem answers with p as application/problem+json, its errors cut
// to the first MaxErrors and a count of the rest.
func writeProblem(c *gin.Context, p *Problem) {
	if len(p.Errors) > MaxErrors {
		capped := *p
		capped.Errors = p.Errors[:MaxErrors]
		capped.MoreErrors += len(p.Errors) - MaxErrors
		p = &capped
	}
	c.Header("Content-Type", problemContentType)
	c.AbortWithStatusJSON(p.Status, p)
}

// NotFound answers a path no route serves, as problem+json.
func NotFound(c *gin.Context) { writeProblem(c, notFound("no such route")) }

// problems turns the error a handler recorded into a problem answer. Known
// errors keep their meaning; anything else is logged with the request id and
// answered as a bare 500, so no internal detail (SQL, stack, addresses)
// reaches the caller.
func problems(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		renderError(c, log)
	}
}

// renderError writes the last recorded error, if any and if nothing was
// written yet. Middleware that needs the final answer (idempotency) calls it
// before looking at what was written.
func renderError(c *gin.Context, log *slog.Logger) {
	if len(c.Errors) == 0 || c.Writer.Written() {
		return
	}
	err := c.Errors.Last().Err
	var p *Problem
	switch {
	case errors.As(err, &p):
	case errors.Is(err, store.ErrNotFound):
		p = notFound("no such resource")
	case errors.Is(err, context.DeadlineExceeded):
		// Nothing is lost: an accepted action goes on and shows once the
		// projection can be written again (a database outage, say).
		c.Header("Retry-After", "5")
		p = problem(http.StatusServiceUnavailable, "the request took too long; it may still complete, retry with the same Idempotency-Key")
	case errors.Is(err, taskops.ErrUnavailable):
		c.Header("Retry-After", "5")
		p = problem(http.StatusServiceUnavailable, "the workflow service is unavailable; retry shortly with the same Idempotency-Key")
	case store.IsUnavailable(err):
		c.Header("Retry-After", "5")
		p = problem(http.StatusServiceUnavailable, "the database is unavailable; retry shortly")
	case errors.Is(err, context.Canceled):
		p = problem(499, "the request was cancelled")
	default:
		log.ErrorContext(c.Request.Context(), "request failed", "error", err,
			"method", c.Request.Method, "path", c.FullPath(), "request_id", c.GetString(requestIDKey))
		p = problem(http.StatusInternalServerError, "internal error; the request id is in the X-Request-ID header")
	}
	writeProblem(c, p)
}
