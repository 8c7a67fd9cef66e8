package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/files"
	"github.com/closeout/closeout/internal/platform/store"
)

// Evidence files (SPEC section 12, docs/files.md). Uploads are API-side
// only: the bytes go to the file store and the row to the database here,
// and a workflow only ever sees the metadata evidence carries.

// fileRoutes adds the file endpoints, when a file store is configured. The
// upload is in a group of its own, without the idempotency middleware, which
// buffers whole bodies: an upload streams to its store instead, and a
// repeated one merely adds a file no evidence names.
func (s *Server) fileRoutes(r *gin.Engine, v1 *gin.RouterGroup) {
	if s.files == nil {
		return
	}
	v1.GET("/tasks/:campaign/:task/files", s.taskFiles)
	r.Group("/api/v1", s.authenticate, checkRequestText).POST("/tasks/:campaign/:task/files", s.uploadFile)
}

// uploadFile takes one file (multipart field "file") for a task, from its
// owner, assisting units or approvers, and answers its row (201).
func (s *Server) uploadFile(c *gin.Context) {
	ctx := c.Request.Context()
	t, actor, err := s.taskAndActor(ctx, c.Param("campaign"), c.Param("task"), caller(c))
	if err != nil {
		c.Error(err)
		return
	}
	if !files.MayUpload(t, actor) {
		c.Error(forbidden("only the task's owner, its assisting units and its approvers upload files to it"))
		return
	}
	if t.Status.Terminal() {
		if t.Status == task.StatusCancelled {
			c.Error(conflict("the task is cancelled; its evidence no longer changes"))
		} else {
			c.Error(conflict("the task is closed; its evidence no longer changes"))
		}
		return
	}
	part, _, err := files.FilePart(c.Writer, c.Request, "file", s.files.Limit())
	if err != nil {
		c.Error(s.fileProblem(err))
		return
	}
	f, err := s.files.Upload(ctx, files.Upload{Campaign: t.Campaign, Task: t.ID, By: actor.ID, Name: part.FileName()}, part)
	if err != nil {
		c.Error(s.fileProblem(err))
		return
	}
	c.Header("Location", "/api/v1/files/"+f.ID)
	if f.Again { // the task holds these bytes already: the row they were kept under
		c.JSON(http.StatusOK, f.File)
		return
	}
	c.JSON(http.StatusCreated, f.File)
}

// downloadFile streams a file to the people involved in its task.
func (s *Server) downloadFile(c *gin.Context) {
	ctx := c.Request.Context()
	f, err := s.files.Get(ctx, c.Param("file"))
	if errors.Is(err, store.ErrNotFound) {
		c.Error(notFound("no such file"))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	if err := s.mayRead(ctx, f.Campaign, f.Task, caller(c)); err != nil {
		c.Error(err)
		return
	}
	content, err := s.files.Open(ctx, f)
	if err != nil {
		c.Error(err)
		return
	}
	defer content.Close()
	files.Serve(c.Writer, c.Request, f, content)
}

// taskFiles lists a task's files, to the same people who may download them.
func (s *Server) taskFiles(c *gin.Context) {
	ctx := c.Request.Context()
	campaign, task := c.Param("campaign"), c.Param("task")
	if err := s.mayRead(ctx, campaign, task, caller(c)); err != nil {
		c.Error(err)
		return
	}
	items, err := s.files.List(ctx, campaign, task)
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusOK, list[store.File]{Items: items})
}

// mayRead refuses (403) whoever is not involved in the task (files.MayRead);
// a dispatched child's parent is read for its people.
func (s *Server) mayRead(ctx context.Context, campaign, taskID string, p store.Person) error {
	t, actor, err := s.taskAndActor(ctx, campaign, taskID, p)
	if err != nil {
		return err
	}
	var parent *task.View
	if t.Parent != "" {
		pt, err := s.store.GetTask(ctx, t.Campaign, t.Parent)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err == nil {
			parent = &pt
		}
	}
	if !files.MayRead(t, parent, actor) {
		return forbidden("evidence files are read only by the people involved in the task (docs/files.md)")
	}
	return nil
}

// taskAndActor loads the task (404 when unknown) and the caller with the
// units they are a member of.
func (s *Server) taskAndActor(ctx context.Context, campaign, taskID string, p store.Person) (task.View, task.Actor, error) {
	t, err := s.store.GetTask(ctx, campaign, taskID)
	if errors.Is(err, store.ErrNotFound) {
		return t, task.Actor{}, notFound("no such task")
	}
	if err != nil {
		return t, task.Actor{}, err
	}
	actor, err := taskops.ActorOf(ctx, s.store, p)
	return t, actor, err
}

// fileProblem maps what files answers to HTTP.
func (s *Server) fileProblem(err error) error {
	var refusal *files.Refusal
	switch {
	case errors.As(err, &refusal):
		reason := wordedText(refusal, refusal.Reason)
		return problemText(http.StatusUnsupportedMediaType, reason).with(FieldError{Field: "file", Message: reason})
	case errors.Is(err, files.ErrTooLarge):
		p := problem(http.StatusRequestEntityTooLarge, "a file may be at most %d MiB", s.files.Limit()>>20)
		return p.with(FieldError{Field: "file", Message: p.Detail})
	case errors.Is(err, files.ErrTaskFull):
		p := problem(http.StatusRequestEntityTooLarge, "a task may hold at most %d MiB of files", s.files.TaskQuota()>>20)
		return p.with(FieldError{Field: "file", Message: p.Detail})
	case errors.Is(err, files.ErrEmpty):
		return unprocessable("the file is empty").with(fieldError("file", "is empty"))
	case errors.Is(err, files.ErrNoFile):
		return badRequest("send the file in the multipart field \"file\", with a file name").with(fieldError("file", "is required"))
	case errors.Is(err, files.ErrNotMultipart):
		return badRequest("send the file as multipart/form-data, in the field \"file\"")
	case errors.Is(err, files.ErrIncomplete):
		return badRequest("the upload ended before the file did; send it again")
	}
	return err
}
