//go:build cluster

package cluster

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.temporal.io/sdk/client"
)

// tally is the outcome: the summary's counts and every invariant that broke.
type tally struct {
	sent, acked, refused, unavailable, unanswered, other int
	lost, duplicates, phantoms                           int
	breaks                                               []string
}

func (t *tally) breakf(format string, args ...any) {
	t.breaks = append(t.breaks, fmt.Sprintf(format, args...))
}

// markerPattern is what the stream and the test put in a note or reason.
var markerPattern = regexp.MustCompile(`^[mx]\d+-\d{5}$`)

// logs is every task's event log, read once the deployment settled.
type logs map[string][]event // campaign/task -> events

func readLogs(ctx context.Context, c *apiClient, token string, campaigns map[string][]string) (logs, error) {
	out := logs{}
	for campaign, ids := range campaigns {
		for _, id := range ids {
			evs, err := c.Events(ctx, token, campaign, id)
			if err != nil {
				return nil, err
			}
			out[campaign+"/"+id] = evs
		}
	}
	return out, nil
}

// checkAnswers classifies every answer. Acceptable: 2xx; a refusal of the
// rules (403, 409, 422: the client acted on a stale view); 503 (an action
// that waited past its limit, as during the worker's takeover); no answer
// only from an API killed while the request was in flight.
func checkAnswers(t *tally, results []sent, killedAPI *proc) {
	t.sent += len(results)
	for _, r := range results {
		switch {
		case r.acked():
			t.acked++
		case r.status == 403 || r.status == 409 || r.status == 422:
			t.refused++
		case r.status == 503:
			t.unavailable++
		case r.status == 0:
			t.unanswered++
			if r.api != killedAPI.name || killedAPI.killed.IsZero() || r.end.Before(killedAPI.killed) {
				t.breakf("answer: %s %s on %s through %s got no answer, and no kill explains it: %s", r.marker, r.action, r.task, r.api, r.err)
			}
		default:
			t.other++
			t.breakf("answer: %s %s on %s through %s: %d %s", r.marker, r.action, r.task, r.api, r.status, r.body)
		}
	}
}

// checkMarkers: an acknowledged action is in its task's log exactly once; a
// refused one is not there; one without an answer at most once; no marker is
// logged under another task.
func checkMarkers(t *tally, results []sent, l logs, campaign string) {
	found := map[string][]string{} // marker -> where (task@seq)
	for key, evs := range l {
		for _, e := range evs {
			for _, field := range []string{"note", "reason"} {
				if m, ok := e.Data[field].(string); ok && markerPattern.MatchString(m) {
					found[m] = append(found[m], fmt.Sprintf("%s@%d", key, e.Seq))
				}
			}
		}
	}
	for _, r := range results {
		where := found[r.marker]
		own := campaign + "/" + r.task + "@"
		for _, w := range where {
			if !strings.HasPrefix(w, own) {
				t.breakf("misplaced: %s was sent to %s, logged at %s", r.marker, r.task, w)
			}
		}
		switch {
		case len(where) > 1:
			t.duplicates++
			t.breakf("duplicate: %s %s on %s (answered %d) is in the log %d times %v", r.marker, r.action, r.task, r.status, len(where), where)
		case r.acked() && len(where) == 0:
			t.lost++
			t.breakf("lost: %s %s on %s answered %d through %s, not in the event log", r.marker, r.action, r.task, r.status, r.api)
		case r.status >= 400 && r.status < 500 && len(where) > 0:
			t.phantoms++
			t.breakf("phantom: %s %s on %s was refused (%d) and is in the log at %v", r.marker, r.action, r.task, r.status, where)
		}
	}
}

// checkSeq: every log is gap-free 1..N, the task's view says N, and its
// workflow holds N too (the projection converged on what Temporal committed).
func checkSeq(ctx context.Context, t *tally, c *apiClient, token string, tc client.Client, l logs) {
	keys := make([]string, 0, len(l))
	for k := range l {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		evs := l[key]
		for i, e := range evs {
			if e.Seq != int64(i+1) {
				t.breakf("seq: %s event %d has seq %d", key, i+1, e.Seq)
				break
			}
		}
		campaign, id, _ := strings.Cut(key, "/")
		v, err := c.Task(ctx, token, campaign, id)
		if err != nil {
			t.breakf("seq: %v", err)
			continue
		}
		n := int64(len(evs))
		if v.Seq != n {
			t.breakf("seq: %s has %d events, its view says seq %d", key, n, v.Seq)
		}
		if w, err := workflowSeq(ctx, tc, campaign, id); err != nil || w != n {
			t.breakf("convergence: %s has %d events, its workflow is at seq %d (%v)", key, n, w, err)
		}
	}
}

// checkTimers: each timer task reminded once, not before the reminder was
// due, and escalated once, not before its deadline.
func checkTimers(t *tally, l logs, deadlines map[string]time.Time) {
	for id, d := range deadlines {
		var reminders, escalations []time.Time
		for _, e := range l[timerCampaign+"/"+id] {
			switch e.Type {
			case "reminder":
				reminders = append(reminders, e.At)
			case "escalated":
				escalations = append(escalations, e.At)
			}
		}
		check := func(kind string, got []time.Time, due time.Time) {
			switch {
			case len(got) != 1:
				t.breakf("timer: %s/%s has %d %s events, want 1 (due %s)", timerCampaign, id, len(got), kind, due.Format(time.RFC3339))
			case got[0].Before(due):
				t.breakf("timer: %s/%s %s at %s, before it was due at %s", timerCampaign, id, kind, got[0].Format(time.RFC3339Nano), due.Format(time.RFC3339))
			}
		}
		check("reminder", reminders, d.Add(-timerRemindBefore))
		check("escalated", escalations, d)
	}
}

// checkRollup compares a campaign report's totals with a count of its tasks.
func checkRollup(ctx context.Context, t *tally, c *apiClient, token, campaign string, ids []string) {
	var rep struct {
		Totals struct {
			Tasks, Closed, Open, Submitted int
		} `json:"totals"`
	}
	if err := c.Must(ctx, 200, token, "GET", "/api/v1/campaigns/"+campaign+"/report", nil, &rep); err != nil {
		t.breakf("rollup: %v", err)
		return
	}
	count := map[string]int{}
	for _, id := range ids {
		v, err := c.Task(ctx, token, campaign, id)
		if err != nil {
			t.breakf("rollup: %v", err)
			return
		}
		count[v.Status]++
	}
	got := rep.Totals
	if got.Tasks != len(ids) || got.Closed != count["closed"] || got.Open != count["open"] || got.Submitted != count["submitted"] {
		t.breakf("rollup: %s report says %+v, the tasks count %d tasks %v", campaign, got, len(ids), count)
	}
}

// breakdown counts answers per action, API and status, for the log.
func breakdown(results []sent) []string {
	count := map[string]int{}
	for _, r := range results {
		count[fmt.Sprintf("%-8s %-6s %d", r.action, r.api, r.status)]++
	}
	var out []string
	for k, n := range count {
		out = append(out, fmt.Sprintf("%s %5d", k, n))
	}
	sort.Strings(out)
	return out
}

// slowest are the n slowest answered actions, when each started relative to
// the worker's kill: the takeover shows as the actions that waited for it.
func slowest(results []sent, n int, kill time.Time) []string {
	sorted := append([]sent(nil), results...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].end.Sub(sorted[i].start) > sorted[j].end.Sub(sorted[j].start) })
	var out []string
	for _, r := range sorted[:min(n, len(sorted))] {
		out = append(out, fmt.Sprintf("%s %s on %s through %s: %d in %s, sent at kill%+.1fs",
			r.marker, r.action, r.task, r.api, r.status, r.end.Sub(r.start).Round(time.Millisecond), r.start.Sub(kill).Seconds()))
	}
	return out
}
