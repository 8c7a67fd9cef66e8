//go:build chaos

package chaos

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// sheetClient issues supervision sheets (督办单) on the timer campaign's
// tasks, which nobody closes, all through the faults: one request at a
// time, never retried. A sheet's number is taken in the transaction that
// records it, so whatever a kill or an outage cuts, the campaign's numbers
// must run 1..N with no gap and no repeat, and every sheet answered 201 must
// be there under the number it was answered with.
type sheetClient struct {
	api      *api
	token    string
	campaign string
	tasks    []string

	mu    sync.Mutex
	sent  int
	acked map[string]int64 // sheet id → its running number, as answered
}

type sheetAnswer struct {
	ID  string `json:"id"`
	Seq int64  `json:"seq"`
}

// run issues sheets until quit closes, a pause between them so that the
// stream's clients keep the server busy too.
func (sc *sheetClient) run(quit <-chan struct{}) {
	sc.acked = map[string]int64{}
	for i := 0; ; i++ {
		select {
		case <-quit:
			return
		case <-time.After(150 * time.Millisecond):
		}
		task := sc.tasks[i%len(sc.tasks)]
		a := sc.api.Do(context.Background(), sc.token, "POST",
			fmt.Sprintf("/api/v1/campaigns/%s/tasks/%s/sheets", sc.campaign, task),
			map[string]any{"grade": "normal", "note": fmt.Sprintf("chaos sheet %d", i)})
		var got sheetAnswer
		sc.mu.Lock()
		sc.sent++
		if a.Status == 201 && a.Decode(&got) == nil {
			sc.acked[got.ID] = got.Seq
		}
		sc.mu.Unlock()
	}
}

// check lists the campaign's sheets once the server is settled and breaks
// the tally on a gap, a repeat, or an answered sheet that is missing or
// renumbered.
func (sc *sheetClient) check(ctx context.Context, tl *tally) (issued, acked int) {
	var list struct {
		Items []sheetAnswer `json:"items"`
	}
	if err := sc.api.Must(ctx, 200, sc.token, "GET", "/api/v1/campaigns/"+sc.campaign+"/sheets", nil, &list); err != nil {
		tl.breakf("sheets: cannot list them: %v", err)
		return 0, 0
	}
	seqs := make([]int64, 0, len(list.Items))
	stored := map[string]int64{}
	for _, s := range list.Items {
		seqs = append(seqs, s.Seq)
		stored[s.ID] = s.Seq
	}
	slices.Sort(seqs)
	for i, n := range seqs {
		if n != int64(i+1) {
			tl.breakf("sheets: numbers %v are not 1..%d without a gap or a repeat", seqs, len(seqs))
			break
		}
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	for id, n := range sc.acked {
		if got, ok := stored[id]; !ok || got != n {
			tl.breakf("sheets: %s was answered 201 as number %d, stored as %d (present: %v)", id, n, got, ok)
		}
	}
	if len(sc.acked) == 0 {
		tl.breakf("sheets: none of %d issued was answered 201; the check tested nothing", sc.sent)
	}
	return len(seqs), len(sc.acked)
}
