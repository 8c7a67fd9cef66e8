package integration

import (
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// Stopping and restarting closeout dev on the same data folder loses nothing,
// and a timer that came due while it was down fires after the restart.
func TestRestartKeepsStateAndFiresDueTimers(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			dataDir := t.TempDir()
			dbURL := ""
			if kind == storetest.Postgres {
				dbURL = storetest.URL(t, kind)
			}
			d := startDev(t, dataDir, dbURL)
			tok := d.team()
			deadline := time.Now().Add(6 * time.Second).UTC()
			plan := smallPlan("restart", "T1", "T2")
			tracks := plan["tracks"].([]map[string]any)
			tasks := tracks[0]["tasks"].([]map[string]any)
			tasks[0]["deadline"] = deadline.Format(time.RFC3339)
			tasks[0]["phases"] = []any{}
			d.must(201, tok["boss"], "POST", "/api/v1/campaigns", plan, nil)
			d.must(200, tok["li"], "POST", taskPath("restart", "T2", "submit"), map[string]any{"note": "done"}, nil)
			before := events(d, tok["li"], "T2")
			d.stop()

			// Down across the deadline: the escalation is due while nothing runs.
			<-time.After(time.Until(deadline.Add(time.Second)))

			d = startDev(t, dataDir, dbURL)
			if after := events(d, tok["li"], "T2"); len(after) != len(before) {
				t.Fatalf("the log changed across the restart: %d events, then %d", len(before), len(after))
			}
			var v taskView
			d.must(200, tok["li"], "GET", taskPath("restart", "T2", ""), nil, &v)
			if v.Status != "submitted" {
				t.Fatalf("T2 lost its submission: %+v", v)
			}
			waitFor(t, 60*time.Second, func() bool {
				for _, e := range events(d, tok["li"], "T1") {
					if e.Type == "escalated" {
						return true
					}
				}
				return false
			})
			d.must(200, tok["li"], "GET", taskPath("restart", "T1", ""), nil, &v)
			if v.Light != "red" || v.EscalationLevel != 1 {
				t.Fatalf("after the missed deadline: %+v", v)
			}
		})
	}
}

func events(d *dev, token, task string) []eventView {
	var log struct {
		Items []eventView `json:"items"`
	}
	d.must(200, token, "GET", taskPath("restart", task, "events"), nil, &log)
	return log.Items
}

// waitFor polls cond until it holds or the timeout passes: for things that
// happen in another process on its own clock.
func waitFor(t *testing.T, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		<-tick.C
	}
}
