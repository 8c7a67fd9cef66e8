package dashboard

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/store"
)

// The session cookie carries a random session id, not an API token: the
// server keeps the id's hash with the person, when the session began and
// when it was last seen (store.Session). It is HttpOnly (no script can read
// it) and SameSite=Lax (other sites' forms do not send it). Signing out ends
// the session on the server, so a copy of the cookie opens nothing
// afterwards; the token the person signed in with keeps working for the API
// (SPEC section 15). A session ends after auth.SessionIdle without use or
// auth.SessionMax, never later than its token, and with its token when that
// is revoked.
const (
	sessionCookie = auth.SessionCookie
	// signInCookie holds a random nonce between the sign-in form and its post,
	// so another site cannot sign a browser in under its own token.
	signInCookie = "closeout_signin"

	personKey = "closeout.dashboard.person"
	// sessionKey holds the session id of the request: the key of its CSRF
	// tokens (csrf.go).
	sessionKey = "closeout.dashboard.session"
)

// isHTTPS reports whether the browser reached us over TLS, directly or
// through a proxy that says so; cookies are then marked Secure. A forged
// X-Forwarded-Proto only makes the forger's own browser keep the cookie off
// plain http.
func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// setCookie sets one of the dashboard's cookies: HttpOnly, with sameSite,
// and Secure when the dashboard is served over https (Options.SecureCookies)
// or this request came over TLS. Dev mode on http://127.0.0.1 gets cookies
// without Secure, which a browser would not send back over plain http.
func (d *Dashboard) setCookie(c *gin.Context, name, value string, maxAge int, sameSite http.SameSite) {
	// #nosec G124 -- HttpOnly and SameSite are always set; Secure whenever the browser reaches us over https (above)
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: sameSite, Secure: d.secure || isHTTPS(c.Request),
	})
}

// requireSession resolves the session cookie to a person; without one, a
// browser is sent to the sign-in page and comes back afterwards.
func (d *Dashboard) requireSession(c *gin.Context) {
	id, err := c.Cookie(sessionCookie)
	if err == nil && id != "" {
		p, err := d.store.PersonBySession(c.Request.Context(), auth.HashToken(id), d.now(), auth.SessionIdle)
		switch {
		case err == nil:
			c.Set(personKey, p)
			c.Set(sessionKey, id)
			c.Request = c.Request.WithContext(audit.WithActor(c.Request.Context(), p.ID))
			return
		case !errors.Is(err, store.ErrNotFound):
			d.fail(c, err)
			return
		}
		d.setCookie(c, sessionCookie, "", -1, http.SameSiteLaxMode) // a session that has ended
	}
	next := c.Request.URL.RequestURI()
	if c.Request.Method != http.MethodGet {
		next = "/"
	}
	c.Redirect(http.StatusSeeOther, "/signin?next="+url.QueryEscape(next))
	c.Abort()
}

// me is the signed-in person.
func me(c *gin.Context) store.Person {
	p, _ := c.Get(personKey)
	return p.(store.Person)
}

// signInPage is the data of the sign-in form.
type signInPage struct {
	page
	Next string
	// OIDC offers the organisation's single sign-on (oidc.go).
	OIDC bool
}

func (d *Dashboard) signInForm(c *gin.Context) {
	d.renderSignIn(c, http.StatusOK, "")
}

// renderSignIn shows the form with a fresh nonce, so each form can be posted
// once from this browser only.
func (d *Dashboard) renderSignIn(c *gin.Context, status int, problem string) {
	nonce := randomString()
	d.setCookie(c, signInCookie, nonce, 3600, http.SameSiteStrictMode)
	p := d.basePage(c, "signin.title")
	p.CSRF = csrfToken(nonce, csrfSignIn)
	if problem != "" {
		p.Error = p.L.T(problem)
	}
	d.render(c, status, "signin", signInPage{page: p, Next: localPath(c.Query("next")), OIDC: d.sso != nil})
}

// signIn checks the token and opens a session of its own for this browser.
func (d *Dashboard) signIn(c *gin.Context) {
	nonce, err := c.Cookie(signInCookie)
	if err != nil || !validCSRF(nonce, csrfSignIn, c.PostForm(csrfField)) {
		d.errorPage(c, http.StatusForbidden, "error.csrf")
		return
	}
	ctx, now, addr := c.Request.Context(), d.now(), c.ClientIP()
	if wait, refused := d.guard.Refused(metrics.ChannelDashboard, addr, now); refused {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())))
		d.renderSignIn(c, http.StatusTooManyRequests, "signin.limited")
		return
	}
	token := strings.TrimSpace(c.PostForm("token"))
	if token == "" {
		d.renderSignIn(c, http.StatusUnprocessableEntity, "signin.empty")
		return
	}
	p, use, err := d.store.PersonByToken(ctx, auth.HashToken(token), now)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			if err := d.guard.Failed(ctx, metrics.ChannelDashboard, addr, now); err != nil {
				d.log.ErrorContext(ctx, "record a failed sign-in", "error", err)
			}
			d.renderSignIn(c, http.StatusUnauthorized, "signin.unknown")
			return
		}
		d.fail(c, err)
		return
	}
	ends := now.Add(auth.SessionMax)
	if use.ExpiresAt != nil && use.ExpiresAt.Before(ends) {
		ends = *use.ExpiresAt
	}
	id := auth.NewSessionID()
	if err := d.store.OpenSession(ctx, auth.HashToken(id), store.Session{
		PersonID: p.ID, TokenID: use.TokenID, CreatedAt: now, ExpiresAt: ends,
	}, map[string]any{"channel": metrics.ChannelDashboard, "token_id": use.TokenID, "client": addr}); err != nil {
		d.fail(c, err)
		return
	}
	d.setCookie(c, signInCookie, "", -1, http.SameSiteStrictMode)
	d.setCookie(c, sessionCookie, id, int(ends.Sub(now).Seconds()), http.SameSiteLaxMode)
	c.Redirect(http.StatusSeeOther, localPath(c.PostForm("next")))
}

// signOut ends this browser's session on the server, so the cookie (or a
// copy of it) opens nothing afterwards. The token it was opened with keeps
// working for the API and other sessions. The post carries the session's
// CSRF token (checkCSRF), so no other site can sign someone out.
func (d *Dashboard) signOut(c *gin.Context) {
	if err := d.store.EndSession(c.Request.Context(), me(c).ID, auth.HashToken(c.GetString(sessionKey)), d.now()); err != nil {
		d.fail(c, err)
		return
	}
	d.setCookie(c, sessionCookie, "", -1, http.SameSiteLaxMode)
	c.Redirect(http.StatusSeeOther, "/signin")
}

// localPath keeps a redirect target on this site: a path, not "//host" or a
// URL, else "/".
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	if u, err := url.Parse(p); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return p
}

func randomString() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
