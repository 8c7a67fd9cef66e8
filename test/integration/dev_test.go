package integration

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// dev is a running `closeout dev` process.
type dev struct {
	t       testing.TB
	dataDir string
	dbURL   string
	cmd     *exec.Cmd
	base    string
	metrics string // the URL of /metrics, on an address of its own
	admin   string
	// adminLink is the one-time link the banner prints while the admin has
	// no password ("" once they have one).
	adminLink string
	logs      *logBuffer
	exited    chan struct{}
}

// startDev starts closeout dev on dataDir (and dbURL, "" for its SQLite file)
// and returns once it prints that it is ready.
func startDev(t testing.TB, dataDir, dbURL string, extra ...string) *dev {
	t.Helper()
	args := []string{"dev", "--data-dir", dataDir, "--http-addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0", "--temporal-port", "0", "--log-level", "warn"}
	if dbURL != "" {
		args = append(args, "--database-url", dbURL)
	}
	args = append(args, extra...)
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "CLOSEOUT_ADMIN_TOKEN=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &dev{t: t, dataDir: dataDir, dbURL: dbURL, cmd: cmd, logs: logs, exited: make(chan struct{})}
	ready, metrics, adminLink := make(chan string, 1), make(chan string, 1), make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if base, ok := strings.CutPrefix(sc.Text(), "closeout is ready at "); ok {
				ready <- base
			}
			if url, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "metrics "); ok {
				metrics <- strings.TrimSpace(url)
			}
			if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "admin sign-in "); ok {
				if link, _, found := strings.Cut(strings.TrimSpace(rest), " (once"); found {
					adminLink <- link
				}
			}
		}
	}()
	go func() {
		_ = cmd.Wait() // how it exited is checked by stop and the tests, not here
		close(d.exited)
	}()
	select {
	case d.base = <-ready:
	case <-d.exited:
		t.Fatalf("closeout dev exited before it was ready:\n%s", logs.String())
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill() // the test fails either way; Fatalf tells why
		t.Fatalf("closeout dev did not get ready:\n%s", logs.String())
	}
	select { // the banner's next lines
	case d.metrics = <-metrics:
	case <-time.After(10 * time.Second):
		t.Fatalf("closeout dev's banner has no metrics line:\n%s", logs.String())
	}
	select { // printed before the metrics line, if at all
	case d.adminLink = <-adminLink:
	default:
	}
	token, err := os.ReadFile(filepath.Join(dataDir, "admin-token"))
	if err != nil {
		t.Fatal(err)
	}
	d.admin = strings.TrimSpace(string(token))
	t.Cleanup(d.stop)
	return d
}

// stop sends SIGTERM and waits for a graceful exit.
func (d *dev) stop() {
	select {
	case <-d.exited:
		return
	default:
	}
	_ = d.cmd.Process.Signal(syscall.SIGTERM) // fails only if it has just exited, which <-d.exited tells
	select {
	case <-d.exited:
	case <-time.After(time.Minute):
		_ = d.cmd.Process.Kill() // the test fails either way; Errorf tells why
		d.t.Errorf("closeout dev did not stop on SIGTERM:\n%s", d.logs.String())
	}
}

// newDev starts closeout dev on a fresh data folder with a projection of kind.
func newDev(t testing.TB, kind string) *dev {
	dbURL := ""
	if kind == storetest.Postgres {
		dbURL = storetest.URL(t, kind)
	}
	return startDev(t, t.TempDir(), dbURL)
}

// response is an HTTP answer, decoded.
type response struct {
	Status      int
	ContentType string
	Body        []byte
}

func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// problem decodes a problem+json answer.
type problem struct {
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

// callTyped sends body as is with its content type.
func (d *dev) callTyped(token, method, path, body, contentType string) response {
	d.t.Helper()
	return d.call(token, method, path, body, "Content-Type", contentType)
}

// call sends a request as the holder of token; body is marshalled as JSON
// unless it is a string (sent as is). Headers are name, value pairs.
func (d *dev) call(token, method, path string, body any, headers ...string) response {
	d.t.Helper()
	var rd io.Reader
	contentType := "application/json"
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			d.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, d.base+path, rd)
	if err != nil {
		d.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatalf("%s %s: %v\n%s", method, path, err, d.logs.String())
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: data}
}

// must sends a request and fails the test unless it gets want.
func (d *dev) must(want int, token, method, path string, body any, out any, headers ...string) response {
	d.t.Helper()
	r := d.call(token, method, path, body, headers...)
	if r.Status != want {
		d.t.Fatalf("%s %s: %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	if out != nil {
		r.json(d.t, out)
	}
	return r
}

// person creates a person with roles and returns their token.
func (d *dev) person(id string, roles ...string) string {
	d.t.Helper()
	d.must(201, d.admin, "POST", "/api/v1/people", map[string]any{"id": id, "name": strings.ToUpper(id), "roles": roles}, nil)
	var out struct {
		Token string `json:"token"`
	}
	d.must(201, d.admin, "POST", fmt.Sprintf("/api/v1/people/%s/tokens", id), nil, &out)
	return out.Token
}

// logBuffer keeps a process's stderr. os/exec copies into it from a
// goroutine of its own while a failing test reads it to explain itself.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
