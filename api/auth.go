package api

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/auth"
	"github.com/closeout/closeout/store"
	"github.com/closeout/closeout/workflows"
)

const personKey = "closeout.person"

// tokenCache keeps recent token lookups for a short while, so an action does
// not pay a database round trip just to learn who is calling.
type tokenCache struct {
	mu      sync.Mutex
	entries map[string]cachedPerson
}

type cachedPerson struct {
	person  store.Person
	expires time.Time
}

const tokenCacheTTL = 30 * time.Second

func (tc *tokenCache) get(hash string, now time.Time) (store.Person, bool) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	e, ok := tc.entries[hash]
	if !ok || now.After(e.expires) {
		return store.Person{}, false
	}
	return e.person, true
}

func (tc *tokenCache) put(hash string, p store.Person, now time.Time) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.entries == nil || len(tc.entries) > 10000 {
		tc.entries = map[string]cachedPerson{}
	}
	tc.entries[hash] = cachedPerson{person: p, expires: now.Add(tokenCacheTTL)}
}

// authenticate resolves the bearer token (or the dashboard's session cookie)
// to a person, or answers 401.
func (s *Server) authenticate(c *gin.Context) {
	token, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok || token == "" {
		c.Header("WWW-Authenticate", `Bearer realm="closeout"`)
		writeProblem(c, problem(http.StatusUnauthorized, "send a token: Authorization: Bearer TOKEN"))
		return
	}
	p, err := s.personForToken(c, token)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			c.Header("WWW-Authenticate", `Bearer realm="closeout", error="invalid_token"`)
			writeProblem(c, problem(http.StatusUnauthorized, "unknown token"))
			return
		}
		c.Error(err)
		c.Abort()
		return
	}
	c.Set(personKey, p)
}

func (s *Server) personForToken(c *gin.Context, token string) (store.Person, error) {
	hash := auth.HashToken(token)
	now := s.now()
	if p, ok := s.tokens.get(hash, now); ok {
		return p, nil
	}
	p, err := s.store.PersonByTokenHash(c.Request.Context(), hash)
	if err != nil {
		return store.Person{}, err
	}
	s.tokens.put(hash, p, now)
	return p, nil
}

// caller is the authenticated person of the request.
func caller(c *gin.Context) store.Person {
	p, _ := c.Get(personKey)
	return p.(store.Person)
}

// actorOf is the caller as the workflows see them; taskops adds the units
// they are a member of when it sends the action (taskops.Ops.Act).
func actorOf(p store.Person) workflows.Actor {
	return workflows.Actor{ID: p.ID, Admin: p.Has(store.RoleAdmin)}
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
		writeProblem(c, forbidden("this needs the role "+strings.Join(append([]string{store.RoleAdmin}, roles...), " or ")))
	}
}
