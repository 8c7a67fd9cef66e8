package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/store"
)

// The people of the office (SPEC section 16): GET /people lists them for
// anyone signed in (to find an owner, a substitute, a unit's members);
// admins see the contact fields too.

// accountStore reads and changes people as accounts
// (internal/platform/store/accounts.go, handover.go).
type accountStore interface {
	ListAccounts(ctx context.Context, f store.PeopleFilter) ([]store.Account, string, error)
	GetAccount(ctx context.Context, id string) (store.Account, error)
	UpdateAccount(ctx context.Context, id string, change store.AccountChange, now time.Time) (store.Account, error)
	HandoverOf(ctx context.Context, person string) (store.Handover, error)
}

// listedPerson is one person of the list: what everyone signed in sees,
// and, for an admin's list, the contact fields, roles and account state.
type listedPerson struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Units []string `json:"units"`
	*contactFields
}

type contactFields struct {
	Email         string     `json:"email"`
	Mobile        string     `json:"mobile"`
	SlackID       string     `json:"slack_id"`
	Roles         []string   `json:"roles"`
	Active        bool       `json:"active"`
	DeactivatedAt *time.Time `json:"deactivated_at,omitempty"`
}

func listed(a store.Account, admin bool) listedPerson {
	p := listedPerson{ID: a.ID, Name: a.Name, Units: a.Units}
	if admin {
		p.contactFields = &contactFields{Email: a.Email, Mobile: a.Mobile, SlackID: a.SlackID, Roles: a.Roles,
			Active: a.Active, DeactivatedAt: a.DeactivatedAt}
	}
	return p
}

// listPeople serves GET /people?q=&unit=&role=&active=&cursor=&limit=: a
// page of people in id order and the cursor of the next.
func (s *Server) listPeople(c *gin.Context) {
	f, errs := peopleFilter(c)
	if len(errs) > 0 {
		c.Error(badRequest("the query is not valid").with(errs...))
		return
	}
	accounts, next, err := s.store.ListAccounts(c.Request.Context(), f)
	if err != nil {
		c.Error(err)
		return
	}
	admin := caller(c).Has(store.RoleAdmin)
	items := make([]listedPerson, len(accounts))
	for i, a := range accounts {
		items[i] = listed(a, admin)
	}
	c.JSON(http.StatusOK, list[listedPerson]{Items: items, NextCursor: next})
}

// peopleFilter reads the query, naming each parameter that is wrong.
func peopleFilter(c *gin.Context) (store.PeopleFilter, []FieldError) {
	f := store.PeopleFilter{Q: c.Query("q"), Unit: c.Query("unit"), Role: c.Query("role"), Cursor: c.Query("cursor"),
		Limit: store.DefaultPeoplePage}
	var errs []FieldError
	if f.Role != "" && !slices.Contains(knownRoles, f.Role) {
		errs = append(errs, fieldError("role", "must be admin, manager or member"))
	}
	if f.Cursor != "" && !personID.MatchString(f.Cursor) {
		errs = append(errs, fieldError("cursor", "is not one this server issued"))
	}
	if len([]rune(f.Q)) > maxQuery {
		errs = append(errs, fieldError("q", "at most %d characters", maxQuery))
	}
	if v := c.Query("active"); v != "" {
		active, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fieldError("active", "must be true or false"))
		}
		f.Active = &active
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > store.MaxPeoplePage {
			errs = append(errs, fieldError("limit", "must be a number from 1 to %d", store.MaxPeoplePage))
		}
		f.Limit = n
	}
	return f, errs
}

// maxQuery bounds the search text.
const maxQuery = 100

// knownRoles are the roles a person may hold.
var knownRoles = []string{store.RoleAdmin, store.RoleManager, store.RoleMember}
