package integration

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/test/e2e"
)

// The token lifecycle of SPEC section 15, seen from outside: tokens are
// issued with an expiry, listed without the token, revoked; an expired or
// revoked token is refused within a second on a second process that shares
// the database; the admin token's rules hold at start-up; failed
// authentication is limited per address and recorded; the idempotency
// table never holds a token.

// startSecondAPI starts `closeout api` beside d: on d's database and d's
// embedded Temporal (two `closeout dev` cannot share one), with env added.
// It returns a dev whose calls go to the new process, once it listens.
func startSecondAPI(t *testing.T, d *dev, temporalAddr string, env ...string) *dev {
	t.Helper()
	dbURL, filesURL := d.dbURL, "postgres"
	if dbURL == "" {
		dbURL, filesURL = "sqlite:"+filepath.Join(d.dataDir, "closeout.db"), "file://"+filepath.Join(d.dataDir, "files")
	}
	cmd := exec.Command(binary, "api")
	cmd.Env = append(os.Environ(),
		"DATABASE_URL="+dbURL, "CLOSEOUT_FILES_URL="+filesURL, "TEMPORAL_ADDRESS="+temporalAddr, "TEMPORAL_NAMESPACE=default",
		"CLOSEOUT_HTTP_ADDR=127.0.0.1:0", "CLOSEOUT_METRICS_ADDR=127.0.0.1:0", "CLOSEOUT_LOG_LEVEL=info", "CLOSEOUT_ADMIN_TOKEN=")
	cmd.Env = append(cmd.Env, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	second := &dev{t: t, dataDir: d.dataDir, dbURL: d.dbURL, cmd: cmd, logs: logs, admin: d.admin, exited: make(chan struct{})}
	listening := regexp.MustCompile(`msg=listening address=(\S+)`)
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(io.TeeReader(stderr, logs))
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				ready <- "http://" + m[1]
			}
		}
	}()
	go func() {
		_ = cmd.Wait() // stopped at cleanup: its exit status is not news
		close(second.exited)
	}()
	select {
	case second.base = <-ready:
	case <-second.exited:
		t.Fatalf("closeout api exited before it listened:\n%s", logs.String())
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill() // the test fails either way; Fatalf tells why
		t.Fatalf("closeout api did not listen:\n%s", logs.String())
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM) // fails only if it has just exited, which <-second.exited tells
		select {
		case <-second.exited:
		case <-time.After(time.Minute):
			_ = cmd.Process.Kill() // hung on SIGTERM: it has to go
		}
	})
	return second
}

// newDevWithTemporal starts closeout dev with its embedded Temporal on a
// port the test knows, so that a second process can reach it.
func newDevWithTemporal(t *testing.T, kind string) (*dev, string) {
	t.Helper()
	port, err := e2e.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	dbURL := ""
	if kind == storetest.Postgres {
		dbURL = storetest.URL(t, kind)
	}
	return startDev(t, t.TempDir(), dbURL, "--temporal-port", fmt.Sprint(port)), fmt.Sprintf("127.0.0.1:%d", port)
}

// openProjection opens the database d writes, as the test's own reader.
func openProjection(t *testing.T, d *dev) (*sql.DB, *store.DB) {
	t.Helper()
	driver, dsn, url := "postgres", d.dbURL, d.dbURL
	if d.dbURL == "" {
		path := filepath.Join(d.dataDir, "closeout.db")
		driver, dsn, url = "sqlite", "file:"+path+"?_pragma=busy_timeout(10000)", "sqlite:"+path
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return raw, st
}

type issuedToken struct {
	Token     string     `json:"token"`
	TokenID   string     `json:"token_id"`
	ExpiresAt *time.Time `json:"expires_at"`
}

// within1s sends GET /api/v1/me with token to p until it is refused, and
// fails unless the refusal comes within a second of from.
func within1s(t *testing.T, p *dev, token string, from time.Time, what string) {
	t.Helper()
	for {
		r := p.call(token, "GET", "/api/v1/me", nil)
		if r.Status == 401 {
			if late := time.Since(from); late > time.Second {
				t.Fatalf("%s: refused on the second process %s after, want within 1s", what, late)
			}
			return
		}
		if r.Status != 200 || time.Since(from) > time.Second {
			t.Fatalf("%s: the second process still answers %d after %s, want 401 within 1s", what, r.Status, time.Since(from))
		}
	}
}

// A token revoked on one process, or expired, is refused by another
// process on the same database within a second; the list never shows a
// token.
func TestTokenRevocationAndExpiryOnASecondProcess(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d, temporalAddr := newDevWithTemporal(t, kind)
			second := startSecondAPI(t, d, temporalAddr)
			d.person("li")

			var tok issuedToken
			d.must(201, d.admin, "POST", "/api/v1/people/li/tokens", map[string]any{"label": "laptop", "expires_in_days": 30}, &tok)
			if tok.ExpiresAt == nil || time.Until(*tok.ExpiresAt) < 29*24*time.Hour {
				t.Fatalf("a 30-day token expires at %v", tok.ExpiresAt)
			}
			list := d.must(200, tok.Token, "GET", "/api/v1/people/li/tokens", nil, nil)
			if strings.Contains(string(list.Body), tok.Token) || !strings.Contains(string(list.Body), tok.TokenID) {
				t.Fatalf("li's token list shows the token, or not its id:\n%s", list.Body)
			}

			// Revoked on the first process, refused by the second.
			second.must(200, tok.Token, "GET", "/api/v1/me", nil, nil)
			revoked := time.Now()
			d.must(204, d.admin, "DELETE", "/api/v1/people/li/tokens/"+tok.TokenID, nil, nil)
			within1s(t, second, tok.Token, revoked, "a revoked token")

			// Expired: the token's expiry is brought to half a second from
			// now in the database (days are the API's unit); the second
			// process answers it until then, and refuses it within a second
			// after.
			var soon issuedToken
			d.must(201, d.admin, "POST", "/api/v1/people/li/tokens", map[string]any{"label": "short"}, &soon)
			raw, _ := openProjection(t, d)
			expires := time.Now().Add(500 * time.Millisecond)
			if _, err := raw.Exec(`UPDATE tokens SET expires_at = $1 WHERE token_id = $2`, expires.UnixMilli(), soon.TokenID); err != nil {
				t.Fatal(err)
			}
			for time.Now().Before(expires.Add(-100 * time.Millisecond)) {
				second.must(200, soon.Token, "GET", "/api/v1/me", nil, nil)
			}
			within1s(t, second, soon.Token, expires, "an expired token")
		})
	}
}

// Setting CLOSEOUT_ADMIN_TOKEN to another value (a second process started
// with a new one) revokes the previous admin token everywhere; a token
// shorter than 32 characters is refused at start-up.
func TestAdminTokenRotation(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d, temporalAddr := newDevWithTemporal(t, kind)
			d.must(200, d.admin, "GET", "/api/v1/me", nil, nil)
			rotated := auth.NewToken()
			second := startSecondAPI(t, d, temporalAddr, "CLOSEOUT_ADMIN_TOKEN="+rotated)
			second.must(200, rotated, "GET", "/api/v1/me", nil, nil)
			d.must(200, rotated, "GET", "/api/v1/me", nil, nil)
			for _, p := range []*dev{d, second} {
				if r := p.call(d.admin, "GET", "/api/v1/me", nil); r.Status != 401 {
					t.Fatalf("the previous admin token after rotation: %d, want 401", r.Status)
				}
			}
		})
	}
}

func TestShortAdminTokenRefusedAtStart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "api")
	cmd.Env = append(os.Environ(), "DATABASE_URL=sqlite:"+filepath.Join(t.TempDir(), "c.db"),
		"TEMPORAL_ADDRESS=127.0.0.1:1", "CLOSEOUT_HTTP_ADDR=127.0.0.1:0", "CLOSEOUT_METRICS_ADDR=127.0.0.1:0",
		"CLOSEOUT_ADMIN_TOKEN=short-admin-token-of-31-chars-x")
	out, err := cmd.CombinedOutput()
	if err == nil || ctx.Err() != nil {
		t.Fatalf("closeout api with a 31-character admin token: %v (context %v)\n%s", err, ctx.Err(), out)
	}
	if !strings.Contains(string(out), "CLOSEOUT_ADMIN_TOKEN") || !strings.Contains(string(out), "at least 32") {
		t.Fatalf("the refusal does not say what is wrong:\n%s", out)
	}
}

// Twenty failed authentications a minute from one address are answered
// 401, the twenty-first 429 with Retry-After; the failures are in the audit
// log without the token sent.
func TestFailedSignInsLimited(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d := newDev(t, kind)
			const wrong = "co_this-is-not-a-token-but-a-guess"
			for i := range auth.FailuresPerMinute {
				if r := d.call(wrong, "GET", "/api/v1/me", nil); r.Status != 401 {
					t.Fatalf("failure %d: %d, want 401", i+1, r.Status)
				}
			}
			req, err := http.NewRequest("GET", d.base+"/api/v1/me", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+d.admin) // a good token is refused too
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || resp.Header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("the 21st attempt: %d Retry-After %q %s, want a problem 429 with Retry-After",
					resp.StatusCode, resp.Header.Get("Retry-After"), body)
			}
			_, st := openProjection(t, d)
			entries, _, err := st.AuditLog(context.Background(), store.AuditFilter{Action: audit.SessionSignInFailed, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != auth.FailuresPerMinute {
				t.Fatalf("%d failed sign-ins in the audit log, want %d", len(entries), auth.FailuresPerMinute)
			}
			for _, e := range entries {
				if strings.Contains(fmt.Sprint(e.Detail), wrong) || e.Target != "client:127.0.0.1" {
					t.Fatalf("audit entry %+v: want the client's address and no token", e)
				}
			}
		})
	}
}

// After a token issue with an Idempotency-Key, the idempotency table holds
// no token (read from the database), and the replay answers 409 naming the
// token's id, not the token.
func TestIdempotencyTableHoldsNoToken(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d := newDev(t, kind)
			d.person("li")
			var tok issuedToken
			body := map[string]any{"label": "ci"}
			d.must(201, d.admin, "POST", "/api/v1/people/li/tokens", body, &tok, "Idempotency-Key", "issue-1")
			replay := d.call(d.admin, "POST", "/api/v1/people/li/tokens", body, "Idempotency-Key", "issue-1")
			if replay.Status != 409 || strings.Contains(string(replay.Body), tok.Token) || !strings.Contains(string(replay.Body), tok.TokenID) {
				t.Fatalf("the replay: %d %s, want 409 naming %s without the token", replay.Status, replay.Body, tok.TokenID)
			}
			raw, _ := openProjection(t, d)
			rows, err := raw.Query(`SELECT key, body FROM idempotency_keys`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var key, stored string
				if err := rows.Scan(&key, &stored); err != nil {
					t.Fatal(err)
				}
				n++
				if strings.Contains(stored, tok.Token) {
					t.Fatalf("the idempotency record %q holds the token: %s", key, stored)
				}
			}
			if err := rows.Err(); err != nil || n == 0 {
				t.Fatalf("read %d idempotency records: %v", n, err)
			}
		})
	}
}
