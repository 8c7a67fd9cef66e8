package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// FieldError names one wrong field of a request and says what is wrong, in
// both languages; the answer carries the reader's.
type FieldError struct {
	Field   string
	Message i18n.Text
}

// fieldError words what is wrong with field (i18n.T's format and args).
func fieldError(field, format string, args ...any) FieldError {
	return FieldError{Field: field, Message: i18n.T(format, args...)}
}

// wordedText is a domain message in both languages: v's own words when its
// type has them (a Text method), else its English in both.
func wordedText(v any, en string) i18n.Text {
	if w, ok := v.(interface{ Text() i18n.Text }); ok {
		return w.Text()
	}
	return i18n.Both(en, en)
}

// textOr is err's words when it carries them in both languages (an
// *i18n.Error in its chain), else fallback: a sentinel's meaning, worded
// here.
func textOr(err error, fallback i18n.Text) i18n.Text {
	if _, worded := errors.AsType[*i18n.Error](err); worded {
		return i18n.TextOf(err)
	}
	return fallback
}

// Problem is an RFC 9457 problem detail. Handlers return one (as an error) for
// every answer that is not a success; the problems middleware writes it, in
// the language the request asks for (Accept-Language).
type Problem struct {
	Type   string
	Title  string
	Status int
	Detail i18n.Text
	Errors []FieldError
	// MoreErrors counts the problems beyond the first MaxErrors, which are
	// all Errors lists (SPEC section 15, "Limits"): a refusal stays small
	// whatever the input.
	MoreErrors int
}

// problemAnswer is a Problem as a reader receives it: in one language.
type problemAnswer struct {
	Type       string        `json:"type"`
	Title      string        `json:"title"`
	Status     int           `json:"status"`
	Detail     string        `json:"detail,omitempty"`
	Errors     []fieldAnswer `json:"errors,omitempty"`
	MoreErrors int           `json:"more_errors,omitempty"`
}

type fieldAnswer struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// MaxErrors is how many field errors a problem lists.
const MaxErrors = 100

func (p *Problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail.En) }

// with adds field errors to p.
func (p *Problem) with(errs ...FieldError) *Problem {
	p.Errors = append(p.Errors, errs...)
	return p
}

// problemText answers status with a detail already in both languages (a
// domain error's). The title stays the HTTP status text, in English in
// every answer: RFC 9457 makes it a fixed summary of the problem type,
// which clients match like a code, and the detail is what people read.
func problemText(status int, detail i18n.Text) *Problem {
	return &Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail}
}

func problem(status int, format string, args ...any) *Problem {
	return problemText(status, i18n.T(format, args...))
}

func badRequest(format string, args ...any) *Problem {
	return problem(http.StatusBadRequest, format, args...)
}

func unprocessable(format string, args ...any) *Problem {
	return problem(http.StatusUnprocessableEntity, format, args...)
}

func notFound(format string, args ...any) *Problem {
	return problem(http.StatusNotFound, format, args...)
}

func forbidden(format string, args ...any) *Problem {
	return problem(http.StatusForbidden, format, args...)
}

func conflict(format string, args ...any) *Problem {
	return problem(http.StatusConflict, format, args...)
}

const problemContentType = "application/problem+json"

// langOf is the language the request reads (Chinese unless it asks for
// English first).
func langOf(c *gin.Context) i18n.Lang {
	return i18n.FromAcceptLanguage(c.GetHeader("Accept-Language"))
}

// writeProblem answers with p as application/problem+json in the request's
// language, its errors cut to the first MaxErrors and a count of the rest.
func writeProblem(c *gin.Context, p *Problem) {
	lang := langOf(c)
	answer := problemAnswer{Type: p.Type, Title: p.Title, Status: p.Status, Detail: p.Detail.In(lang), MoreErrors: p.MoreErrors}
	errs := p.Errors
	if len(errs) > MaxErrors {
		answer.MoreErrors += len(errs) - MaxErrors
		errs = errs[:MaxErrors]
	}
	for _, e := range errs {
		answer.Errors = append(answer.Errors, fieldAnswer{Field: e.Field, Message: e.Message.In(lang)})
	}
	c.Header("Content-Type", problemContentType)
	c.Header("Content-Language", string(lang))
	c.Writer.Header().Add("Vary", "Accept-Language")
	c.AbortWithStatusJSON(p.Status, answer)
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
