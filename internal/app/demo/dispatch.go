package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/closeout/closeout/internal/domain/task"
)

// driveDispatched closes the dispatched task the way the campaign did: each
// unit's liaison submits the unit's figures and the task's owner signs them
// off; once its parent has heard that every unit closed, the parent goes
// through its own sign-off.
func (l Loader) driveDispatched(ctx context.Context, t demoTask, tokens map[string]string) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for _, u := range hainan {
		g.Go(func() error {
			path := "/api/v1/tasks/" + CampaignID + "/" + t.id + "." + u.id + "/"
			submit, _ := json.Marshal(map[string]any{
				"note":   u.name + "借调人员已全部返岗。",
				"values": map[string]any{"returned": map[string]int{"town": u.town, "village": u.village}},
			})
			if err := l.expect(gctx, tokens[liaison(u.id)], path+task.Submit.Path, submit); err != nil {
				return err
			}
			return l.expect(gctx, tokens[t.owner], path+task.Approve.Path, []byte(`{"note":"同意销号。"}`))
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if err := l.awaitChildrenClosed(ctx, t.id, tokens[t.owner]); err != nil {
		return err
	}
	return l.drive(ctx, t, tokens)
}

func (l Loader) expect(ctx context.Context, token, path string, body []byte) error {
	status, answer, err := l.call(ctx, token, "POST", path, body)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("POST %s: %d %s", path, status, answer)
	}
	return nil
}

// awaitChildrenClosed polls the parent until its progress says every child
// closed: children tell their parent by signal, a moment after they close.
func (l Loader) awaitChildrenClosed(ctx context.Context, task, token string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		status, body, err := l.call(ctx, token, "GET", "/api/v1/tasks/"+CampaignID+"/"+task, nil)
		if err != nil {
			return fmt.Errorf("waiting for %s's units: %w", task, err)
		}
		var view struct{ Percent int }
		if status == http.StatusOK && json.Unmarshal(body, &view) == nil && view.Percent == 100 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s's units: %w", task, ctx.Err())
		case <-tick.C:
		}
	}
}
