package dashboard

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/store"
)

// errorPage is the page of every refusal and failure: a status, a sentence
// in the reader's language, and the way back. Never internal detail.
type errorPageData struct {
	page
	Status    int
	Message   string
	RequestID string
}

func (d *Dashboard) errorPage(c *gin.Context, status int, key string) {
	p := d.basePage(c, "error.title")
	data := errorPageData{page: p, Status: status, Message: p.L.T(key), RequestID: c.Writer.Header().Get("X-Request-ID")}
	t := pages["error"]
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		// The error page itself failed: say so in plain text, still no detail.
		d.log.ErrorContext(c.Request.Context(), "render the error page", "error", err)
		c.Data(status, "text/plain; charset=utf-8", []byte(http.StatusText(status)))
		c.Abort()
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
	c.Abort()
}

// fail logs an unexpected error with the request id and shows a 500 page.
func (d *Dashboard) fail(c *gin.Context, err error) {
	d.log.ErrorContext(c.Request.Context(), "dashboard request failed", "error", err,
		"method", c.Request.Method, "path", c.FullPath(), "request_id", c.Writer.Header().Get("X-Request-ID"))
	d.errorPage(c, http.StatusInternalServerError, "error.internal")
}

// recoverPage turns a panic into the 500 page; the stack goes to the log only.
func (d *Dashboard) recoverPage(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			d.fail(c, fmt.Errorf("panic: %v", r))
		}
	}()
	c.Next()
}

// noRoute answers unknown paths: the API's answer under /api/, else the
// dashboard's not-found page.
func (d *Dashboard) noRoute(c *gin.Context) {
	if d.apiNotFound != nil && strings.HasPrefix(c.Request.URL.Path, "/api/") {
		d.apiNotFound(c)
		return
	}
	d.errorPage(c, http.StatusNotFound, "error.notfound")
}

// listTasks reads a page of tasks, answering a bad page link (400) or a
// failure (500) itself; ok is false when it did.
func (d *Dashboard) listTasks(c *gin.Context, f store.TaskFilter) ([]task.View, string, bool) {
	tasks, next, err := d.store.ListTasks(c.Request.Context(), f)
	return d.taskList(c, tasks, next, err)
}

// topTasks is listTasks of a campaign's parents and plain tasks only (of one
// track, or all with track "").
func (d *Dashboard) topTasks(c *gin.Context, campaign, track, cursor string, limit int) ([]task.View, string, bool) {
	tasks, next, err := d.store.TopTasks(c.Request.Context(), campaign, track, cursor, limit)
	return d.taskList(c, tasks, next, err)
}

func (d *Dashboard) taskList(c *gin.Context, tasks []task.View, next string, err error) ([]task.View, string, bool) {
	switch {
	case errors.Is(err, store.ErrBadCursor):
		d.errorPage(c, http.StatusBadRequest, "error.badcursor")
		return nil, "", false
	case err != nil:
		d.fail(c, err)
		return nil, "", false
	}
	return tasks, next, true
}
