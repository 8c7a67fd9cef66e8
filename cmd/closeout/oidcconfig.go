package main

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/web/dashboard"
)

// oidcConfig is single sign-on with an OpenID Connect provider (SPEC
// section 16): CLOSEOUT_OIDC_ISSUER turns it on.
type oidcConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// Claim names the person: email (the default) maps by email, any
	// other claim by the person's oidc_subject.
	Claim string
	// AutoCreate is "member" to create a member for someone unknown.
	AutoCreate string
}

func loadOIDCConfig() oidcConfig {
	return oidcConfig{
		Issuer:       env("CLOSEOUT_OIDC_ISSUER", ""),
		ClientID:     env("CLOSEOUT_OIDC_CLIENT_ID", ""),
		ClientSecret: env("CLOSEOUT_OIDC_CLIENT_SECRET", ""),
		Claim:        env("CLOSEOUT_OIDC_CLAIM", accounts.ClaimEmail),
		AutoCreate:   env("CLOSEOUT_OIDC_AUTOCREATE", ""),
	}
}

// check refuses settings that cannot work, before anything starts.
func (o oidcConfig) check() error {
	if o.Issuer == "" {
		if o.ClientID != "" || o.ClientSecret != "" {
			return errors.New("CLOSEOUT_OIDC_CLIENT_ID or _SECRET is set without CLOSEOUT_OIDC_ISSUER")
		}
		return nil
	}
	if u, err := url.Parse(o.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("CLOSEOUT_OIDC_ISSUER %q is not an http(s) URL", o.Issuer)
	}
	if o.ClientID == "" {
		return errors.New("CLOSEOUT_OIDC_ISSUER is set: CLOSEOUT_OIDC_CLIENT_ID is needed too")
	}
	if o.AutoCreate != "" && o.AutoCreate != accounts.AutoCreateMember {
		return fmt.Errorf("CLOSEOUT_OIDC_AUTOCREATE is %q: leave it unset, or set it to %s", o.AutoCreate, accounts.AutoCreateMember)
	}
	return nil
}

// oidcOptions are the dashboard's single sign-on, nil when it is off. The
// provider sends browsers back to CLOSEOUT_BASE_URL/auth/oidc/callback (the
// redirect URI to register with it); without a base URL, to the host each
// request came to.
func (c *components) oidcOptions() *dashboard.OIDCOptions {
	o := c.cfg.OIDC
	if o.Issuer == "" {
		return nil
	}
	redirect := ""
	if c.cfg.BaseURL != "" {
		redirect = strings.TrimSuffix(c.cfg.BaseURL, "/") + "/auth/oidc/callback"
	}
	return &dashboard.OIDCOptions{Issuer: o.Issuer, ClientID: o.ClientID, ClientSecret: o.ClientSecret, RedirectURL: redirect,
		SignOn: &accounts.SignOn{Store: c.db, Claim: o.Claim, AutoCreate: o.AutoCreate}, Audit: c.db}
}
