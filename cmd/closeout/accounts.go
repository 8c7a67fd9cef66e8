package main

import (
	"context"
	"errors"
	"strings"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
)

// passwordAccounts is the process's password sign-in (SPEC section 16),
// shared by the API and the dashboard with the process's limit on failed
// authentications.
func (c *components) passwordAccounts() *accounts.Accounts {
	if c.accounts == nil {
		c.accounts = &accounts.Accounts{Store: c.db, Guard: c.authGuard()}
	}
	return c.accounts
}

// httpsBase reports whether the dashboard's public address is https: its
// cookies are then Secure whatever a proxy says.
func (c config) httpsBase() bool {
	return strings.HasPrefix(strings.ToLower(c.BaseURL), "https://")
}

// adminInvitation is, while the admin has no password yet, a one-time link
// under base where they set one and are signed in: dev mode prints it at
// start, so the tour begins in the browser. Once a password is set it is ""
// (an admin who forgot theirs asks for a new link with the admin token:
// POST /api/v1/people/admin/invitation).
func (c *components) adminInvitation(ctx context.Context, base string) (accounts.Invitation, string, error) {
	_, _, err := c.db.PasswordOf(ctx, adminID)
	if err == nil {
		return accounts.Invitation{}, "", nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return accounts.Invitation{}, "", err
	}
	inv, err := c.passwordAccounts().Invite(ctx, adminID, audit.System)
	if err != nil {
		return accounts.Invitation{}, "", err
	}
	return inv, inv.URL(strings.TrimRight(base, "/")), nil
}
