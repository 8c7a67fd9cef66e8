package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// requestTimeout bounds one request: an action waits at most 30s for its
// workflow, so an answer later than this is a hang, and the request's
// context ending turns it into a 5xx the checks report.
const requestTimeout = 40 * time.Second

// send makes one request to the router as person as (no Authorization
// header when as is ""); headers are name, value pairs.
func (w *fuzzWorld) send(as, method, path, contentType string, body []byte, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/", nil)
	// The path is set after parsing so that any bytes may be sent, as a
	// client on the wire can (httptest.NewRequest panics on some).
	req.URL.Path, req.URL.RawQuery, _ = strings.Cut(path, "?")
	req.RequestURI = ""
	if as != "" {
		req.Header.Set("Authorization", "Bearer "+w.tokens[as])
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return serve(w.router, req, body, contentType)
}

// serve runs req, with body and its content type, through h, within
// requestTimeout.
func serve(h http.Handler, req *http.Request, body []byte, contentType string) *httptest.ResponseRecorder {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	req = req.WithContext(ctx)
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// problemBody is an RFC 9457 answer as a client decodes it.
type problemBody struct {
	Type   string        `json:"type"`
	Title  string        `json:"title"`
	Status int           `json:"status"`
	Detail string        `json:"detail"`
	Errors []fieldAnswer `json:"errors"`
}

// Marks of internal detail that must never reach a caller (SPEC section 4),
// unless the caller sent them: answers may quote the input.
var leaks = []string{"goroutine ", "runtime error", "rpc error", "pq: ", "SQL logic", ".go:", "panic:"}

// checkAnswer is the property every fuzz target holds the API to: never a
// 5xx (a panic comes out of gin.Recovery as a 500); a success in JSON is
// valid JSON; anything else is application/problem+json with the same status
// and a title, giving away nothing internal. input is what was sent.
func checkAnswer(t *testing.T, r *httptest.ResponseRecorder, input ...[]byte) {
	t.Helper()
	body := r.Body.Bytes()
	ct := r.Header().Get("Content-Type")
	t.Logf("answered %d %.200s", r.Code, body) // shown with -v, or on failure
	if r.Code >= 500 {
		t.Fatalf("answered %d (%s): %s", r.Code, ct, body)
	}
	if r.Code < 300 {
		if strings.HasPrefix(ct, "application/json") && !json.Valid(body) {
			t.Fatalf("answered %d with invalid JSON: %s", r.Code, body)
		}
		return
	}
	if r.Code < 400 {
		// Gin redirects a path with a trailing slash to the one without
		// (shared with the dashboard): fine, as long as it stays on this
		// server (no "//host" or "/\host" a browser would follow away).
		loc := r.Header().Get("Location")
		if !localRedirect(r.Code, loc) {
			t.Fatalf("answered %d to %q: %s", r.Code, loc, body)
		}
		return
	}
	if ct != problemContentType {
		t.Fatalf("answered %d as %q, not %s: %s", r.Code, ct, problemContentType, body)
	}
	var p problemBody
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("answered %d with a problem that does not decode (%v): %s", r.Code, err, body)
	}
	if p.Status != r.Code || p.Title == "" {
		t.Fatalf("answered %d with a problem without its status or title: %s", r.Code, body)
	}
	sent := bytes.ToLower(bytes.Join(input, nil))
	for _, mark := range leaks {
		word, _, _ := strings.Cut(strings.TrimSpace(mark), " ")
		if bytes.Contains(body, []byte(mark)) && !bytes.Contains(sent, []byte(strings.ToLower(word))) {
			t.Fatalf("answered %d with internal detail (%q): %s", r.Code, mark, body)
		}
	}
}

// mustStatus fails unless r has status want: for the fixtures' own requests.
func mustStatus(t testing.TB, r *httptest.ResponseRecorder, want int, what string) {
	t.Helper()
	if r.Code != want {
		t.Fatalf("%s: %d, want %d: %s", what, r.Code, want, r.Body)
	}
}

// localRedirect reports whether a 3xx is a redirect to a path of this server.
func localRedirect(status int, location string) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return false
	}
	return strings.HasPrefix(location, "/") && !strings.HasPrefix(location, "//") && !strings.HasPrefix(location, "/\\")
}
