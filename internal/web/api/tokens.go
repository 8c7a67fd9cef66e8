package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
)

// tokenStore keeps tokens (internal/platform/store/tokens.go).
type tokenStore interface {
	PersonByToken(ctx context.Context, hash string, now time.Time) (store.Person, store.TokenUse, error)
	TouchToken(ctx context.Context, use store.TokenUse, now time.Time) error
	IssueToken(ctx context.Context, t store.Token, hash string) error
	ListTokens(ctx context.Context, person string, now time.Time) ([]store.Token, error)
	RevokeToken(ctx context.Context, person, tokenID string, now time.Time) error
}

// tokenRoutes are a person's tokens (SPEC section 15): issue, list,
// revoke, by the person themself or an admin.
func (s *Server) tokenRoutes(v1 *gin.RouterGroup) {
	v1.POST("/people/:id/tokens", s.issueToken)
	v1.GET("/people/:id/tokens", s.listTokens)
	v1.DELETE("/people/:id/tokens/:token", s.revokeToken)
}

// tokenRequest is the body of POST /people/{id}/tokens; every field is
// optional, and so is the body.
type tokenRequest struct {
	Label         string `json:"label"`
	ExpiresInDays *int   `json:"expires_in_days"`
	Service       bool   `json:"service"`
}

func (r tokenRequest) validate(admin bool) []FieldError {
	var errs []FieldError
	if len([]rune(r.Label)) > auth.MaxTokenLabel {
		errs = append(errs, fieldError("label", "at most %d characters", auth.MaxTokenLabel))
	}
	switch {
	case r.Service && !admin:
		errs = append(errs, fieldError("service", "only an admin issues a service token"))
	case r.Service && r.ExpiresInDays != nil:
		errs = append(errs, fieldError("expires_in_days", "a service token does not expire; leave it out"))
	case r.ExpiresInDays != nil && (*r.ExpiresInDays < 1 || *r.ExpiresInDays > auth.MaxTokenDays):
		errs = append(errs, fieldError("expires_in_days", "from 1 to %d", auth.MaxTokenDays))
	}
	return errs
}

// tokenOwner is the person of the path, if the caller may manage their
// tokens (themself or an admin); otherwise it records the refusal.
func (s *Server) tokenOwner(c *gin.Context) (store.Person, bool) {
	me, id := caller(c), c.Param("id")
	if me.ID != id && !me.Has(store.RoleAdmin) {
		c.Error(forbidden("only an admin or the person themself manages their tokens"))
		return store.Person{}, false
	}
	p, err := s.store.GetPerson(c.Request.Context(), id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			c.Error(notFound("no person %s", id))
		} else {
			c.Error(err)
		}
		return store.Person{}, false
	}
	return p, true
}

// issueToken creates a token for a person. The token is in this answer
// only: the store keeps its hash, and an Idempotency-Key replay of this
// request is refused rather than answered with it (idempotency.go).
func (s *Server) issueToken(c *gin.Context) {
	p, ok := s.tokenOwner(c)
	if !ok {
		return
	}
	var req tokenRequest
	if c.Request.ContentLength != 0 && !bindJSON(c, &req) {
		return
	}
	if errs := req.validate(caller(c).Has(store.RoleAdmin)); len(errs) > 0 {
		c.Error(unprocessable("the token request is not valid").with(errs...))
		return
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	t := store.Token{ID: auth.NewTokenID(), PersonID: p.ID, Label: req.Label, Service: req.Service, CreatedAt: now,
		IssuedWith: c.GetString(tokenIDKey)}
	if !req.Service {
		days := auth.DefaultTokenDays
		if req.ExpiresInDays != nil {
			days = *req.ExpiresInDays
		}
		exp := now.AddDate(0, 0, days)
		t.ExpiresAt = &exp
	}
	token := auth.NewToken()
	if err := s.store.IssueToken(c.Request.Context(), t, auth.HashToken(token)); err != nil {
		c.Error(err)
		return
	}
	markSecretAnswer(c, t.ID, p.ID)
	c.JSON(http.StatusCreated, gin.H{"person": p, "token": token, "token_id": t.ID, "expires_at": t.ExpiresAt})
}

// listTokens lists the person's tokens that still authenticate: what they
// are for and when they were used, never the token or its hash.
func (s *Server) listTokens(c *gin.Context) {
	p, ok := s.tokenOwner(c)
	if !ok {
		return
	}
	tokens, err := s.store.ListTokens(c.Request.Context(), p.ID, s.now())
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": tokens})
}

// revokeToken revokes one of the person's tokens, at once on every
// process; the sessions opened with it end.
func (s *Server) revokeToken(c *gin.Context) {
	p, ok := s.tokenOwner(c)
	if !ok {
		return
	}
	id := c.Param("token")
	err := s.store.RevokeToken(c.Request.Context(), p.ID, id, s.now())
	if errors.Is(err, store.ErrNotFound) {
		c.Error(notFound("person %s has no token %s that is still valid", p.ID, id))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	c.Status(http.StatusNoContent)
}
