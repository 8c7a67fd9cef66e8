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
