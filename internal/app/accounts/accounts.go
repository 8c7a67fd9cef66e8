package accounts

import (
	"context"
	"errors"
	"time"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
)

// Store keeps invitations, password hashes and sessions (*store.DB).
type Store interface {
	IssueInvitation(ctx context.Context, hash string, inv store.Invitation) error
	InvitationFor(ctx context.Context, hash string, now time.Time) (store.Person, time.Time, error)
	AcceptInvitation(ctx context.Context, hash, passwordHash string, now time.Time) (store.Person, error)
	PasswordOf(ctx context.Context, person string) (store.Person, string, error)
	OpenSession(ctx context.Context, hash string, s store.Session, detail map[string]any) error
	PersonBySession(ctx context.Context, hash string, now time.Time, idle time.Duration) (store.Person, error)
	EndSession(ctx context.Context, person, hash string, now time.Time) error
	ChangePassword(ctx context.Context, person, passwordHash, keepSession string, now time.Time) error
}

// Accounts are the use cases of signing in. Its zero value is not ready:
// Store and Guard are needed.
type Accounts struct {
	Store Store
	// Guard limits, counts and records failed attempts per client address;
	// the API and the dashboard share one.
	Guard *auth.Guard
	// Now is the clock; default time.Now.
	Now func() time.Time
}

func (a *Accounts) now() time.Time {
	if a.Now == nil {
		return time.Now()
	}
	return a.Now()
}

// Errors the adapters answer.
var (
	// ErrSignInFailed is an unknown id, a person without a password or a
	// wrong password: the answer does not say which.
	ErrSignInFailed = errors.New("accounts: unknown id or wrong password")
	// ErrUnknownInvitation is a link unknown, used or past its end.
	ErrUnknownInvitation = errors.New("accounts: unknown, used or expired invitation")
)

// RefusedError is an attempt refused before it was checked: its address
// failed too often (SPEC section 15) and may try again after Wait.
type RefusedError struct{ Wait time.Duration }

func (e *RefusedError) Error() string { return "accounts: too many failed attempts from this address" }

// Client is where an attempt comes from: the channel (metrics.ChannelAPI,
// metrics.ChannelDashboard) and the client's address, for the limiter and
// the audit log.
type Client struct {
	Channel string
	Addr    string
}

// refused checks the address's budget before anything else is looked at.
func (a *Accounts) refused(from Client, now time.Time) error {
	if wait, refused := a.Guard.Refused(from.Channel, from.Addr, now); refused {
		return &RefusedError{Wait: wait}
	}
	return nil
}

// failed counts a failed attempt; writing its audit entry is best effort
// (the failure is counted and the answer the same), so its error is only
// returned for the caller to log.
func (a *Accounts) failed(ctx context.Context, from Client, reason string, now time.Time) error {
	return a.Guard.FailedBecause(ctx, from.Channel, from.Addr, reason, now)
}
