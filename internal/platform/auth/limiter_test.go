package auth

import (
	"fmt"
	"testing"
	"time"
)

// Twenty failures in a minute are taken; the twenty-first attempt is
// refused, for as long as the bucket takes to refill one (three seconds at
// twenty a minute), and only for that address.
func TestFailureLimiter(t *testing.T) {
	l := NewFailureLimiter(FailuresPerMinute)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range FailuresPerMinute {
		if _, blocked := l.Blocked("10.0.0.1", t0); blocked {
			t.Fatalf("refused after %d failures, want %d taken", i, FailuresPerMinute)
		}
		l.Fail("10.0.0.1", t0)
	}
	wait, blocked := l.Blocked("10.0.0.1", t0)
	if !blocked || wait != 3*time.Second {
		t.Fatalf("after %d failures: blocked %v for %s, want blocked for 3s", FailuresPerMinute, blocked, wait)
	}
	if _, blocked := l.Blocked("10.0.0.2", t0); blocked {
		t.Fatal("another address is refused")
	}
	if _, blocked := l.Blocked("10.0.0.1", t0.Add(wait)); blocked {
		t.Fatalf("still refused after Retry-After (%s)", wait)
	}
	// A minute on, a failure elsewhere sweeps the refilled bucket away.
	l.Fail("10.0.0.2", t0.Add(forgetAfter))
	if _, kept := l.addrs["10.0.0.1"]; kept {
		t.Fatal("the bucket of an address that last failed a minute ago is kept")
	}
}

// The addresses of one IPv6 /64 share one budget; IPv4 addresses do not.
func TestGuardLimitsIPv6ByPrefix(t *testing.T) {
	g := NewGuard(nil, nil, nil)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range FailuresPerMinute {
		for _, addr := range []string{fmt.Sprintf("2001:db8:1:2::%x", i+1), fmt.Sprintf("192.0.2.%d", i+1)} {
			if err := g.Failed(t.Context(), "api", addr, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, refused := g.Refused("api", "2001:db8:1:2:ffff::1", t0); !refused {
		t.Error("a new address in a /64 that failed twenty times is taken")
	}
	if _, refused := g.Refused("api", "2001:db8:1:3::1", t0); refused {
		t.Error("another /64 is refused")
	}
	if _, refused := g.Refused("api", "192.0.2.100", t0); refused {
		t.Error("an IPv4 address is refused for its neighbours' failures")
	}
}
