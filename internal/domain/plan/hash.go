package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Canonical returns the plan as JSON with every default filled in. It is a
// valid plan: parsing it gives the same Plan (keep it to rebuild a Plan
// later, e.g. to add a task to a stored campaign).
func (p *Plan) Canonical() ([]byte, error) {
	return json.Marshal(p)
}

// Hash identifies what a plan means, so a re-import can be told apart from
// a changed plan: the SHA-256 of its canonical form, leaving out a start
// that was only defaulted to the import time. Two plans differing only in
// formatting, key order, format (YAML or JSON) or spelled-out defaults have
// the same hash.
func (p *Plan) Hash() string {
	c := *p
	if c.StartDefaulted {
		c.Start = Moment{}
	}
	// Every field of a Plan marshals without error (strings, bools,
	// numbers and types with infallible marshalers).
	b, _ := json.Marshal(&c)
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
