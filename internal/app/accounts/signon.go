package accounts

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
)

// Single sign-on (SPEC section 16): a provider vouches for someone by one
// claim of their ID token, and SignOn says which person that is. The
// protocol (discovery, the code flow, the token's signature and nonce) is
// the dashboard's; this is only the mapping, and the opt-in creation of a
// member for someone the office does not know yet.

// SignOnStore finds and creates people (*store.DB).
type SignOnStore interface {
	AccountByEmail(ctx context.Context, email string) (store.Account, error)
	AccountByOIDCSubject(ctx context.Context, subject string) (store.Account, error)
	CreatePerson(ctx context.Context, p store.Person) error
	UpdateAccount(ctx context.Context, id string, change store.AccountChange, now time.Time) (store.Account, error)
}

// ClaimEmail is the default claim: the person whose email it is.
const ClaimEmail = "email"

// AutoCreateMember is CLOSEOUT_OIDC_AUTOCREATE's one value: someone unknown
// becomes a member.
const AutoCreateMember = "member"

// SignOn maps a provider's claims to a person.
type SignOn struct {
	Store SignOnStore
	// Claim is the ID token's claim that names the person: "email" (the
	// default) maps by the person's email; any other (sub,
	// preferred_username, an employee number) by their oidc_subject.
	Claim string
	// AutoCreate is AutoCreateMember to create a member for a claim that
	// maps to nobody; "" refuses them.
	AutoCreate string
	Now        func() time.Time
}

// Refusals of a sign-on; the dashboard words each for the person.
var (
	ErrNoClaim     = errors.New("the provider's token does not hold the claim people are mapped by")
	ErrUnverified  = errors.New("the provider has not verified this email address")
	ErrUnknown     = errors.New("no person is mapped to this account")
	ErrDeactivated = errors.New("this person is deactivated")
)

// Claims are what the ID token says, decoded.
type Claims map[string]any

func (c Claims) text(name string) string {
	v, _ := c[name].(string)
	return strings.TrimSpace(v)
}

// Person returns the active person claims name, creating a member when
// AutoCreate allows and nobody is mapped; a deactivated person is refused,
// never created again.
func (s *SignOn) Person(ctx context.Context, claims Claims) (store.Person, error) {
	claim := s.Claim
	if claim == "" {
		claim = ClaimEmail
	}
	value := claims.text(claim)
	if value == "" {
		return store.Person{}, fmt.Errorf("%w (%s)", ErrNoClaim, claim)
	}
	var (
		a   store.Account
		err error
	)
	if claim == ClaimEmail {
		if verified, said := claims["email_verified"].(bool); said && !verified {
			return store.Person{}, ErrUnverified
		}
		a, err = s.Store.AccountByEmail(ctx, value)
	} else {
		a, err = s.Store.AccountByOIDCSubject(ctx, value)
	}
	switch {
	case err == nil && !a.Active:
		return store.Person{}, ErrDeactivated
	case err == nil:
		return a.Person, nil
	case !errors.Is(err, store.ErrNotFound):
		return store.Person{}, err
	case s.AutoCreate != AutoCreateMember:
		return store.Person{}, ErrUnknown
	}
	return s.create(ctx, claim, value, claims)
}

// create makes a member for a claim nobody is mapped by: their id from the
// claim (an email's local part), made unique; their name the token's name,
// else the id; their email or oidc_subject the claim, so the next sign-on
// finds them.
func (s *SignOn) create(ctx context.Context, claim, value string, claims Claims) (store.Person, error) {
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	base := personIDFrom(value)
	name := claims.text("name")
	ctx = audit.WithActor(ctx, audit.System)
	for n := 1; n <= 20; n++ {
		id := base
		if n > 1 {
			id = base + "-" + strconv.Itoa(n)
		}
		p := store.Person{ID: id, Name: name, Roles: []string{store.RoleMember}, CreatedAt: now}
		if p.Name == "" {
			p.Name = id
		}
		if claim == ClaimEmail {
			p.Email = value
		}
		err := s.Store.CreatePerson(ctx, p)
		if errors.Is(err, store.ErrExists) {
			continue
		}
		if err != nil {
			return store.Person{}, err
		}
		if claim != ClaimEmail {
			if _, err := s.Store.UpdateAccount(ctx, id, store.AccountChange{OIDCSubject: &value}, now); err != nil {
				return store.Person{}, err
			}
		}
		return p, nil
	}
	return store.Person{}, fmt.Errorf("no free person id like %s", base)
}

// notInID is what a person id may not hold (api's personID:
// ^[a-z0-9][a-z0-9._-]{0,63}$).
var notInID = regexp.MustCompile(`[^a-z0-9._-]+`)

// personIDFrom makes a person id of a claim's value: an email's local part,
// lower case, other characters as "-", at most 48 long so a suffix fits;
// "sso" when nothing is left.
func personIDFrom(value string) string {
	local, _, _ := strings.Cut(strings.ToLower(value), "@")
	id := strings.Trim(notInID.ReplaceAllString(local, "-"), "-._")
	if len(id) > 48 {
		id = strings.TrimRight(id[:48], "-._")
	}
	if id == "" {
		return "sso"
	}
	return id
}
