package dashboard

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/auth"
	"github.com/closeout/closeout/store"
)

// The session cookie carries the person's API token itself. It is HttpOnly
// (no script can read it) and SameSite=Lax (other sites' forms do not send
// it), so it is as safe as a signed session id, and it needs nothing a signed
// session would: no server secret to configure and share between api
// replicas, no session table, and it survives restarts. The server keeps
// nothing but the token's hash, and a revoked token stops working at once.
// Signing out revokes the token (signOut): a copy of the cookie, or the
// token noted elsewhere, opens nothing afterwards, here or through the API.
const (
	sessionCookie = "closeout_session"
	// signInCookie holds a random nonce between the sign-in form and its post,
	// so another site cannot sign a browser in under its own token.
	signInCookie = "closeout_signin"
	sessionAge   = 12 * 3600 // seconds: a working day, then sign in again

	personKey = "closeout.dashboard.person"
	tokenKey  = "closeout.dashboard.token"
)

// isHTTPS reports whether the browser reached us over TLS, directly or
// through a proxy that says so; cookies are then marked Secure.
func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func setCookie(c *gin.Context, name, value string, maxAge int, sameSite http.SameSite) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: sameSite, Secure: isHTTPS(c.Request),
	})
}

// requireSession resolves the session cookie to a person; without one, a
// browser is sent to the sign-in page and comes back afterwards.
func (d *Dashboard) requireSession(c *gin.Context) {
	token, err := c.Cookie(sessionCookie)
	if err == nil && token != "" {
		p, err := d.store.PersonByTokenHash(c.Request.Context(), auth.HashToken(token))
		switch {
		case err == nil:
			c.Set(personKey, p)
			c.Set(tokenKey, token)
			return
		case !errors.Is(err, store.ErrNotFound):
			d.fail(c, err)
			return
		}
		setCookie(c, sessionCookie, "", -1, http.SameSiteLaxMode) // a token that no longer exists
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
}

func (d *Dashboard) signInForm(c *gin.Context) {
	d.renderSignIn(c, http.StatusOK, "")
}

// renderSignIn shows the form with a fresh nonce, so each form can be posted
// once from this browser only.
func (d *Dashboard) renderSignIn(c *gin.Context, status int, problem string) {
	nonce := randomString()
	setCookie(c, signInCookie, nonce, 3600, http.SameSiteStrictMode)
	p := d.basePage(c, "signin.title")
	p.CSRF = csrfToken(nonce, csrfSignIn)
	if problem != "" {
		p.Error = p.L.T(problem)
	}
	d.render(c, status, "signin", signInPage{page: p, Next: localPath(c.Query("next"))})
}

// signIn checks the token and starts the session.
func (d *Dashboard) signIn(c *gin.Context) {
	nonce, err := c.Cookie(signInCookie)
	if err != nil || !validCSRF(nonce, csrfSignIn, c.PostForm(csrfField)) {
		d.errorPage(c, http.StatusForbidden, "error.csrf")
		return
	}
	token := strings.TrimSpace(c.PostForm("token"))
	if token == "" {
		d.renderSignIn(c, http.StatusUnprocessableEntity, "signin.empty")
		return
	}
	if _, err := d.store.PersonByTokenHash(c.Request.Context(), auth.HashToken(token)); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			d.renderSignIn(c, http.StatusUnauthorized, "signin.unknown")
			return
		}
		d.fail(c, err)
		return
	}
	setCookie(c, signInCookie, "", -1, http.SameSiteStrictMode)
	setCookie(c, sessionCookie, token, sessionAge, http.SameSiteLaxMode)
	c.Redirect(http.StatusSeeOther, localPath(c.PostForm("next")))
}

// signOut ends the session and revokes its token in the store, so that
// the token no longer works anywhere: a session is only as over as its
// token is. The post carries the session's CSRF token (checkCSRF), so no
// other site can revoke someone's token by making their browser sign out.
func (d *Dashboard) signOut(c *gin.Context) {
	if err := d.store.RevokeToken(c.Request.Context(), auth.HashToken(c.GetString(tokenKey))); err != nil {
		d.fail(c, err)
		return
	}
	setCookie(c, sessionCookie, "", -1, http.SameSiteLaxMode)
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
