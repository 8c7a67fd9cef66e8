package auth

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Failed authentication is limited per client address (SPEC section 15):
// after FailuresPerMinute failures in a minute, every attempt from that
// address is refused until the budget refills. Each address has a token
// bucket (golang.org/x/time/rate) of FailuresPerMinute, refilled at that
// rate: a failure takes one; an empty bucket refuses. The bucket is read
// before the credential is checked, so while an address is refused a good
// token and a bad one get the same answer, and guessing learns nothing.

// FailuresPerMinute is each address's budget of failed attempts a minute.
const FailuresPerMinute = 20

// forgetAfter is how long an address's bucket is kept after its last
// failure: by then it has refilled and is the same as a new one.
const forgetAfter = time.Minute

// FailureLimiter counts failed authentications per client address. One
// serves the whole process (API and dashboard share it); its zero value is
// not ready, use NewFailureLimiter. Its memory is bounded by the addresses
// that failed in the last minute: the others are swept.
type FailureLimiter struct {
	mu        sync.Mutex
	every     rate.Limit
	burst     int
	addrs     map[string]*addrBucket
	lastSweep time.Time
}

type addrBucket struct {
	bucket *rate.Limiter
	last   time.Time
}

// NewFailureLimiter limits each address to perMinute failures a minute.
func NewFailureLimiter(perMinute int) *FailureLimiter {
	return &FailureLimiter{
		every: rate.Limit(float64(perMinute) / 60),
		burst: perMinute,
		addrs: map[string]*addrBucket{},
	}
}

// Blocked reports whether addr is refused at now, and if so how long until
// its next attempt is taken, in whole seconds (Retry-After's unit), at
// least one.
func (l *FailureLimiter) Blocked(addr string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.addrs[addr]
	if !ok {
		return 0, false
	}
	tokens := b.bucket.TokensAt(now)
	if tokens >= 1 {
		return 0, false
	}
	secs := math.Ceil((1 - tokens) / float64(l.every))
	return time.Duration(max(secs, 1)) * time.Second, true
}

// Fail counts one failed authentication from addr at now.
func (l *FailureLimiter) Fail(addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b, ok := l.addrs[addr]
	if !ok {
		b = &addrBucket{bucket: rate.NewLimiter(l.every, l.burst)}
		l.addrs[addr] = b
	}
	b.bucket.AllowN(now, 1)
	b.last = now
}

// sweep forgets, at most once a forgetAfter, the addresses whose buckets
// have refilled.
func (l *FailureLimiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < forgetAfter {
		return
	}
	l.lastSweep = now
	for addr, b := range l.addrs {
		if now.Sub(b.last) >= forgetAfter {
			delete(l.addrs, addr)
		}
	}
}
