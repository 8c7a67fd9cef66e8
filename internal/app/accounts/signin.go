package accounts

import (
	"context"
	"errors"
	"time"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
)

// Session is a session just opened: its id goes in the browser's cookie
// (auth.SessionCookie) and nowhere else; the store keeps its hash.
type Session struct {
	ID        string
	Person    store.Person
	ExpiresAt time.Time
}

// SignIn checks id and password and opens a session for them. An address
// that failed too often is refused before anything is looked at
// (*RefusedError); an unknown id, a person without a password and a wrong
// password are one answer (ErrSignInFailed), take as long as each other,
// count against the address and are written to the audit log without
// what was sent. A store error writing that entry is joined to
// ErrSignInFailed for the caller to log.
func (a *Accounts) SignIn(ctx context.Context, id, password string, from Client) (Session, error) {
	now := a.now()
	if err := a.refused(from, now); err != nil {
		return Session{}, err
	}
	p, hash, err := a.Store.PasswordOf(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		hash = decoyHash
	case err != nil:
		return Session{}, err
	}
	ok, err := passwordMatches(hash, password)
	if err != nil {
		return Session{}, err
	}
	if !ok || p.ID == "" {
		if err := a.failed(ctx, from, "unknown id or wrong password", now); err != nil {
			return Session{}, errors.Join(ErrSignInFailed, err)
		}
		return Session{}, ErrSignInFailed
	}
	return a.Open(ctx, p, "password", from)
}

// Open opens a session for p, signed in by method ("password",
// "invitation"): it ends after auth.SessionIdle unused or auth.SessionMax.
// The audit entry of the sign-in says how and from where.
func (a *Accounts) Open(ctx context.Context, p store.Person, method string, from Client) (Session, error) {
	now := a.now().UTC().Truncate(time.Millisecond)
	s := Session{ID: auth.NewSessionID(), Person: p, ExpiresAt: now.Add(auth.SessionMax)}
	err := a.Store.OpenSession(ctx, auth.HashToken(s.ID), store.Session{PersonID: p.ID, CreatedAt: now, ExpiresAt: s.ExpiresAt},
		map[string]any{"channel": from.Channel, "method": method, "client": from.Addr})
	if err != nil {
		return Session{}, err
	}
	return s, nil
}

// Resolve is the person of an open session (store.ErrNotFound for one
// that has ended), noting it as seen.
func (a *Accounts) Resolve(ctx context.Context, sessionID string) (store.Person, error) {
	if sessionID == "" {
		return store.Person{}, store.ErrNotFound
	}
	return a.Store.PersonBySession(ctx, auth.HashToken(sessionID), a.now(), auth.SessionIdle)
}

// SignOut ends the session sessionID, which is person's, and only it:
// their other sessions and tokens keep working.
func (a *Accounts) SignOut(ctx context.Context, person, sessionID string) error {
	return a.Store.EndSession(ctx, person, auth.HashToken(sessionID), a.now())
}
