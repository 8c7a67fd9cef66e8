package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/store"
)

// Substitutes (SPEC section 14): a person on leave names who acts for them
// from one instant until another. PUT sets a window, DELETE ends the
// current (or next) one, GET lists them. Within a window the substitute may
// take every action the person may (taskops resolves it for each action).

// substituteStore is the store's part in substitutes (*store.DB).
type substituteStore interface {
	AddSubstitution(ctx context.Context, w store.Substitution) (store.Substitution, bool, error)
	EndSubstitution(ctx context.Context, person string, now time.Time) (store.Substitution, error)
	Substitutions(ctx context.Context, person string) ([]store.Substitution, error)
	StandingInFor(ctx context.Context, substitute string, t time.Time) ([]store.Substitution, error)
	StandsInFor(ctx context.Context, substitute string, t time.Time) ([]string, error)
}

// substituteBody is PUT /people/{id}/substitute. The times are strings so a
// bad one is named rather than failing the whole body.
type substituteBody struct {
	Substitute string `json:"substitute"`
	// From is RFC 3339; empty means now.
	From   string `json:"from"`
	Until  string `json:"until"`
	Reason string `json:"reason"`
}

// Window states, as of the answer.
const (
	windowScheduled = "scheduled"
	windowActive    = "active"
	windowOver      = "over"
)

// substitution is a window as the API shows it: as stored, with its state.
type substitution struct {
	store.Substitution
	State string `json:"state"`
}

func viewOf(w store.Substitution, now time.Time) substitution {
	state := windowOver
	switch {
	case w.ActiveAt(now):
		state = windowActive
	case now.Before(w.From) && w.From.Before(w.End()):
		state = windowScheduled
	}
	return substitution{Substitution: w, State: state}
}

func viewsOf(ws []store.Substitution, now time.Time) []substitution {
	out := make([]substitution, len(ws))
	for i, w := range ws {
		out[i] = viewOf(w, now)
	}
	return out
}

// substitutes answers GET: the person's windows, and those in which they
// stand in for someone else now or later.
type substitutes struct {
	Items       []substitution `json:"items"`
	StandsInFor []substitution `json:"stands_in_for"`
}

func (s *Server) substituteRoutes(v1 *gin.RouterGroup) {
	v1.GET("/people/:id/substitute", s.listSubstitutes)
	v1.PUT("/people/:id/substitute", s.setSubstitute)
	v1.DELETE("/people/:id/substitute", s.endSubstitute)
}

// substitutePerson loads the person of the path for a change, which only
// they or an admin may make: 403 for anyone else, 404 when unknown.
func (s *Server) substitutePerson(c *gin.Context, change bool) (store.Person, error) {
	me, id := caller(c), c.Param("id")
	if change && me.ID != id && !me.Has(store.RoleAdmin) {
		return store.Person{}, forbidden("only an admin or the person themself names their substitute")
	}
	p, err := s.store.GetPerson(c.Request.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return p, notFound("no person %s", id)
	}
	return p, err
}

func (s *Server) listSubstitutes(c *gin.Context) {
	p, err := s.substitutePerson(c, false)
	if err != nil {
		c.Error(err)
		return
	}
	ctx, now := c.Request.Context(), s.now()
	own, err := s.store.Substitutions(ctx, p.ID)
	if err != nil {
		c.Error(err)
		return
	}
	others, err := s.store.StandingInFor(ctx, p.ID, now)
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusOK, substitutes{Items: viewsOf(own, now), StandsInFor: viewsOf(others, now)})
}

// setSubstitute serves PUT: 201 with the new window, or 200 with the same
// window when it was already set (a repeated PUT); 409 when it overlaps
// another window of the person.
func (s *Server) setSubstitute(c *gin.Context) {
	p, err := s.substitutePerson(c, true)
	if err != nil {
		c.Error(err)
		return
	}
	var body substituteBody
	if !bindJSON(c, &body) {
		return
	}
	ctx, now := c.Request.Context(), s.now()
	w, errs, err := s.checkSubstitute(ctx, p.ID, body, now)
	if err != nil {
		c.Error(err)
		return
	}
	if len(errs) > 0 {
		c.Error(unprocessable("the substitute window is not valid").with(errs...))
		return
	}
	w.CreatedBy, w.CreatedAt = caller(c).ID, now
	saved, created, err := s.store.AddSubstitution(ctx, w)
	var overlap *store.OverlapError
	if errors.As(err, &overlap) {
		o := overlap.With
		c.Error(conflict("%s already has %s as substitute from %s until %s; end it first (DELETE) or choose other times",
			o.Person, o.Substitute, o.From.Format(time.RFC3339), o.End().Format(time.RFC3339)))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	c.JSON(status, viewOf(saved, now))
}

// checkSubstitute reads the body into a window for person, naming every
// wrong field at once (store.CheckSubstitution, the dashboard's checks too);
// err is the store failing to say who exists.
func (s *Server) checkSubstitute(ctx context.Context, person string, b substituteBody, now time.Time) (store.Substitution, []FieldError, error) {
	w, problems, err := store.CheckSubstitution(ctx, s.store, store.SubstitutionRequest{
		Person: person, Substitute: b.Substitute, From: b.From, Until: b.Until, Reason: b.Reason,
	}, now)
	var errs []FieldError
	for _, p := range problems {
		errs = append(errs, FieldError{p.Field, wordedText(p, p.Message)})
	}
	return w, errs, err
}

// endSubstitute serves DELETE: the current window (or the next, when none
// is current) ends now; 404 when there is neither.
func (s *Server) endSubstitute(c *gin.Context) {
	p, err := s.substitutePerson(c, true)
	if err != nil {
		c.Error(err)
		return
	}
	now := s.now()
	w, err := s.store.EndSubstitution(c.Request.Context(), p.ID, now)
	if errors.Is(err, store.ErrNotFound) {
		c.Error(notFound("%s has no current or upcoming substitute window", p.ID))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusOK, viewOf(w, now))
}
