package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Passwords are stored as argon2id hashes in the usual encoded form,
// $argon2id$v=19$m=…,t=…,p=…$salt$key, so the salt and the parameters
// travel with the hash and stronger parameters later need no migration:
// a hash is checked with the parameters it was made with.
//
// The parameters are OWASP's first recommendation for argon2id (19 MiB,
// two passes, one lane): about 30 ms a check on a small server, so signing
// in costs little and guessing offline costs a lot.
type argonParams struct {
	memoryKiB uint32
	passes    uint32
	lanes     uint8
}

var currentParams = argonParams{memoryKiB: 19 * 1024, passes: 2, lanes: 1}

const (
	saltBytes = 16
	keyBytes  = 32
)

// hashPassword returns the encoded argon2id hash of password with a fresh
// salt.
func hashPassword(password string) string {
	salt := make([]byte, saltBytes)
	rand.Read(salt)
	p := currentParams
	key := argon2.IDKey([]byte(password), salt, p.passes, p.memoryKiB, p.lanes, keyBytes)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memoryKiB, p.passes, p.lanes,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// errBadHash is a stored hash this package cannot read.
var errBadHash = errors.New("accounts: not an argon2id hash")

// maxMemoryKiB bounds the memory a stored hash may ask for (1 GiB): a
// damaged row must not make a sign-in allocate without limit.
const maxMemoryKiB = 1 << 20

// passwordMatches reports whether password is the one encoded was made
// from, comparing in constant time.
func passwordMatches(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var p argonParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memoryKiB, &p.passes, &p.lanes); err != nil ||
		p.memoryKiB == 0 || p.memoryKiB > maxMemoryKiB || p.passes == 0 || p.lanes == 0 {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, p.passes, p.memoryKiB, p.lanes, uint32(len(want))) // #nosec G115 -- a key length read from our own hash, at most a few dozen bytes
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// decoyHash is checked against when the person has no password (or does
// not exist), so that the answer takes as long as a real check and does not
// tell who has an account.
var decoyHash = hashPassword("closeout decoy: no password opens this account")
