// Package slackfake is a stand-in for Slack's Web API in tests: a slacktest
// server whose handlers for the methods closeout calls record every call, so
// a test can see what was posted, updated and opened, and wait for it.
package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
)

// Methods recorded, plus ResponseURL for answers sent to an interaction's
// response_url.
const (
	PostMessage   = "chat.postMessage"
	Update        = "chat.update"
	PostEphemeral = "chat.postEphemeral"
	OpenView      = "views.open"
	ResponseURL   = "response_url"
)

// Call is one request closeout made.
type Call struct {
	Method string
	// Channel is where the message went as addressed (a user id for a DM);
	// Conversation is what Slack answered (a DM's D… id).
	Channel      string
	Conversation string
	TS           string
	Text         string
	Blocks       slack.Blocks
	// ResponseType is "ephemeral" or "in_channel" for response_url answers.
	ResponseType string
	TriggerID    string
	View         slack.ModalViewRequest
	At           time.Time
}

// Server records calls; its zero value is not usable, use New.
type Server struct {
	srv     *slacktest.Server
	mu      sync.Mutex
	calls   []Call
	changed chan struct{} // closed and replaced whenever a call is recorded
	next    int
	// throttled[method] answers that many calls 429 with Retry-After.
	throttled map[string]*throttle
	refused   []Call
	// failing[method] answers every call with that HTTP status.
	failing map[string]int
}

type throttle struct {
	channel string // only calls to this channel; "" for all
	times   int
	seconds int
}

// New starts a server, stopped when the test ends.
func New(t testing.TB) *Server {
	s := &Server{changed: make(chan struct{}), throttled: map[string]*throttle{}, failing: map[string]int{}}
	s.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/"+PostMessage, s.handle(PostMessage, s.message))
		c.Handle("/"+Update, s.handle(Update, s.message))
		c.Handle("/"+PostEphemeral, s.handle(PostEphemeral, s.message))
		c.Handle("/"+OpenView, s.handle(OpenView, s.openView))
		c.Handle("/respond/", s.handle(ResponseURL, s.respond))
	})
	s.srv.Start()
	t.Cleanup(s.srv.Stop)
	return s
}

// APIURL is the base address to give slack.OptionAPIURL (SLACK_API_URL).
func (s *Server) APIURL() string { return s.srv.GetAPIURL() }

// ResponseURLFor is a response_url for an interaction; answers sent there are
// recorded as ResponseURL calls.
func (s *Server) ResponseURLFor(id string) string { return s.srv.GetAPIURL() + "respond/" + id }

// Throttle makes the next times calls of method to channel ("" for any)
// answer 429 with Retry-After: seconds.
func (s *Server) Throttle(method, channel string, times, seconds int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.throttled[method] = &throttle{channel: channel, times: times, seconds: seconds}
}

// Throttled are the calls answered 429, with when they came.
func (s *Server) Throttled() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.refused...)
}

// Fail makes every call of method answer status (0 heals it).
func (s *Server) Fail(method string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failing[method] = status
}

// Calls are the calls recorded so far, of the given methods (all if none).
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// WaitFor returns the first call recorded that matches, waiting up to
// timeout for it; the test fails if none comes.
func (s *Server) WaitFor(t testing.TB, timeout time.Duration, what string, match func(Call) bool) Call {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		for _, c := range s.calls {
			if match(c) {
				s.mu.Unlock()
				return c
			}
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("no Slack call %s within %s; calls: %s", what, timeout, s.summary())
			return Call{}
		}
	}
}

func (s *Server) summary() string {
	var b strings.Builder
	for _, c := range s.Calls() {
		fmt.Fprintf(&b, "\n  %s %s %s %q", c.Method, c.Channel, c.TS, c.Text)
	}
	return b.String()
}

// handle reads the call, refuses it when told to, else records it and
// answers with what read returned.
func (s *Server) handle(method string, read func(*http.Request, *Call) any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.next++
		call := Call{Method: method, At: time.Now(), TS: fmt.Sprintf("1700000000.%06d", s.next)}
		s.mu.Unlock()
		answer := read(r, &call)
		s.mu.Lock()
		if status := s.failing[method]; status != 0 {
			s.mu.Unlock()
			http.Error(w, "slack is down", status)
			return
		}
		if th := s.throttled[method]; th != nil && th.times > 0 && (th.channel == "" || th.channel == call.Channel) {
			th.times--
			s.refused = append(s.refused, call)
			s.mu.Unlock()
			w.Header().Set("Retry-After", strconv.Itoa(th.seconds))
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		s.calls = append(s.calls, call)
		close(s.changed)
		s.changed = make(chan struct{})
		s.mu.Unlock()
		if text, ok := answer.(string); ok {
			w.Header().Set("Content-Type", "text/plain")
			// Writing the answer fails only when the client has gone.
			_, _ = io.WriteString(w, text)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(answer)
	}
}

// message reads chat.postMessage, chat.update and chat.postEphemeral (forms).
func (s *Server) message(r *http.Request, c *Call) any {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	c.Channel = form.Get("channel")
	c.Conversation = c.Channel
	if strings.HasPrefix(c.Channel, "U") { // a DM goes to the bot's conversation with the user
		c.Conversation = "D" + c.Channel[1:]
	}
	if ts := form.Get("ts"); ts != "" {
		c.TS = ts
	}
	c.Text = form.Get("text")
	if b := form.Get("blocks"); b != "" {
		_ = json.Unmarshal([]byte(b), &c.Blocks) // bad JSON records no blocks, which the test reading them reports
	}
	return map[string]any{"ok": true, "channel": c.Conversation, "ts": c.TS, "message_ts": c.TS, "text": c.Text}
}

// openView reads views.open (JSON).
func (s *Server) openView(r *http.Request, c *Call) any {
	var req struct {
		TriggerID string                 `json:"trigger_id"`
		View      slack.ModalViewRequest `json:"view"`
	}
	_ = json.NewDecoder(r.Body).Decode(&req) // a bad body records an empty view, which the test reading it reports
	c.TriggerID, c.View = req.TriggerID, req.View
	return map[string]any{"ok": true, "view": map[string]any{"id": "V" + c.TS, "callback_id": req.View.CallbackID}}
}

// respond reads an answer sent to a response_url (JSON); Slack answers "ok".
func (s *Server) respond(r *http.Request, c *Call) any {
	var msg slack.Msg
	_ = json.NewDecoder(r.Body).Decode(&msg) // a bad body records an empty message, which the test reading it reports
	c.Channel = strings.TrimPrefix(r.URL.Path, "/respond/")
	c.Text, c.ResponseType, c.Blocks = msg.Text, msg.ResponseType, msg.Blocks
	return "ok"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
