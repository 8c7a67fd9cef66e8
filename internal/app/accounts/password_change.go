package accounts

import (
	"context"
	"errors"
	"time"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
)

// ErrWrongPassword is a current password that is not the person's.
var ErrWrongPassword = errors.New("accounts: the current password is not right")

// ErrNoPassword is a person who has never set a password (they sign in
// with a token or single sign-on): they set one through an invitation.
var ErrNoPassword = errors.New("accounts: no password set; ask an admin for an invitation link")

// HasPassword reports whether person has set a password, so the account
// page offers the change form only to those who can use it.
func (a *Accounts) HasPassword(ctx context.Context, person string) (bool, error) {
	_, _, err := a.Store.PasswordOf(ctx, person)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	return true, nil
}

// ChangePassword sets person's password to next once current is checked,
// from the session sessionID, which stays open while the person's other
// sessions end. A wrong current password counts as a failed
// authentication of the client's address (a stolen session cannot guess
// its way to the password), and an address that failed too often is
// refused first (*RefusedError); next must pass CheckPassword
// (*WeakPasswordError). The audit entry is password.set, never with either
// password.
func (a *Accounts) ChangePassword(ctx context.Context, person, sessionID, current, next string, from Client) error {
	now := a.now()
	if err := a.refused(from, now); err != nil {
		return err
	}
	_, hash, err := a.Store.PasswordOf(ctx, person)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return ErrNoPassword
	case err != nil:
		return err
	}
	ok, err := passwordMatches(hash, current)
	if err != nil {
		return err
	}
	if !ok {
		if err := a.failed(ctx, from, "wrong current password", now); err != nil {
			return errors.Join(ErrWrongPassword, err)
		}
		return ErrWrongPassword
	}
	if err := CheckPassword(next); err != nil {
		return err
	}
	return a.Store.ChangePassword(ctx, person, hashPassword(next), auth.HashToken(sessionID), now.UTC().Truncate(time.Millisecond))
}
