package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/store"
)

// Downloads (SPEC section 16): the campaign's report in every format (the
// live ledger is its xlsx), the unit ranking and scores, the bulletin, the ledger template and
// evidence files are read by a browser as well as by scripts, so these GET
// routes also take the dashboard's session cookie when the request has no
// bearer token. Nothing else does: every write of the JSON API stays
// bearer-only (authenticate), so a cookie another site makes the browser
// send can at most start a download the other site cannot read.
func (s *Server) downloadRoutes(r *gin.Engine) {
	dl := r.Group("/api/v1", s.authenticateDownload, recordActor, checkRequestText)
	dl.GET("/campaigns/:campaign/report", s.campaignReport)
	dl.GET("/campaigns/:campaign/units", s.campaignUnits)
	dl.GET("/campaigns/:campaign/scores", s.campaignScores)
	dl.GET("/campaigns/:campaign/bulletin", s.campaignBulletin)
	dl.GET("/templates/ledger.xlsx", s.ledgerTemplate)
	if s.files != nil {
		dl.GET("/files/:file", s.downloadFile)
	}
}

// authenticateDownload is authenticate for a request with an Authorization
// header or without a session cookie; otherwise the cookie's session, if it
// is open, is the caller (401 if it is not). A session that has ended is
// not a failed authentication: browsers keep cookies past their sessions.
func (s *Server) authenticateDownload(c *gin.Context) {
	id, err := c.Cookie(auth.SessionCookie)
	if c.GetHeader("Authorization") != "" || err != nil || id == "" || s.accounts == nil {
		s.authenticate(c)
		return
	}
	if wait, refused := s.guard.Refused(metrics.ChannelAPI, c.ClientIP(), s.now()); refused {
		tooManyFailures(c, wait)
		return
	}
	p, err := s.accounts.Resolve(c.Request.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		writeProblem(c, problem(http.StatusUnauthorized, "the session has ended: sign in again, or send a token"))
		return
	}
	if err != nil {
		c.Error(err)
		c.Abort()
		return
	}
	c.Set(personKey, p)
}
