package auth

import (
	"context"
	"net/netip"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
)

// Guard is what every channel that checks a credential (the API's bearer
// tokens, the dashboard's sign-in) does around the check, so both follow
// one rule: an address that failed too often is refused before its
// credential is looked at; a failure is counted, taken from the address's
// budget and written to the audit log, without the credential.
type Guard struct {
	limiter *FailureLimiter
	counter FailureCounter
	log     AuditRecorder
}

// FailureCounter counts failures and refusals (*metrics.Auth).
type FailureCounter interface {
	Failed(channel string)
	Limited(channel string)
}

// AuditRecorder writes an audit entry on its own (*store.DB).
type AuditRecorder interface {
	RecordAudit(ctx context.Context, e audit.Entry) error
}

// NewGuard builds a Guard; counter and log may be nil (tests).
func NewGuard(limiter *FailureLimiter, counter FailureCounter, log AuditRecorder) *Guard {
	if limiter == nil {
		limiter = NewFailureLimiter(FailuresPerMinute)
	}
	return &Guard{limiter: limiter, counter: counter, log: log}
}

// Anonymous is the actor of a failed authentication: nobody is known.
const Anonymous = "anonymous"

// Refused reports whether an attempt from addr is refused at now for too
// many failures, and for how long; a refusal is counted.
func (g *Guard) Refused(channel, addr string, now time.Time) (time.Duration, bool) {
	wait, refused := g.limiter.Blocked(limitKey(addr), now)
	if refused && g.counter != nil {
		g.counter.Limited(channel)
	}
	return wait, refused
}

// Failed records a failed authentication from addr through channel. The
// entry names the address and the channel, never what was sent. An error
// writing it is returned for the caller to log: the failure has been
// counted and the answer is the same.
func (g *Guard) Failed(ctx context.Context, channel, addr string, now time.Time) error {
	return g.FailedBecause(ctx, channel, addr, "unknown, expired or revoked token", now)
}

// FailedBecause is Failed with the reason the entry gives (a wrong
// password, an unknown invitation): what kind of check failed, never what
// was sent.
func (g *Guard) FailedBecause(ctx context.Context, channel, addr, reason string, now time.Time) error {
	g.limiter.Fail(limitKey(addr), now)
	if g.counter != nil {
		g.counter.Failed(channel)
	}
	if g.log == nil {
		return nil
	}
	return g.log.RecordAudit(context.WithoutCancel(ctx), audit.Entry{At: now, Actor: Anonymous,
		Action: audit.SessionSignInFailed, Target: "client:" + addr,
		Detail: map[string]any{"channel": channel, "reason": reason}})
}

// limitKey is the budget an address draws on: an IPv4 address its own, an
// IPv6 address its /64, since one host is commonly given a whole /64 and
// could otherwise try from a new address each time.
func limitKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil || !a.Is6() || a.Is4In6() {
		return addr
	}
	p, err := a.Prefix(64)
	if err != nil {
		return addr
	}
	return p.String()
}
