package api

import (
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/taskops"
)

// evidenceAction is action (actions.go) for the requests that carry
// evidence (submit, progress): before the request goes to the workflow,
// each {title, file} item is resolved to the file's metadata (files.Service
// Resolve), so the workflow records what the file store holds, never what
// the client claimed, and never any bytes.
func evidenceAction[R any](s *Server, update string, evidence func(*R) []task.Evidence, prepare func(*R, task.Actor) task.Action) gin.HandlerFunc {
	return func(c *gin.Context) {
		t := task.View{Campaign: c.Param("campaign"), ID: c.Param("task")}
		req := new(R)
		if !bindJSON(c, req) {
			return
		}
		if err := s.resolveEvidence(c, t, evidence(req)); err != nil {
			c.Error(opsProblem(err))
			return
		}
		s.act(c, t, taskops.Action{Update: update, Request: req, Check: prepare(req, actorOf(caller(c)))})
	}
}

func (s *Server) resolveEvidence(c *gin.Context, t task.View, items []task.Evidence) error {
	if s.files == nil {
		for i, ev := range items {
			if ev.File != "" {
				return &task.RuleError{Type: task.ErrTypeInvalid, Field: fieldIndex("evidence", i) + ".file",
					Message: "this server keeps no files; give a url"}
			}
		}
		return nil
	}
	return s.files.Resolve(c.Request.Context(), t.Campaign, t.ID, items)
}
