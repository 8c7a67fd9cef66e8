package accounts

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"time"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
)

// InvitationLife is how long an invitation link works (SPEC section 16).
const InvitationLife = 72 * time.Hour

// InvitationPath is where a link's page is served: the code follows it.
const InvitationPath = "/invitations/"

// Invitation is a link just issued: the code is here only; the store keeps
// its hash.
type Invitation struct {
	PersonID  string
	Code      string
	ExpiresAt time.Time
}

// URL is the link under base (the dashboard's public address, no trailing
// slash).
func (i Invitation) URL(base string) string { return base + InvitationPath + i.Code }

// newInvitationCode is 256 random bits, like a token: hashing it with
// SHA-256 is enough, there is nothing to guess.
func newInvitationCode() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "ci_" + base64.RawURLEncoding.EncodeToString(b)
}

// Invite issues person a new invitation on behalf of by (an admin, or
// audit.System at start-up), ending any link they had open.
// store.ErrNotFound if there is no such person.
func (a *Accounts) Invite(ctx context.Context, person, by string) (Invitation, error) {
	now := a.now().UTC().Truncate(time.Millisecond)
	inv := Invitation{PersonID: person, Code: newInvitationCode(), ExpiresAt: now.Add(InvitationLife)}
	err := a.Store.IssueInvitation(ctx, auth.HashToken(inv.Code),
		store.Invitation{PersonID: person, IssuedBy: by, CreatedAt: now, ExpiresAt: inv.ExpiresAt})
	if err != nil {
		return Invitation{}, err
	}
	return inv, nil
}

// InvitationFor is the person a link still open is for, and when it ends
// (the page greets them by name); ErrUnknownInvitation otherwise. Looking
// a link up is not an attempt: it sets nothing.
func (a *Accounts) InvitationFor(ctx context.Context, code string) (store.Person, time.Time, error) {
	p, ends, err := a.Store.InvitationFor(ctx, auth.HashToken(code), a.now())
	if errors.Is(err, store.ErrNotFound) {
		return store.Person{}, time.Time{}, ErrUnknownInvitation
	}
	return p, ends, err
}

// Accept sets the password of the link's person and uses the link up. The
// password is checked first (*WeakPasswordError), so a refused one leaves
// the link working. A code that opens nothing counts as a failed
// authentication of the client's address (ErrUnknownInvitation), like a
// wrong password; an address that failed too often is refused first
// (*RefusedError). The person's sessions end (store.AcceptInvitation).
func (a *Accounts) Accept(ctx context.Context, code, password string, from Client) (store.Person, error) {
	now := a.now()
	if err := a.refused(from, now); err != nil {
		return store.Person{}, err
	}
	if err := CheckPassword(password); err != nil {
		return store.Person{}, err
	}
	p, err := a.Store.AcceptInvitation(ctx, auth.HashToken(code), hashPassword(password), now.UTC().Truncate(time.Millisecond))
	if errors.Is(err, store.ErrNotFound) {
		if err := a.failed(ctx, from, "unknown, used or expired invitation", now); err != nil {
			return store.Person{}, errors.Join(ErrUnknownInvitation, err)
		}
		return store.Person{}, ErrUnknownInvitation
	}
	return p, err
}
