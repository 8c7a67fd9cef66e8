package task

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
)

// The task log's chain hash lets reconciliation check every stored event
// against the workflow without the workflow keeping its events: each event's
// hash covers the previous one, so the hash of the last committed event
// vouches for the whole log up to it.
//
// The hash is over the event as the projection stores it (the instant in
// milliseconds, the data as JSON decoded and encoded again), so the store can
// recompute it from its own rows.

// ChainHash is the log hash after event e, given the hash before it.
func ChainHash(prev string, e Event) string {
	h := sha256.New()
	h.Write([]byte(prev))
	for _, part := range []string{
		strconv.FormatInt(e.Seq, 10), strconv.FormatInt(e.At.UnixMilli(), 10), e.Actor, e.Type, CanonicalData(e.Data),
	} {
		h.Write([]byte{0})
		h.Write([]byte(part))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// CanonicalData is an event's data as JSON in the form a JSON round trip
// gives it (numbers as JSON numbers, keys sorted), whichever side computes it.
func CanonicalData(data map[string]any) string {
	if len(data) == 0 {
		return "{}"
	}
	b, err := json.Marshal(data)
	if err != nil {
		return "!" + err.Error()
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		return "!" + err.Error()
	}
	b, _ = json.Marshal(back) // decoded JSON always encodes
	return string(b)
}
