// Package e2e is what the end-to-end suites share (test/chaos, test/cluster):
// a client of closeout's HTTP API as an outside caller sees it, and the
// parts of its answers they read. It has no build tag so that go vet and the
// compiler check it with every build; only the suites import it.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// API talks to closeout's HTTP API the way a client does. Requests are never
// retried here: an action sent twice would be a second action.
type API struct {
	// Name, when set, begins every error of Must (which of several servers
	// answered so).
	Name   string
	Base   string
	client *http.Client
}

// NewAPI is a client of the server at base whose requests give up after
// timeout.
func NewAPI(name, base string, timeout time.Duration) *API {
	return &API{Name: name, Base: base, client: &http.Client{Timeout: timeout}}
}

// Answer is one HTTP exchange. Err is set when no answer came (the server
// was killed, refused the connection, or the client timed out).
type Answer struct {
	Status      int
	ContentType string
	Body        []byte
	// RequestID is the X-Request-ID the server answered with: the key to
	// its log line when the answer was a failure.
	RequestID string
	Err       error
}

// OK is a 2xx answer.
func (a Answer) OK() bool { return a.Err == nil && a.Status >= 200 && a.Status < 300 }

// Problem is an answer in application/problem+json.
func (a Answer) Problem() bool {
	return a.Err == nil && strings.HasPrefix(a.ContentType, "application/problem+json")
}

func (a Answer) String() string {
	if a.Err != nil {
		return "error: " + a.Err.Error()
	}
	body := a.Body
	if len(body) > 300 {
		body = body[:300]
	}
	return fmt.Sprintf("%d %s", a.Status, body)
}

// Decode reads the body as JSON into v.
func (a Answer) Decode(v any) error {
	if a.Err != nil {
		return a.Err
	}
	return json.Unmarshal(a.Body, v)
}

// Do sends body (marshalled as JSON unless nil) as the holder of token.
func (c *API) Do(ctx context.Context, token, method, path string, body any) Answer {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return Answer{Err: err}
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		return Answer{Err: err}
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return Answer{Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return Answer{Err: err}
	}
	return Answer{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: data,
		RequestID: resp.Header.Get("X-Request-ID")}
}

// Must sends a request that has to answer want; out, if given, receives the
// decoded body.
func (c *API) Must(ctx context.Context, want int, token, method, path string, body, out any) error {
	a := c.Do(ctx, token, method, path, body)
	if a.Err != nil || a.Status != want {
		prefix := ""
		if c.Name != "" {
			prefix = c.Name + ": "
		}
		return fmt.Errorf("%s%s %s: %s, want %d", prefix, method, path, a, want)
	}
	if out != nil {
		return a.Decode(out)
	}
	return nil
}

// TaskPath is a task's API path, or one of its actions'.
func TaskPath(campaign, task, action string) string {
	if action == "" {
		return fmt.Sprintf("/api/v1/tasks/%s/%s", campaign, task)
	}
	return fmt.Sprintf("/api/v1/tasks/%s/%s/%s", campaign, task, action)
}

// TaskView is the part of a task the suites read.
type TaskView struct {
	Campaign        string    `json:"campaign"`
	ID              string    `json:"id"`
	Status          string    `json:"status"`
	Light           string    `json:"light"`
	CurrentApprover string    `json:"current_approver"`
	Deadline        time.Time `json:"deadline"`
	OwnDeadline     time.Time `json:"own_deadline"`
	Overdue         bool      `json:"overdue"`
	ClosedOnTime    *bool     `json:"closed_on_time"`
	Extension       *struct {
		Decider string `json:"decider"`
	} `json:"extension"`
	Seq int64 `json:"seq"`
}

// Event is one entry of a task's log.
type Event struct {
	Seq   int64          `json:"seq"`
	At    time.Time      `json:"at"`
	Actor string         `json:"actor"`
	Type  string         `json:"type"`
	Data  map[string]any `json:"data"`
}

// Task reads one task.
func (c *API) Task(ctx context.Context, token, campaign, id string) (TaskView, error) {
	var v TaskView
	err := c.Must(ctx, 200, token, "GET", TaskPath(campaign, id, ""), nil, &v)
	return v, err
}

// Events reads a task's log.
func (c *API) Events(ctx context.Context, token, campaign, id string) ([]Event, error) {
	var log struct {
		Items []Event `json:"items"`
	}
	err := c.Must(ctx, 200, token, "GET", TaskPath(campaign, id, "events"), nil, &log)
	return log.Items, err
}

// AllTasks reads a campaign's task list page by page, as a dashboard does.
func (c *API) AllTasks(ctx context.Context, token, campaign string) ([]TaskView, error) {
	var all []TaskView
	cursor := ""
	for range 1000 { // a bound far above any campaign here
		path := "/api/v1/tasks?limit=7&campaign=" + campaign // small pages: the cursor is exercised too
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		var page struct {
			Items      []TaskView `json:"items"`
			NextCursor string     `json:"next_cursor"`
		}
		if err := c.Must(ctx, 200, token, "GET", path, nil, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		if page.NextCursor == "" {
			return all, nil
		}
		cursor = page.NextCursor
	}
	return nil, fmt.Errorf("the task list of %s does not end", campaign)
}

// Person creates a person with roles and returns a token of theirs.
func (c *API) Person(ctx context.Context, admin, id string, roles ...string) (string, error) {
	if roles == nil {
		roles = []string{}
	}
	if err := c.Must(ctx, 201, admin, "POST", "/api/v1/people", map[string]any{"id": id, "name": strings.ToUpper(id), "roles": roles}, nil); err != nil {
		return "", err
	}
	var out struct {
		Token string `json:"token"`
	}
	err := c.Must(ctx, 201, admin, "POST", fmt.Sprintf("/api/v1/people/%s/tokens", id), nil, &out)
	return out.Token, err
}

// Team creates everyone the plans name: boss (a manager, owner of every
// campaign), li (owner of every task), zhao (supervisor, first approver),
// wang (second approver).
func (c *API) Team(ctx context.Context, admin string) (map[string]string, error) {
	tokens := map[string]string{}
	var err error
	if tokens["boss"], err = c.Person(ctx, admin, "boss", "manager"); err != nil {
		return nil, err
	}
	for _, id := range []string{"li", "zhao", "wang"} {
		if tokens[id], err = c.Person(ctx, admin, id); err != nil {
			return nil, err
		}
	}
	return tokens, nil
}

// TimersFired reports whether each of a campaign's tasks has logged both a
// reminder and an escalation: the suites' timer tasks have one of each due,
// and wait for them before checking.
func (c *API) TimersFired(ctx context.Context, token, campaign string, ids []string) bool {
	for _, id := range ids {
		evs, err := c.Events(ctx, token, campaign, id)
		if err != nil {
			return false
		}
		var reminded, escalated bool
		for _, e := range evs {
			reminded = reminded || e.Type == "reminder"
			escalated = escalated || e.Type == "escalated"
		}
		if !reminded || !escalated {
			return false
		}
	}
	return true
}
