package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/store"
)

const personKey = "closeout.person"

// authenticate resolves the bearer token to a person, or answers 401; an
// address that failed too often is answered 429 before its token is looked
// at (auth.Guard). Every request reads the token from the database: a
// revocation or an expiry counts at once on every process, with no cache to
// invalidate. The lookup is one primary-key read joined to the person by
// primary key (BenchmarkAuthenticate measures it), and last_used_at is
// written at most once a minute a token.
func (s *Server) authenticate(c *gin.Context) {
	addr, now := c.ClientIP(), s.now()
	if wait, refused := s.guard.Refused(metrics.ChannelAPI, addr, now); refused {
		tooManyFailures(c, wait)
		return
	}
	token, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok || token == "" {
		c.Header("WWW-Authenticate", `Bearer realm="closeout"`)
		writeProblem(c, problem(http.StatusUnauthorized, "send a token: Authorization: Bearer TOKEN"))
		return
	}
	ctx := c.Request.Context()
	p, use, err := s.store.PersonByToken(ctx, auth.HashToken(token), now)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			if err := s.guard.Failed(ctx, metrics.ChannelAPI, addr, now); err != nil {
				s.log.ErrorContext(ctx, "record a failed authentication", "error", err)
			}
			c.Header("WWW-Authenticate", `Bearer realm="closeout", error="invalid_token"`)
			writeProblem(c, problem(http.StatusUnauthorized, "unknown, expired or revoked token"))
			return
		}
		c.Error(err)
		c.Abort()
		return
	}
	if err := s.store.TouchToken(ctx, use, now); err != nil {
		// The request is authenticated; a missed note of its use is not
		// worth refusing it for.
		s.log.WarnContext(ctx, "note a token's use", "error", err)
	}
	c.Set(personKey, p)
	c.Set(tokenIDKey, use.TokenID)
}

// tokenIDKey holds the id of the token the request came with.
const tokenIDKey = "closeout.token_id"

// tooManyFailures answers 429: the client's address failed to authenticate
// too often, and Retry-After says when it may try again.
func tooManyFailures(c *gin.Context, wait time.Duration) {
	secs := strconv.Itoa(int(wait.Seconds()))
	c.Header("Retry-After", secs)
	writeProblem(c, problem(http.StatusTooManyRequests, "Too many failed authentications from this address; retry after %s seconds.", secs))
}

// caller is the authenticated person of the request.
func caller(c *gin.Context) store.Person {
	p, _ := c.Get(personKey)
	return p.(store.Person)
}

// actorOf is the caller as the workflows see them; taskops adds the units
// they are a member of when it sends the action (taskops.Ops.Act).
func actorOf(p store.Person) task.Actor {
	return task.Actor{ID: p.ID, Admin: p.Has(store.RoleAdmin)}
}

// requireRole refuses callers without one of roles (admins always pass).
func requireRole(roles ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := caller(c)
		if p.Has(store.RoleAdmin) {
			return
		}
		for _, r := range roles {
			if p.Has(r) {
				return
			}
		}
		writeProblem(c, forbidden("this needs one of the roles %s", strings.Join(append([]string{store.RoleAdmin}, roles...), ", ")))
	}
}
