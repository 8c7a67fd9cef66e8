//go:build cluster

package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// apiClient talks to one `closeout api` as a client would. Nothing is
// retried here: an action sent twice would be a second action.
type apiClient struct {
	name string
	base string
	http *http.Client
}

func newAPIClient(p *proc) *apiClient {
	// Longer than an action's own 30s limit: the answer, not the client's
	// patience, says what happened.
	return &apiClient{name: p.name, base: p.base(), http: &http.Client{Timeout: 45 * time.Second}}
}

// reply is one exchange; err is set when no answer came.
type reply struct {
	status int
	body   []byte
	err    error
}

func (r reply) ok() bool { return r.err == nil && r.status >= 200 && r.status < 300 }

func (r reply) String() string {
	if r.err != nil {
		return "no answer: " + r.err.Error()
	}
	b := r.body
	if len(b) > 300 {
		b = b[:300]
	}
	return fmt.Sprintf("%d %s", r.status, b)
}

func (c *apiClient) do(ctx context.Context, token, method, path string, body any) reply {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return reply{err: err}
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return reply{err: err}
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.http.Do(req)
	if err != nil {
		return reply{err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{err: err}
	}
	return reply{status: resp.StatusCode, body: data}
}

// must sends a request that has to answer want, decoding the body into out.
func (c *apiClient) must(ctx context.Context, want int, token, method, path string, body, out any) error {
	r := c.do(ctx, token, method, path, body)
	if r.err != nil || r.status != want {
		return fmt.Errorf("%s: %s %s: %s, want %d", c.name, method, path, r, want)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(r.body, out)
}

// taskView and event are the parts of the API's shapes the test reads.
type taskView struct {
	ID              string `json:"id"`
	Status          string `json:"status"`
	CurrentApprover string `json:"current_approver"`
	Seq             int64  `json:"seq"`
}

type event struct {
	Seq   int64          `json:"seq"`
	At    time.Time      `json:"at"`
	Actor string         `json:"actor"`
	Type  string         `json:"type"`
	Data  map[string]any `json:"data"`
}

func taskPath(campaign, task, action string) string {
	if action == "" {
		return fmt.Sprintf("/api/v1/tasks/%s/%s", campaign, task)
	}
	return fmt.Sprintf("/api/v1/tasks/%s/%s/%s", campaign, task, action)
}

func (c *apiClient) task(ctx context.Context, token, campaign, id string) (taskView, error) {
	var v taskView
	err := c.must(ctx, 200, token, "GET", taskPath(campaign, id, ""), nil, &v)
	return v, err
}

func (c *apiClient) events(ctx context.Context, token, campaign, id string) ([]event, error) {
	var log struct {
		Items []event `json:"items"`
	}
	err := c.must(ctx, 200, token, "GET", taskPath(campaign, id, "events"), nil, &log)
	return log.Items, err
}

// team creates the people the plans name and returns a token for each:
// boss (manager, owns the campaigns), li (owns every task), zhao
// (supervisor and first approver), wang (second approver).
func (c *apiClient) team(ctx context.Context) (map[string]string, error) {
	tokens := map[string]string{}
	for _, p := range []struct {
		id    string
		roles []string
	}{{"boss", []string{"manager"}}, {"li", []string{}}, {"zhao", []string{}}, {"wang", []string{}}} {
		person := map[string]any{"id": p.id, "name": p.id, "roles": p.roles}
		if err := c.must(ctx, 201, adminToken, "POST", "/api/v1/people", person, nil); err != nil {
			return nil, err
		}
		var issued struct {
			Token string `json:"token"`
		}
		if err := c.must(ctx, 201, adminToken, "POST", "/api/v1/people/"+p.id+"/tokens", nil, &issued); err != nil {
			return nil, err
		}
		tokens[p.id] = issued.Token
	}
	return tokens, nil
}
