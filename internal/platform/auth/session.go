package auth

import (
	"crypto/rand"
	"encoding/base64"
	"time"
)

// A browser's session (SPEC section 16) ends after SessionIdle without use
// or SessionMax after it began, whichever comes first, and never after the
// token it was opened with expires.
const (
	SessionIdle = 8 * time.Hour
	SessionMax  = 7 * 24 * time.Hour
)

// SessionCookie is the name of the cookie a browser's session id travels
// in: the dashboard reads it, and the API's password sign-in sets it.
const SessionCookie = "closeout_session"

// NewSessionID returns a fresh random session id for a cookie; like a
// token, only its hash (HashToken) is stored.
func NewSessionID() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "cs_" + base64.RawURLEncoding.EncodeToString(b)
}
