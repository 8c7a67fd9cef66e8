// Package auth holds how closeout's bearer tokens are made and stored. The
// API and the dashboard (whose session cookie carries a token) share it.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// NewToken returns a fresh random token; only its hash is ever stored.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "co_" + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how tokens are stored and looked up. Tokens carry 256 random
// bits, so a plain SHA-256 is enough: there is nothing to brute-force.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Token lifetimes (SPEC section 15): a token lives DefaultTokenDays unless
// its issuer asks for fewer or more days, never more than MaxTokenDays; only
// a service token (issued by an admin) does not expire.
const (
	DefaultTokenDays = 90
	MaxTokenDays     = 365
	// MaxTokenLabel is the longest label a token takes, in characters.
	MaxTokenLabel = 100
)

// NewTokenID names a token in lists, revocations and the audit log; it
// opens nothing.
func NewTokenID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return "tok_" + hex.EncodeToString(b)
}
