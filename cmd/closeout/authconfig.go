package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/web/api"
)

// adminID is the person the bootstrap admin token belongs to.
const adminID = "admin"

// minAdminToken is the shortest CLOSEOUT_ADMIN_TOKEN accepted (SPEC section
// 15): it opens everything, for ever, so it must be as hard to guess as the
// tokens closeout makes itself (43 characters; dev mode uses one of those).
const minAdminToken = 32

// adminTokenLabel labels the bootstrap token in token lists.
const adminTokenLabel = "CLOSEOUT_ADMIN_TOKEN"

// checkAuth refuses, before anything starts, a CLOSEOUT_ADMIN_TOKEN shorter
// than minAdminToken, a trusted proxy that is not an address or CIDR, and
// single sign-on settings that cannot work (oidcconfig.go).
func (c config) checkAuth() error {
	if _, err := api.ParseClientIP(c.TrustedProxies, c.ClientIPHeader); err != nil {
		return err
	}
	if err := c.OIDC.check(); err != nil {
		return err
	}
	if c.AdminToken == "" {
		return nil
	}
	return checkAdminToken(c.AdminToken)
}

// ensureAdmin reads the authentication settings (checkAuth, again: dev mode
// fills in its own admin token after its first check) and installs the
// bootstrap admin token if there is one.
func (c *components) ensureAdmin(ctx context.Context, token string) error {
	ci, err := api.ParseClientIP(c.cfg.TrustedProxies, c.cfg.ClientIPHeader)
	if err != nil {
		return err
	}
	c.clientIP = ci
	if token == "" {
		return nil
	}
	if err := checkAdminToken(token); err != nil {
		return err
	}
	return c.bootstrapAdmin(ctx, token, time.Now())
}

// checkAdminToken refuses an admin token shorter than minAdminToken.
func checkAdminToken(token string) error {
	if n := len(token); n < minAdminToken {
		return fmt.Errorf("CLOSEOUT_ADMIN_TOKEN is %d characters long; it must be at least %d "+
			"(make one with: openssl rand -base64 32)", n, minAdminToken)
	}
	return nil
}

// bootstrapAdmin makes sure the admin person exists and token opens it, as
// a service token; a bootstrap token of an earlier value is revoked. Safe
// to run at every start of every API process.
func (c *components) bootstrapAdmin(ctx context.Context, token string, now time.Time) error {
	err := c.db.CreatePerson(ctx, store.Person{ID: adminID, Name: "Administrator", Roles: []string{store.RoleAdmin}, CreatedAt: now})
	if err != nil && !errors.Is(err, store.ErrExists) {
		return fmt.Errorf("create the admin: %w", err)
	}
	hash := auth.HashToken(token)
	revoked, err := c.db.SetBootstrapToken(ctx, adminID, hash, adminTokenLabel, now)
	if err != nil {
		return fmt.Errorf("install the admin token: %w", err)
	}
	if revoked > 0 {
		c.log.Warn("CLOSEOUT_ADMIN_TOKEN changed: the previous admin token is revoked", "revoked", revoked)
	}
	if gone, err := c.db.BootstrapTokenRevoked(ctx, hash); err != nil {
		return err
	} else if gone {
		c.log.Error("CLOSEOUT_ADMIN_TOKEN was revoked through the API and opens nothing; set a new value")
	}
	return nil
}

// authGuard is the process's limit on failed authentications, shared by the
// API and the dashboard, counting in the process's registry and recording
// in the audit log.
func (c *components) authGuard() *auth.Guard {
	if c.guard == nil {
		c.guard = auth.NewGuard(nil, metrics.NewAuth(c.registry), c.db)
	}
	return c.guard
}
