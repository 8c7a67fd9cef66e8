package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/store"
)

// list is the shape of every list answer.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

const (
	defaultPage = 50
	maxPage     = 500
)

// listTasks serves GET /tasks with its filters, a page at a time, from the
// projection's indexes.
func (s *Server) listTasks(c *gin.Context) {
	if q, ok := c.GetQuery("q"); ok {
		s.searchTasks(c, q)
		return
	}
	f := store.TaskFilter{
		Campaign: c.Query("campaign"), Track: c.Query("track"), Status: c.Query("status"),
		Light: c.Query("light"), Owner: c.Query("owner"), Approver: c.Query("approver"),
		Unit: c.Query("unit"), Parent: c.Query("parent"),
		Cursor: c.Query("cursor"), Limit: defaultPage,
	}
	var errs []FieldError
	if f.Unit != "" && !itemID.MatchString(f.Unit) {
		errs = append(errs, fieldError("unit", "must be a unit id, matching %s", itemID.String()))
	}
	if f.Parent != "" && !itemID.MatchString(f.Parent) { // task ids follow the same rule
		errs = append(errs, fieldError("parent", "must be a task id, matching %s", itemID.String()))
	}
	if f.Status != "" && !slices.Contains([]string{"open", "submitted", "closed", "cancelled"}, f.Status) {
		errs = append(errs, fieldError("status", "must be open, submitted, closed or cancelled"))
	}
	if f.Light != "" && !slices.Contains([]string{"green", "yellow", "red", "done"}, f.Light) {
		errs = append(errs, fieldError("light", "must be green, yellow, red or done"))
	}
	if v := c.Query("flagged"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fieldError("flagged", "must be true or false"))
		}
		f.Flagged = &b
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPage {
			errs = append(errs, fieldError("limit", "must be a number from 1 to %d", maxPage))
		}
		f.Limit = n
	}
	if len(errs) > 0 {
		c.Error(badRequest("the query is not valid").with(errs...))
		return
	}
	s.writeTaskPage(c, func(out []byte) ([]byte, string, error) {
		return s.store.AppendTaskDocs(c.Request.Context(), f, out)
	})
}

// writeTaskPage answers a page of tasks that fill appends to the answer
// begun with {"items":[, with its next cursor. The stored documents are
// copied out as they are, into a pooled buffer: a page costs one indexed
// query and next to no garbage.
func (s *Server) writeTaskPage(c *gin.Context, fill func(out []byte) ([]byte, string, error)) {
	buf := s.pages.Get().(*[]byte)
	defer s.pages.Put(buf)
	out, next, err := fill(append((*buf)[:0], `{"items":[`...))
	if errors.Is(err, store.ErrBadCursor) {
		c.Error(badRequest("the cursor is not one this server issued").with(fieldError("cursor", "invalid")))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	out = appendNextCursor(out, next)
	*buf = out
	c.Data(http.StatusOK, "application/json; charset=utf-8", out)
}

// appendNextCursor closes a list answer begun with {"items":[.
func appendNextCursor(out []byte, next string) []byte {
	cursor, _ := json.Marshal(next)
	return append(append(append(out, `],"next_cursor":`...), cursor...), '}')
}

func (s *Server) getTask(c *gin.Context) {
	t, err := s.task(c)
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusOK, t)
}

func (s *Server) taskEvents(c *gin.Context) {
	t, err := s.task(c)
	if err != nil {
		c.Error(err)
		return
	}
	events, err := s.store.TaskEvents(c.Request.Context(), t.Campaign, t.ID)
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusOK, list[task.Event]{Items: events})
}

// task loads the task named by the path, or a 404 problem.
func (s *Server) task(c *gin.Context) (task.View, error) {
	campaign, id := c.Param("campaign"), c.Param("task")
	t, err := s.store.GetTask(c.Request.Context(), campaign, id)
	if errors.Is(err, store.ErrNotFound) {
		return t, notFound("no task %s in campaign %s", id, campaign)
	}
	return t, err
}
