//go:build chaos

package chaos

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// Scenario 3: the current approver approves and returns the same submitted
// task at the same moment. Exactly one of the two wins (200); the other finds
// the task no longer waiting for sign-off (409); the log holds the winner
// only. A task whose return won is submitted again and raced again.
func TestApproveReturnRace(t *testing.T) {
	const tasks, maxRounds, parallel = 20, 5, 4
	ctx := context.Background()
	logDir := keptDir(t, "closeout-chaos-race-")
	dev, err := newDevProc(t.TempDir(), "", logDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dev.kill)
	if err := dev.start(); err != nil {
		t.Fatal(err)
	}
	c := newAPI(dev.base(), 45*time.Second)
	tokens, err := c.Team(ctx, dev.admin)
	if err != nil {
		t.Fatal(err)
	}
	ids := taskIDs("R", tasks)
	if err := c.Must(ctx, 201, tokens["boss"], "POST", "/api/v1/campaigns", racePlan(ids), nil); err != nil {
		t.Fatal(err)
	}

	var (
		mu                     sync.Mutex
		tl                     tally
		rounds, approvals, ret int
		winners                = map[string][]string{} // task -> markers that must be in its log
		losers                 = map[string][]string{} // task -> markers that must not
	)
	race := func(id string) {
		for round := 1; round <= maxRounds; round++ {
			submit := fmt.Sprintf("c9-%03d%03d", taskNum(id), round)
			if err := c.Must(ctx, 200, tokens["li"], "POST", taskPath(raceCampaign, id, "submit"), map[string]any{"note": submit}, nil); err != nil {
				mu.Lock()
				tl.breakf("race: %s round %d: submit: %v", id, round, err)
				mu.Unlock()
				return
			}
			approveM := fmt.Sprintf("c7-%03d%03d", taskNum(id), round)
			returnM := fmt.Sprintf("c8-%03d%03d", taskNum(id), round)
			var wg sync.WaitGroup
			var approve, reject answer
			gate := make(chan struct{})
			wg.Add(2)
			go func() {
				defer wg.Done()
				<-gate
				approve = c.Do(ctx, tokens["zhao"], "POST", taskPath(raceCampaign, id, "approve"), map[string]any{"note": approveM})
			}()
			go func() {
				defer wg.Done()
				<-gate
				reject = c.Do(ctx, tokens["zhao"], "POST", taskPath(raceCampaign, id, "return"), map[string]any{"reason": returnM})
			}()
			close(gate)
			wg.Wait()

			mu.Lock()
			rounds++
			tl.Sent += 3
			tl.Acked++ // the submit
			won := ""
			switch {
			case approve.OK() && isConflict(reject):
				won, approvals = "approve", approvals+1
				winners[id] = append(winners[id], submit, approveM)
				losers[id] = append(losers[id], returnM)
			case reject.OK() && isConflict(approve):
				won, ret = "return", ret+1
				winners[id] = append(winners[id], submit, returnM)
				losers[id] = append(losers[id], approveM)
			default:
				tl.breakf("race: %s round %d: approve answered %s; return answered %s (want one 200, one 409 problem)", id, round, approve, reject)
			}
			if won != "" {
				tl.Acked++
				tl.Refused++
			}
			mu.Unlock()
			if won != "return" {
				return // closed (or broken): no further round
			}
		}
	}
	sem := make(chan struct{}, parallel)
	var all sync.WaitGroup
	for _, id := range ids {
		all.Add(1)
		sem <- struct{}{}
		go func() {
			defer all.Done()
			defer func() { <-sem }()
			race(id)
		}()
	}
	all.Wait()

	// Each log: gap-free, the winners once each, no loser.
	for _, id := range ids {
		evs, err := c.Events(ctx, tokens["li"], raceCampaign, id)
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for i, e := range evs {
			if e.Seq != int64(i+1) {
				tl.breakf("seq: %s event %d has seq %d", id, i+1, e.Seq)
			}
			if m := markerOf(e); m != "" {
				count[m]++
			}
		}
		for _, m := range winners[id] {
			if count[m] != 1 {
				tl.breakf("race: %s: winner %s is in the log %d times", id, m, count[m])
				if count[m] == 0 {
					tl.Lost++
				} else {
					tl.Duplicates++
				}
			}
		}
		for _, m := range losers[id] {
			if count[m] != 0 {
				tl.Phantoms++
				tl.breakf("race: %s: the refused %s is in the log", id, m)
			}
		}
	}
	checkRollup(ctx, &tl, c, tokens["boss"], raceCampaign)
	dev.stop()

	line := fmt.Sprintf("chaos %-8s %s rounds=%d approve_won=%d return_won=%d sent=%d acked=%d refused=%d lost=%d phantoms=%d duplicates=%d invariant_breaks=%d",
		"race", verdictOf(tl), rounds, approvals, ret, tl.Sent, tl.Acked, tl.Refused, tl.Lost, tl.Phantoms, tl.Duplicates, len(tl.Breaks))
	addSummary(line)
	t.Log(line)
	if len(tl.Breaks) > 0 {
		tl.report(t.Logf)
		t.Errorf("race: %d invariants broke (logs in %s)", len(tl.Breaks), logDir)
	}
}

// isConflict: the answer is a 409 problem.
func isConflict(a answer) bool { return a.Status == 409 && a.Problem() }

func taskNum(id string) int {
	n := 0
	if _, err := fmt.Sscanf(id[1:], "%d", &n); err != nil {
		return 0 // not a numbered task: sorts first
	}
	return n
}

func verdictOf(t tally) string {
	if len(t.Breaks) > 0 {
		return "FAIL"
	}
	return "PASS"
}
