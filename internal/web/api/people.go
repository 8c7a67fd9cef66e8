package api

import (
	"errors"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/platform/store"
)

// personID is the id rule of a new person (accounts.PersonID).
var personID = accounts.PersonID

type personRequest struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Email   string   `json:"email"`
	SlackID string   `json:"slack_id"`
	Roles   []string `json:"roles"`
	store.PersonSettings
}

func (r personRequest) validate() []FieldError {
	var errs []FieldError
	if !personID.MatchString(r.ID) {
		errs = append(errs, fieldError("id", "must match %s", personID.String()))
	}
	if r.Name == "" {
		errs = append(errs, fieldError("name", "is required"))
	}
	for i, role := range r.Roles {
		if !slices.Contains([]string{store.RoleAdmin, store.RoleManager, store.RoleMember}, role) {
			errs = append(errs, fieldError(fieldIndex("roles", i), "must be admin, manager or member"))
		}
	}
	_, more := checkSettings(r.PersonSettings)
	return append(errs, more...)
}

// createPerson adds someone (admins only).
func (s *Server) createPerson(c *gin.Context) {
	var req personRequest
	if !bindJSON(c, &req) {
		return
	}
	if errs := req.validate(); len(errs) > 0 {
		c.Error(unprocessable("the person is not valid").with(errs...))
		return
	}
	if len(req.Roles) == 0 {
		req.Roles = []string{store.RoleMember}
	}
	settings, _ := checkSettings(req.PersonSettings) // valid: only made canonical
	p := store.Person{ID: req.ID, Name: req.Name, Email: req.Email, SlackID: req.SlackID, Roles: req.Roles,
		PersonSettings: settings, CreatedAt: s.now()}
	if err := s.store.CreatePerson(c.Request.Context(), p); err != nil {
		if errors.Is(err, store.ErrExists) {
			c.Error(conflict("person %s already exists", req.ID))
			return
		}
		c.Error(err)
		return
	}
	s.personCreated(c, p) // with the link where they set their password (accounts.go)
}

// me answers with the caller, as read with their token in this request
// (internal/web/api/auth.go reads it from the database every time).
func (s *Server) me(c *gin.Context) {
	c.JSON(http.StatusOK, caller(c))
}
