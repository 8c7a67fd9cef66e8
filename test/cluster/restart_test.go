//go:build cluster

package cluster

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/closeout/closeout/test/e2e"
)

// killAndRestart kills Temporal's server (SIGKILL to its process group: no
// chance to finish a workflow task or answer an update), waits down, and
// starts it again on the same config and databases. It returns once the
// frontend answers again, with the moments it died and came back.
func (c *temporalCluster) killAndRestart(t *testing.T, dir string, down time.Duration) (killed, back time.Time) {
	t.Helper()
	if err := syscall.Kill(-c.pgrp, syscall.SIGKILL); err != nil {
		t.Fatalf("kill Temporal's server: %v", err) // no fault, nothing to test
	}
	killed = time.Now()
	time.Sleep(down) // the outage itself: what is being tested, not a synchronisation
	script, err := filepath.Abs("../../scripts/temporal-cluster")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(script, "restart")
	cmd.Env = append(os.Environ(), "TEMPORAL_CLUSTER_DIR="+dir)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait() // killed at cleanup: its exit status is not news
		close(exited)
	}()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // fails only if the group is gone, which <-exited tells
		<-exited
	})
	c.pgrp = cmd.Process.Pid
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	probe, err := dialCluster(ctx, c.addr, exited)
	if err != nil {
		t.Fatalf("%v\nserver log:\n%s", err, e2e.Tail(filepath.Join(dir, "server.log"), 3000))
	}
	probe.Close()
	return killed, time.Now()
}

// checkServedAfterOutage holds what the API served a while after Temporal's
// server came back (served) against the settled logs (final), which the
// other checks tie to Temporal's committed histories: every event written
// before the server came back must be the committed event at its seq. A write
// of a workflow task the server lost with its death (an update in flight)
// that is still served then is a phantom the unconfirmed-write check missed.
func checkServedAfterOutage(t *tally, served, final logs, back time.Time) (checked int) {
	for key, evs := range served {
		settled := final[key]
		for _, e := range evs {
			if !e.At.Before(back) {
				continue // written since: may still be in flight
			}
			checked++
			if e.Seq < 1 || e.Seq > int64(len(settled)) {
				t.phantoms++
				t.breakf("after the outage: %s served event %d (%s by %s at %s), which no committed event has",
					key, e.Seq, e.Type, e.Actor, e.At.Format(time.StampMilli))
				continue
			}
			want := settled[e.Seq-1]
			if e.Type != want.Type || e.Actor != want.Actor || !e.At.Equal(want.At) || jsonText(e.Data) != jsonText(want.Data) {
				t.phantoms++
				t.breakf("after the outage: %s served event %d as %s by %s at %s %s; committed: %s by %s at %s %s",
					key, e.Seq, e.Type, e.Actor, e.At.Format(time.StampMilli), jsonText(e.Data),
					want.Type, want.Actor, want.At.Format(time.StampMilli), jsonText(want.Data))
			}
		}
	}
	return checked
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
