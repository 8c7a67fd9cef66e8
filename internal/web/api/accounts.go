package api

import (
	"errors"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/store"
)

// accountRoutes are signing in as a person (SPEC section 16). Signing in
// and setting a password by invitation come without a token, so they sit
// beside the authenticated group; issuing an invitation is an admin's, in
// it. The work is accounts'; these are its adapters.
func (s *Server) accountRoutes(r *gin.Engine, v1 *gin.RouterGroup) {
	open := r.Group("/api/v1", checkRequestText)
	open.POST("/sessions", s.signIn)
	open.DELETE("/sessions/current", s.signOut)
	open.POST("/invitations/:code", s.acceptInvitation)
	v1.POST("/people/:id/invitation", requireRole(), s.reissueInvitation)
}

// invitationAnswer is an invitation as the API shows it: the link, once.
type invitationAnswer struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

// personCreated answers POST /people: the person, and the link where they
// set their password. The link is a secret: an Idempotency-Key replay is
// answered 409 instead of showing it again (markSecretAnswer).
func (s *Server) personCreated(c *gin.Context, p store.Person) {
	if s.accounts == nil {
		c.JSON(http.StatusCreated, gin.H{"person": p, "invitation": nil})
		return
	}
	inv, err := s.accounts.Invite(c.Request.Context(), p.ID, caller(c).ID)
	if err != nil {
		c.Error(err)
		return
	}
	s.answerInvitation(c, http.StatusCreated, p, inv)
}

// reissueInvitation serves POST /people/{id}/invitation (admin): a new
// link, which ends the one before (a reset).
func (s *Server) reissueInvitation(c *gin.Context) {
	if !s.accountsReady(c) {
		return
	}
	id := c.Param("id")
	inv, err := s.accounts.Invite(c.Request.Context(), id, caller(c).ID)
	if errors.Is(err, store.ErrNotFound) {
		c.Error(notFound("no person %s", id))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	p, err := s.store.GetPerson(c.Request.Context(), id)
	if err != nil {
		c.Error(err)
		return
	}
	s.answerInvitation(c, http.StatusCreated, p, inv)
}

func (s *Server) answerInvitation(c *gin.Context, status int, p store.Person, inv accounts.Invitation) {
	c.Set(secretReplayKey, conflict("the first request with this Idempotency-Key issued an invitation link for %s; "+
		"a link is shown only once, so it is not shown again: use it, or issue another with POST /api/v1/people/%[1]s/invitation", p.ID))
	c.JSON(status, gin.H{"person": p, "invitation": invitationAnswer{URL: inv.URL(s.publicBase(c)), ExpiresAt: inv.ExpiresAt}})
}

// publicBase is the dashboard's address as people reach it:
// CLOSEOUT_BASE_URL when set, else the address this request came to.
func (s *Server) publicBase(c *gin.Context) string {
	if s.baseURL != "" {
		return strings.TrimRight(s.baseURL, "/")
	}
	scheme := "http"
	if c.Request.TLS != nil || strings.EqualFold(c.GetHeader("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// passwordRequest is the body of POST /invitations/{code}.
type passwordRequest struct {
	Password string `json:"password"`
}

// acceptInvitation serves POST /invitations/{code}: sets the password of
// the link's person (204) and uses the link up.
func (s *Server) acceptInvitation(c *gin.Context) {
	if !s.accountsReady(c) || !jsonBody(c) {
		return
	}
	var req passwordRequest
	if !bindJSON(c, &req) {
		return
	}
	_, err := s.accounts.Accept(c.Request.Context(), c.Param("code"), req.Password, s.client(c))
	if err != nil {
		s.accountProblem(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// signInRequest is the body of POST /sessions.
type signInRequest struct {
	ID       string `json:"id"`
	Password string `json:"password"`
}

// signIn serves POST /sessions: a person's id and password open a session,
// whose id travels in an HttpOnly, SameSite cookie only (201 {person,
// expires_at}). The body must be JSON, which no other site's form can send
// without the browser asking first: nobody can sign a browser in under
// their own account.
func (s *Server) signIn(c *gin.Context) {
	if !s.accountsReady(c) || !jsonBody(c) {
		return
	}
	var req signInRequest
	if !bindJSON(c, &req) {
		return
	}
	sess, err := s.accounts.SignIn(c.Request.Context(), req.ID, req.Password, s.client(c))
	if err != nil {
		s.accountProblem(c, err)
		return
	}
	s.setSessionCookie(c, sess.ID, int(sess.ExpiresAt.Sub(s.now()).Seconds()))
	c.JSON(http.StatusCreated, gin.H{"person": sess.Person, "expires_at": sess.ExpiresAt})
}

// signOut serves DELETE /sessions/current: ends the session of the
// request's cookie, and only it (204); 401 without one that is open.
func (s *Server) signOut(c *gin.Context) {
	if !s.accountsReady(c) {
		return
	}
	id, _ := c.Cookie(auth.SessionCookie)
	ctx := c.Request.Context()
	p, err := s.accounts.Resolve(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		writeProblem(c, problem(http.StatusUnauthorized, "no session: sign in first (POST /api/v1/sessions)"))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	if err := s.accounts.SignOut(audit.WithActor(ctx, p.ID), p.ID, id); err != nil {
		c.Error(err)
		return
	}
	s.setSessionCookie(c, "", -1)
	c.Status(http.StatusNoContent)
}

// setSessionCookie sets (or with maxAge -1 clears) the session cookie as
// the dashboard does: HttpOnly, SameSite=Lax, Secure over https.
func (s *Server) setSessionCookie(c *gin.Context, value string, maxAge int) {
	// #nosec G124 -- HttpOnly and SameSite are always set; Secure whenever the browser reaches us over https
	http.SetCookie(c.Writer, &http.Cookie{
		Name: auth.SessionCookie, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.secureCookies || c.Request.TLS != nil || strings.EqualFold(c.GetHeader("X-Forwarded-Proto"), "https"),
	})
}

// client is where the attempt comes from, for the limiter and the audit log.
func (s *Server) client(c *gin.Context) accounts.Client {
	return accounts.Client{Channel: metrics.ChannelAPI, Addr: c.ClientIP()}
}

// accountProblem answers an account use case's refusal.
func (s *Server) accountProblem(c *gin.Context, err error) {
	var (
		refused *accounts.RefusedError
		weak    *accounts.WeakPasswordError
	)
	switch {
	case errors.As(err, &refused):
		tooManyFailures(c, refused.Wait)
	case errors.As(err, &weak):
		c.Error(unprocessable("the password is not accepted").with(FieldError{"password", weak.Text()}))
	case errors.Is(err, accounts.ErrSignInFailed):
		s.logJoined(c, err)
		writeProblem(c, problem(http.StatusUnauthorized, "unknown id or wrong password"))
	case errors.Is(err, accounts.ErrUnknownInvitation):
		s.logJoined(c, err)
		c.Error(notFound("this invitation link is unknown, used or expired: ask an admin for a new one"))
	default:
		c.Error(err)
	}
}

// logJoined logs what went wrong recording a failure (joined to the
// refusal by accounts), never what was sent.
func (s *Server) logJoined(c *gin.Context, err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > 1 {
		s.log.ErrorContext(c.Request.Context(), "record a failed authentication", "error", j.Unwrap()[1])
	}
}

// accountsReady answers 404 when the server has no accounts (a store
// without passwords, in some tests).
func (s *Server) accountsReady(c *gin.Context) bool {
	if s.accounts == nil {
		writeProblem(c, notFound("accounts are not served here"))
		return false
	}
	return true
}

// jsonBody refuses (415) a body that does not say it is JSON.
func jsonBody(c *gin.Context) bool {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "application/json" {
		writeProblem(c, problem(http.StatusUnsupportedMediaType, "send the body as application/json"))
		return false
	}
	return true
}
