package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/closeout/closeout/internal/domain/task"
)

// Loader loads the demo through the HTTP API, as a user would: it imports the
// plan with the admin token, then has each owner submit and each approver
// sign off, so every closed task went through the real workflow actions.
type Loader struct {
	BaseURL    string // e.g. http://127.0.0.1:8080
	AdminToken string
	Client     *http.Client
	Log        *slog.Logger
}

// Load imports and drives the demo unless the campaign already exists.
func (l Loader) Load(ctx context.Context, now time.Time) error {
	if status, _, err := l.call(ctx, l.AdminToken, "GET", "/api/v1/campaigns/"+CampaignID, nil); err != nil {
		return err
	} else if status == http.StatusOK {
		l.Log.Info("demo campaign already loaded", "campaign", CampaignID)
		return nil
	}
	plan, err := Plan(now)
	if err != nil {
		return err
	}
	start := time.Now()
	if status, body, err := l.call(ctx, l.AdminToken, "POST", "/api/v1/campaigns", plan); err != nil {
		return err
	} else if status != http.StatusCreated {
		return fmt.Errorf("import the demo plan: %d %s", status, body)
	}
	tokens := map[string]string{}
	for _, p := range everyone() {
		id := p["id"].(string)
		status, body, err := l.call(ctx, l.AdminToken, "POST", "/api/v1/people/"+id+"/tokens", nil)
		if err != nil || status != http.StatusCreated {
			return fmt.Errorf("token for %s: %d %s %v", id, status, body, err)
		}
		var out struct{ Token string }
		if err := json.Unmarshal(body, &out); err != nil {
			return err
		}
		tokens[id] = out.Token
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(6)
	for _, t := range tasks {
		if t.state == "" {
			continue
		}
		if t.id == dispatchedTask {
			g.Go(func() error { return l.driveDispatched(gctx, t, tokens) })
			continue
		}
		g.Go(func() error { return l.drive(gctx, t, tokens) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	l.Log.Info("demo campaign loaded", "campaign", CampaignID, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// drive submits a task as its owner and, for a closed one, signs it off as
// each approver in turn.
func (l Loader) drive(ctx context.Context, t demoTask, tokens map[string]string) error {
	path := "/api/v1/tasks/" + CampaignID + "/" + t.id + "/"
	done := map[string]any{
		"note":     "已按方案完成,请审核销号。",
		"evidence": []map[string]string{{"title": "完成情况报告", "url": "https://example.org/xmlc/" + t.id}},
	}
	if v, ok := reported[t.id]; ok {
		done["values"] = v
	}
	submit, _ := json.Marshal(done)
	steps := []struct{ who, action string }{{t.owner, task.Submit.Path}}
	if t.state == stateClosed {
		steps = append(steps, struct{ who, action string }{supervisors[t.track], task.Approve.Path})
		if t.leader != "" {
			steps = append(steps, struct{ who, action string }{t.leader, task.Approve.Path})
		}
	}
	for _, s := range steps {
		body := []byte(`{"note":"同意销号。"}`)
		if s.action == task.Submit.Path {
			body = submit
		}
		status, answer, err := l.call(ctx, tokens[s.who], "POST", path+s.action, body)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			return fmt.Errorf("%s %s as %s: %d %s", s.action, t.id, s.who, status, answer)
		}
	}
	return nil
}

func (l Loader) call(ctx context.Context, token, method, path string, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, l.BaseURL+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := l.Client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}
