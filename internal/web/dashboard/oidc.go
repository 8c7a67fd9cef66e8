package dashboard

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/store"
)

// Single sign-on (SPEC section 16): the sign-in page offers the
// organisation's OpenID Connect provider. /auth/oidc/start sends the
// browser there with the authorisation code flow, PKCE (S256), a state and
// a nonce, all three kept in a short-lived HttpOnly cookie of this browser;
// /auth/oidc/callback checks the state, exchanges the code with the
// verifier, verifies the ID token (signature by the provider's published
// keys, issuer, audience, expiry) and its nonce, maps its claim to a person
// (accounts.SignOn) and opens a session as the token sign-in does.

// OIDCOptions configure single sign-on; nil Options.OIDC offers none.
type OIDCOptions struct {
	// Issuer is the provider's issuer URL; its discovery document is read
	// at the first sign-in (and again after a failure), not at start, so a
	// provider that is down does not keep the dashboard from starting.
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is this dashboard's /auth/oidc/callback as the provider
	// knows it; "" derives it from each request's host.
	RedirectURL string
	// SignOn maps the token's claim to a person.
	SignOn *accounts.SignOn
	// Audit records refused sign-ons (*store.DB).
	Audit interface {
		RecordAudit(ctx context.Context, e audit.Entry) error
	}
	// HTTPClient reaches the provider; nil is one with a 10 s timeout.
	HTTPClient *http.Client
}

// oidcCookie holds one sign-on's state, nonce, PKCE verifier and where to
// go afterwards, for oidcFlowTime: the callback must come from the browser
// that started it.
const (
	oidcCookie   = "closeout_oidc"
	oidcFlowTime = 10 * time.Minute
)

// oidcFlow is what the cookie carries.
type oidcFlow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x"`
}

// singleSignOn is the dashboard's OIDC client.
type singleSignOn struct {
	o OIDCOptions

	mu       sync.Mutex
	provider *oidc.Provider
}

func newSingleSignOn(o *OIDCOptions) *singleSignOn {
	if o == nil || o.Issuer == "" {
		return nil
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	return &singleSignOn{o: *o}
}

// clientContext carries the HTTP client go-oidc and oauth2 reach the
// provider with.
func (s *singleSignOn) clientContext(ctx context.Context) context.Context {
	ctx = oidc.ClientContext(ctx, s.o.HTTPClient)
	return context.WithValue(ctx, oauth2.HTTPClient, s.o.HTTPClient)
}

// discover reads the provider's discovery document once it answers (the
// provider keeps only the HTTP client, not the request's context, to fetch
// its keys later).
func (s *singleSignOn) discover(ctx context.Context) (*oidc.Provider, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.provider != nil {
		return s.provider, nil
	}
	p, err := oidc.NewProvider(s.clientContext(ctx), s.o.Issuer)
	if err != nil {
		return nil, err
	}
	s.provider = p
	return p, nil
}

func (s *singleSignOn) config(c *gin.Context, p *oidc.Provider) *oauth2.Config {
	redirect := s.o.RedirectURL
	if redirect == "" {
		scheme := "http"
		if isHTTPS(c.Request) {
			scheme = "https"
		}
		redirect = scheme + "://" + c.Request.Host + "/auth/oidc/callback"
	}
	return &oauth2.Config{ClientID: s.o.ClientID, ClientSecret: s.o.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: redirect, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// oidcStart sends the browser to the provider.
func (d *Dashboard) oidcStart(c *gin.Context) {
	p, err := d.sso.discover(c.Request.Context())
	if err != nil {
		d.log.ErrorContext(c.Request.Context(), "read the single sign-on provider's discovery document", "issuer", d.sso.o.Issuer, "error", err)
		d.renderSignIn(c, http.StatusBadGateway, "signin.oidc_unavailable")
		return
	}
	flow := oidcFlow{State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(), Next: localPath(c.Query("next"))}
	raw, err := json.Marshal(flow)
	if err != nil {
		d.fail(c, err)
		return
	}
	d.setCookie(c, oidcCookie, base64.RawURLEncoding.EncodeToString(raw), int(oidcFlowTime.Seconds()), http.SameSiteLaxMode)
	c.Redirect(http.StatusFound, d.sso.config(c, p).AuthCodeURL(flow.State, oidc.Nonce(flow.Nonce), oauth2.S256ChallengeOption(flow.Verifier)))
}

// readFlow reads and clears this browser's flow: each is used once.
func (d *Dashboard) readFlow(c *gin.Context) (oidcFlow, bool) {
	var flow oidcFlow
	v, err := c.Cookie(oidcCookie)
	if err != nil || v == "" {
		return flow, false
	}
	d.setCookie(c, oidcCookie, "", -1, http.SameSiteLaxMode)
	raw, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || json.Unmarshal(raw, &flow) != nil || flow.State == "" || flow.Nonce == "" || flow.Verifier == "" {
		return oidcFlow{}, false
	}
	return flow, true
}

// oidcCallback finishes the flow the provider sends the browser back with.
func (d *Dashboard) oidcCallback(c *gin.Context) {
	ctx := c.Request.Context()
	flow, ok := d.readFlow(c)
	if !ok || subtle.ConstantTimeCompare([]byte(flow.State), []byte(c.Query("state"))) != 1 {
		d.refuseSignOn(c, http.StatusForbidden, "signin.oidc_failed", "state", nil)
		return
	}
	if e := c.Query("error"); e != "" {
		d.refuseSignOn(c, http.StatusUnauthorized, "signin.oidc_failed", "provider: "+e, nil)
		return
	}
	p, err := d.sso.discover(ctx)
	if err != nil {
		d.log.ErrorContext(ctx, "read the single sign-on provider's discovery document", "issuer", d.sso.o.Issuer, "error", err)
		d.renderSignIn(c, http.StatusBadGateway, "signin.oidc_unavailable")
		return
	}
	token, err := d.sso.config(c, p).Exchange(d.sso.clientContext(ctx), c.Query("code"), oauth2.VerifierOption(flow.Verifier))
	if err != nil {
		d.refuseSignOn(c, http.StatusUnauthorized, "signin.oidc_failed", "code exchange", err)
		return
	}
	raw, _ := token.Extra("id_token").(string)
	if raw == "" {
		d.refuseSignOn(c, http.StatusUnauthorized, "signin.oidc_failed", "no id_token", nil)
		return
	}
	idToken, err := p.Verifier(&oidc.Config{ClientID: d.sso.o.ClientID}).Verify(d.sso.clientContext(ctx), raw)
	if err != nil {
		d.refuseSignOn(c, http.StatusUnauthorized, "signin.oidc_failed", "id_token", err)
		return
	}
	if subtle.ConstantTimeCompare([]byte(idToken.Nonce), []byte(flow.Nonce)) != 1 {
		d.refuseSignOn(c, http.StatusUnauthorized, "signin.oidc_failed", "nonce", nil)
		return
	}
	var claims accounts.Claims
	if err := idToken.Claims(&claims); err != nil {
		d.refuseSignOn(c, http.StatusUnauthorized, "signin.oidc_failed", "claims", err)
		return
	}
	person, err := d.sso.o.SignOn.Person(ctx, claims)
	switch {
	case errors.Is(err, accounts.ErrUnknown), errors.Is(err, accounts.ErrNoClaim), errors.Is(err, accounts.ErrUnverified):
		d.refuseSignOn(c, http.StatusForbidden, "signin.oidc_unknown", err.Error(), nil)
		return
	case errors.Is(err, accounts.ErrDeactivated):
		d.refuseSignOn(c, http.StatusForbidden, "signin.oidc_deactivated", err.Error(), nil)
		return
	case errors.Is(err, store.ErrAmbiguous):
		d.refuseSignOn(c, http.StatusForbidden, "signin.oidc_ambiguous", err.Error(), nil)
		return
	case err != nil:
		d.fail(c, err)
		return
	}
	d.openSSOSession(c, person, map[string]any{"channel": metrics.ChannelDashboard, "method": "oidc",
		"issuer": d.sso.o.Issuer, "client": c.ClientIP()}, flow.Next)
}

// refuseSignOn shows the sign-in page with the refusal and writes it in
// the audit log; why says which check failed (never a token), err is
// logged.
func (d *Dashboard) refuseSignOn(c *gin.Context, status int, message, why string, err error) {
	ctx, now := c.Request.Context(), d.now()
	if err != nil {
		d.log.WarnContext(ctx, "single sign-on refused", "check", why, "error", err)
	}
	if rec := d.sso.o.Audit; rec != nil {
		if err := rec.RecordAudit(context.WithoutCancel(ctx), audit.Entry{At: now, Actor: auth.Anonymous,
			Action: audit.SessionSignInFailed, Target: "client:" + c.ClientIP(),
			Detail: map[string]any{"channel": metrics.ChannelDashboard, "method": "oidc", "reason": strings.TrimSpace(why)}}); err != nil {
			d.log.ErrorContext(ctx, "record a refused single sign-on", "error", err)
		}
	}
	d.renderSignIn(c, status, message)
}

// openSSOSession opens a session of this browser for p, as the token
// sign-in does (session.go) but with no token behind it: it ends after
// auth.SessionMax, or auth.SessionIdle unused, or when p is deactivated.
// The store writes the sign-in's audit entry with detail. Then the browser
// goes to next.
func (d *Dashboard) openSSOSession(c *gin.Context, p store.Person, detail map[string]any, next string) {
	now := d.now()
	ends := now.Add(auth.SessionMax)
	id := auth.NewSessionID()
	if err := d.store.OpenSession(c.Request.Context(), auth.HashToken(id), store.Session{
		PersonID: p.ID, CreatedAt: now, ExpiresAt: ends,
	}, detail); err != nil {
		d.fail(c, err)
		return
	}
	d.setCookie(c, sessionCookie, id, int(ends.Sub(now).Seconds()), http.SameSiteLaxMode)
	c.Redirect(http.StatusSeeOther, localPath(next))
}
