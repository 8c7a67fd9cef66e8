package api

import (
	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// evidenceAction is action (actions.go) for the requests that carry
// evidence (submit, progress): before the request goes to the workflow,
// each {title, file} item is resolved to the file's metadata (files.Service
// Resolve), so the workflow records what the file store holds, never what
// the client claimed, and never any bytes.
func evidenceAction[R any](s *Server, update string, evidence func(*R) []workflows.Evidence, prepare func(*R, workflows.Actor) workflows.Action) gin.HandlerFunc {
	return func(c *gin.Context) {
		t := workflows.TaskView{Campaign: c.Param("campaign"), ID: c.Param("task")}
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

func (s *Server) resolveEvidence(c *gin.Context, t workflows.TaskView, items []workflows.Evidence) error {
	if s.files == nil {
		for i, ev := range items {
			if ev.File != "" {
				return &workflows.RuleError{Type: workflows.ErrTypeInvalid, Field: fieldIndex("evidence", i) + ".file",
					Message: "this server keeps no files; give a url"}
			}
		}
		return nil
	}
	return s.files.Resolve(c.Request.Context(), t.Campaign, t.ID, items)
}
