//go:build cluster

package cluster

import (
	"context"
	"os"
	"testing"
	"time"
)

// checkSurvivor reads through the API left standing (campaigns, the task
// list, a report, an event log) and sends it one action, whose answer it
// returns for the marker checks.
func checkSurvivor(ctx context.Context, t *tally, c *apiClient, tokens map[string]string) sent {
	for _, path := range []string{
		"/api/v1/campaigns",
		"/api/v1/tasks?campaign=" + streamCampaign,
		"/api/v1/campaigns/" + streamCampaign + "/report",
		taskPath(timerCampaign, "W01", "events"),
	} {
		if err := c.Must(ctx, 200, tokens["li"], "GET", path, nil, nil); err != nil {
			t.breakf("survivor: %v", err)
		}
	}
	x := sent{marker: "x0-00001", task: "W01", action: "progress", api: c.Name, start: time.Now()}
	r := c.Do(ctx, tokens["li"], "POST", taskPath(timerCampaign, "W01", "progress"), map[string]any{"note": x.marker, "percent": 50})
	x.end, x.status, x.body = time.Now(), r.Status, string(r.Body)
	if r.Err != nil {
		x.err = r.Err.Error()
	}
	if !r.OK() {
		t.breakf("survivor: progress on %s/W01 through %s: %s", timerCampaign, c.Name, r)
	}
	return x
}

// caughtUp reports whether every task's view is at its workflow's seq.
func caughtUp(ctx context.Context, c *apiClient, token string, tc *temporalCluster, campaigns map[string][]string) bool {
	for campaign, ids := range campaigns {
		for _, id := range ids {
			v, err := c.Task(ctx, token, campaign, id)
			if err != nil {
				return false
			}
			if seq, err := workflowSeq(ctx, tc.client, campaign, id); err != nil || seq != v.Seq {
				return false
			}
		}
	}
	return true
}

// checkTakeover reads every task workflow's history: the survivor must have
// taken over workflows the victim ran, and handled every timer that fired
// after the kill. It returns how many workflows changed hands and how many
// timers fired on the survivor.
func checkTakeover(ctx context.Context, t *tally, tc *temporalCluster, campaigns map[string][]string, victim, survivor *proc) (takenOver, timers int) {
	for campaign, ids := range campaigns {
		for _, id := range ids {
			w, err := readWorkerTasks(ctx, tc.client, campaign, id, victim.pid(), survivor.pid(), victim.killed)
			if err != nil {
				t.breakf("history: %v", err)
				continue
			}
			if w.takenOver() {
				takenOver++
			}
			timers += w.survivorTimers
			if w.otherTimers > 0 {
				t.breakf("timers: %s/%s: %d timers fired after the kill were handled by another worker than %s", campaign, id, w.otherTimers, survivor.name)
			}
			// Each timer task's reminder and deadline both come due after
			// the kill.
			if campaign == timerCampaign && w.survivorTimers < 2 {
				t.breakf("timers: %s/%s: %d timers fired after the kill on %s, want at least 2 (reminder, deadline)", campaign, id, w.survivorTimers, survivor.name)
			}
		}
	}
	if takenOver == 0 {
		t.breakf("takeover: no workflow ran on %s before its kill and on %s after: the kill tested nothing", victim.name, survivor.name)
	}
	return takenOver, timers
}

// waitUntil polls cond until it holds or the deadline passes.
func waitUntil(deadline time.Time, cond func() bool) bool {
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// keptDir is a folder for logs that survives a failed test (for the
// post-mortem) and is removed when it passes.
func keptDir(t testing.TB) string {
	dir, err := os.MkdirTemp("", "closeout-cluster-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if !t.Failed() {
			if err := os.RemoveAll(dir); err != nil {
				t.Logf("leave %s behind: %v", dir, err)
			}
		}
	})
	return dir
}
