package dashboard

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"

	"github.com/gin-gonic/gin"
)

// CSRF tokens are an HMAC of a purpose, keyed by a secret only this browser
// and the server hold: the session id (an HttpOnly cookie) once signed in,
// the sign-in nonce before. Another site can make the browser post a form
// but cannot read the cookie, so it cannot compute the field; and since the
// key is the session itself, every api replica checks it alike and nothing is
// stored.
const (
	csrfField   = "csrf"
	csrfSession = "closeout dashboard form"
	csrfSignIn  = "closeout dashboard sign-in"
)

func csrfToken(secret, purpose string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(purpose))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func validCSRF(secret, purpose, got string) bool {
	if secret == "" || got == "" {
		return false
	}
	return hmac.Equal([]byte(csrfToken(secret, purpose)), []byte(got))
}

// sessionCSRF is the token the signed-in person's forms carry.
func sessionCSRF(c *gin.Context) string {
	return csrfToken(c.GetString(sessionKey), csrfSession)
}

// checkCSRF refuses, before anything else happens, every state-changing
// request of a session whose form lacks the session's CSRF token.
func (d *Dashboard) checkCSRF(c *gin.Context) {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return
	}
	if !validCSRF(c.GetString(sessionKey), csrfSession, c.PostForm(csrfField)) {
		d.errorPage(c, http.StatusForbidden, "error.csrf")
	}
}
