//go:build chaos

package chaos

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

// api talks to closeout's HTTP API the way a client does. Requests are never
// retried here: an action sent twice would be a second action.
type api struct {
	base   string
	client *http.Client
}

func newAPI(base string, timeout time.Duration) *api {
	return &api{base: base, client: &http.Client{Timeout: timeout}}
}

// answer is one HTTP exchange. Err is set when no answer came (the server
// was killed, refused the connection, or the client timed out).
type answer struct {
	Status      int
	ContentType string
	Body        []byte
	Err         error
}

func (a answer) ok() bool { return a.Err == nil && a.Status >= 200 && a.Status < 300 }

func (a answer) problem() bool {
	return a.Err == nil && strings.HasPrefix(a.ContentType, "application/problem+json")
}

func (a answer) String() string {
	if a.Err != nil {
		return "error: " + a.Err.Error()
	}
	body := a.Body
	if len(body) > 300 {
		body = body[:300]
	}
	return fmt.Sprintf("%d %s", a.Status, body)
}

func (a answer) decode(v any) error {
	if a.Err != nil {
		return a.Err
	}
	return json.Unmarshal(a.Body, v)
}

// do sends body (marshalled as JSON unless nil) as the holder of token.
func (c *api) do(ctx context.Context, token, method, path string, body any) answer {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return answer{Err: err}
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return answer{Err: err}
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return answer{Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{Err: err}
	}
	return answer{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: data}
}

// must sends a request that has to answer want; out, if given, receives the
// decoded body.
func (c *api) must(ctx context.Context, want int, token, method, path string, body, out any) error {
	a := c.do(ctx, token, method, path, body)
	if a.Err != nil || a.Status != want {
		return fmt.Errorf("%s %s: %s, want %d", method, path, a, want)
	}
	if out != nil {
		return a.decode(out)
	}
	return nil
}

func taskPath(campaign, task, action string) string {
	if action == "" {
		return fmt.Sprintf("/api/v1/tasks/%s/%s", campaign, task)
	}
	return fmt.Sprintf("/api/v1/tasks/%s/%s/%s", campaign, task, action)
}

// taskView is the part of a task the harness reads.
type taskView struct {
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

// event is one entry of a task's log.
type event struct {
	Seq   int64          `json:"seq"`
	At    time.Time      `json:"at"`
	Actor string         `json:"actor"`
	Type  string         `json:"type"`
	Data  map[string]any `json:"data"`
}

func (c *api) task(ctx context.Context, token, campaign, id string) (taskView, error) {
	var v taskView
	err := c.must(ctx, 200, token, "GET", taskPath(campaign, id, ""), nil, &v)
	return v, err
}

func (c *api) events(ctx context.Context, token, campaign, id string) ([]event, error) {
	var log struct {
		Items []event `json:"items"`
	}
	err := c.must(ctx, 200, token, "GET", taskPath(campaign, id, "events"), nil, &log)
	return log.Items, err
}

// allTasks reads a campaign's task list page by page, as a dashboard does.
func (c *api) allTasks(ctx context.Context, token, campaign string) ([]taskView, error) {
	var all []taskView
	cursor := ""
	for range 1000 { // a bound far above any campaign here
		path := "/api/v1/tasks?limit=7&campaign=" + campaign // small pages: the cursor is exercised too
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		var page struct {
			Items      []taskView `json:"items"`
			NextCursor string     `json:"next_cursor"`
		}
		if err := c.must(ctx, 200, token, "GET", path, nil, &page); err != nil {
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

// person creates a person with roles and returns a token of theirs.
func (c *api) person(ctx context.Context, admin, id string, roles ...string) (string, error) {
	if roles == nil {
		roles = []string{}
	}
	if err := c.must(ctx, 201, admin, "POST", "/api/v1/people", map[string]any{"id": id, "name": strings.ToUpper(id), "roles": roles}, nil); err != nil {
		return "", err
	}
	var out struct {
		Token string `json:"token"`
	}
	err := c.must(ctx, 201, admin, "POST", fmt.Sprintf("/api/v1/people/%s/tokens", id), nil, &out)
	return out.Token, err
}

// team creates everyone the plans name: boss (a manager, owner of every
// campaign), li (owner of every task), zhao (supervisor, first approver),
// wang (second approver).
func (c *api) team(ctx context.Context, admin string) (map[string]string, error) {
	tokens := map[string]string{}
	var err error
	if tokens["boss"], err = c.person(ctx, admin, "boss", "manager"); err != nil {
		return nil, err
	}
	for _, id := range []string{"li", "zhao", "wang"} {
		if tokens[id], err = c.person(ctx, admin, id); err != nil {
			return nil, err
		}
	}
	return tokens, nil
}
