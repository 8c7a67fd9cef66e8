package main

import (
	"testing"
	"time"
)

func TestParseReadTimeout(t *testing.T) {
	for v, want := range map[string]time.Duration{"": defaultReadTimeout, "90s": 90 * time.Second, " 5m ": 5 * time.Minute} {
		if got, err := parseReadTimeout(v); err != nil || got != want {
			t.Errorf("parseReadTimeout(%q) = %v, %v; want %v", v, got, err, want)
		}
	}
	for _, v := range []string{"0", "500ms", "2h", "soon"} {
		if _, err := parseReadTimeout(v); err == nil {
			t.Errorf("parseReadTimeout(%q) took it", v)
		}
	}
}

// Every timeout is set, and the write deadline (which Go starts when the
// headers are read) outlasts the body's arrival by the time an answer may
// take.
func TestHTTPServerTimeouts(t *testing.T) {
	for _, read := range []time.Duration{3 * time.Second, defaultReadTimeout} {
		srv := newHTTPServer(nil, read)
		if srv.ReadHeaderTimeout <= 0 || srv.ReadHeaderTimeout > read || srv.ReadTimeout != read || srv.IdleTimeout <= 0 {
			t.Errorf("read %v: header %v, read %v, idle %v", read, srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout)
		}
		if srv.WriteTimeout != read+answerTime {
			t.Errorf("read %v: write timeout %v, want %v", read, srv.WriteTimeout, read+answerTime)
		}
	}
}
