package api

import (
	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/i18n"
)

// resolveEvidence resolves each {title, file} item of a request that carries
// evidence (submit, progress) to the file's metadata (files.Service
// Resolve), before the request goes to the workflow: the workflow records
// what the file store holds, never what the client claimed, and never any
// bytes.
func (s *Server) resolveEvidence(c *gin.Context, t task.View, items []task.Evidence) error {
	if s.files == nil {
		for i, ev := range items {
			if ev.File != "" {
				msg := i18n.T("this server keeps no files; give a url")
				return &task.RuleError{Type: task.ErrTypeInvalid, Field: fieldIndex("evidence", i) + ".file",
					Message: msg.En, Zh: msg.Zh}
			}
		}
		return nil
	}
	return s.files.Resolve(c.Request.Context(), t.Campaign, t.ID, items)
}
