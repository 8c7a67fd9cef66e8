//go:build chaos

package chaos

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"go.temporal.io/sdk/client"
)

// snapshot is what the projection and Temporal hold for one campaign once
// the system has settled.
type snapshot struct {
	campaign  string
	tasks     []string
	views     map[string]taskView
	events    map[string][]event
	committed map[string]committedUpdates
	wfSeq     map[string]int64
}

// takeSnapshot reads every task's view and log from the API, and its
// committed updates and current seq from Temporal.
func takeSnapshot(ctx context.Context, c *api, token string, tc client.Client, campaign string, tasks []string) (snapshot, error) {
	s := snapshot{campaign: campaign, tasks: tasks, views: map[string]taskView{}, events: map[string][]event{},
		committed: map[string]committedUpdates{}, wfSeq: map[string]int64{}}
	for _, id := range tasks {
		v, err := c.Task(ctx, token, campaign, id)
		if err != nil {
			return s, err
		}
		s.views[id] = v
		if s.events[id], err = c.Events(ctx, token, campaign, id); err != nil {
			return s, err
		}
		if s.committed[id], err = readCommitted(ctx, tc, campaign, id); err != nil {
			return s, err
		}
		if s.wfSeq[id], err = workflowSeq(ctx, tc, campaign, id); err != nil {
			return s, fmt.Errorf("query %s/%s: %w", campaign, id, err)
		}
	}
	return s, nil
}

// tally is a scenario's outcome: the counts of its summary line and every
// invariant that broke.
type tally struct {
	Sent, Acked, Refused, Unavailable, Unanswered, Other int
	// InOutage: actions sent while PostgreSQL was down; OutageAcked of them 2xx.
	InOutage, OutageAcked      int
	Lost, Phantoms, Duplicates int
	Breaks                     []string
}

func (t *tally) breakf(format string, args ...any) {
	t.Breaks = append(t.Breaks, fmt.Sprintf(format, args...))
}

// place is where a marker was found in the projection.
type place struct {
	task string
	seq  int64
}

// markerOf is the marker an event carries in its note or reason, if any.
func markerOf(e event) string {
	for _, key := range []string{"note", "reason"} {
		if s, ok := e.Data[key].(string); ok && markerPattern.MatchString(s) {
			return s
		}
	}
	return ""
}

// checkMarkers compares what clients were told, what the projection shows
// and what the histories committed:
//   - lost: acknowledged or committed, and not in the projection;
//   - duplicates: in the projection (or committed) more than once;
//   - phantoms: in the projection, and committed by no run of the workflow.
func checkMarkers(t *tally, results []sent, s snapshot) {
	projected := map[string][]place{}
	for _, id := range s.tasks {
		for _, e := range s.events[id] {
			if m := markerOf(e); m != "" {
				projected[m] = append(projected[m], place{id, e.Seq})
			}
		}
	}
	committedIn := map[string][]string{} // marker -> tasks whose history committed it
	failed := map[string]bool{}
	for _, id := range s.tasks {
		for m, n := range s.committed[id].Markers {
			for range n {
				committedIn[m] = append(committedIn[m], id)
			}
		}
		for m := range s.committed[id].Failed {
			failed[m] = true
		}
	}
	lost, dup := map[string]bool{}, map[string]bool{}
	for _, r := range results {
		if !r.acked() {
			continue
		}
		got := projected[r.Marker]
		switch {
		case len(got) == 0:
			lost[r.Marker] = true
			t.breakf("lost: %s %s on %s answered %d, not in the event log (committed %d times)", r.Marker, r.Action, r.Task, r.Status, len(committedIn[r.Marker]))
		case len(got) > 1:
			dup[r.Marker] = true
			t.breakf("duplicate: %s %s on %s is in the log %d times %v", r.Marker, r.Action, r.Task, len(got), got)
		case got[0].task != r.Task:
			t.breakf("misplaced: %s was sent to %s, logged under %s", r.Marker, r.Task, got[0].task)
		}
		if len(committedIn[r.Marker]) == 0 {
			t.breakf("acknowledged, not committed: %s %s on %s answered %d, no history accepted it (failed in handler: %v)", r.Marker, r.Action, r.Task, r.Status, failed[r.Marker])
		}
	}
	for m, tasks := range committedIn {
		if len(tasks) > 1 {
			dup[m] = true
			t.breakf("duplicate: %s committed %d times in history (%v)", m, len(tasks), tasks)
		}
		switch got := projected[m]; {
		case len(got) == 0 && !lost[m]:
			lost[m] = true
			t.breakf("lost: %s committed in %s (unacknowledged), not in the event log", m, tasks[0])
		case len(got) > 1 && !dup[m]:
			dup[m] = true
			t.breakf("duplicate: %s committed, in the log %d times %v", m, len(got), got)
		}
	}
	phantoms := 0
	for m, got := range projected {
		if len(committedIn[m]) == 0 {
			phantoms++
			t.breakf("phantom: %s in the log at %v, committed by no run (its update failed: %v)", m, got, failed[m])
		}
	}
	t.Lost += len(lost)
	t.Duplicates += len(dup)
	t.Phantoms += phantoms
}

// checkSeq: every log is gap-free 1..N, N is the projected view's seq, and
// the workflow holds the same N (the projection converged).
func checkSeq(t *tally, s snapshot) {
	for _, id := range s.tasks {
		evs := s.events[id]
		for i, e := range evs {
			if e.Seq != int64(i+1) {
				t.breakf("seq: %s/%s event %d has seq %d", s.campaign, id, i+1, e.Seq)
				break
			}
		}
		n := int64(len(evs))
		if v := s.views[id]; v.Seq != n {
			t.breakf("seq: %s/%s has %d events, its view says seq %d", s.campaign, id, n, v.Seq)
		}
		if w := s.wfSeq[id]; w != n {
			t.breakf("convergence: %s/%s has %d events in the projection, its workflow is at seq %d", s.campaign, id, n, w)
		}
	}
}

// totals are the report's campaign figures (report.Totals).
type totals struct {
	Tasks        int `json:"tasks"`
	Closed       int `json:"closed"`
	ClosedPct    int `json:"closed_pct"`
	Open         int `json:"open"`
	Submitted    int `json:"submitted"`
	Green        int `json:"green"`
	Yellow       int `json:"yellow"`
	Red          int `json:"red"`
	ClosedOnTime int `json:"closed_on_time"`
	Overdue      int `json:"overdue"`
}

// recount adds up a task list by the report's rules (SPEC section 5):
// cancelled tasks count nowhere, lights and lateness only for unclosed ones.
func recount(tasks []taskView) totals {
	var t totals
	for _, v := range tasks {
		if v.Status == "cancelled" {
			continue
		}
		t.Tasks++
		switch v.Status {
		case "closed":
			t.Closed++
			if v.ClosedOnTime != nil && *v.ClosedOnTime {
				t.ClosedOnTime++
			}
		case "open":
			t.Open++
		case "submitted":
			t.Submitted++
		}
		if v.Status != "closed" {
			switch v.Light {
			case "green":
				t.Green++
			case "yellow":
				t.Yellow++
			case "red":
				t.Red++
			}
			if v.Overdue {
				t.Overdue++
			}
		}
	}
	if t.Tasks > 0 {
		t.ClosedPct = (200*t.Closed + t.Tasks) / (2 * t.Tasks)
	}
	return t
}

// checkRollup compares the report's totals (the rollup counters) with a
// recount of the task list.
func checkRollup(ctx context.Context, t *tally, c *api, token, campaign string) {
	var rep struct {
		Totals totals `json:"totals"`
	}
	if err := c.Must(ctx, 200, token, "GET", "/api/v1/campaigns/"+campaign+"/report", nil, &rep); err != nil {
		t.breakf("rollup: %v", err)
		return
	}
	list, err := c.AllTasks(ctx, token, campaign)
	if err != nil {
		t.breakf("rollup: %v", err)
		return
	}
	if want := recount(list); rep.Totals != want {
		t.breakf("rollup: %s report totals %+v, the task list counts %+v", campaign, rep.Totals, want)
	}
}

// checkTimers: each timer task reminded once, at or after its reminder was
// due, and escalated once, at or after its deadline.
func checkTimers(t *tally, s snapshot, deadlines map[string]time.Time) {
	for _, id := range s.tasks {
		d := deadlines[id]
		var reminders, escalations []time.Time
		for _, e := range s.events[id] {
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
				t.breakf("timer: %s/%s has %d %s events, want 1 (due %s)", s.campaign, id, len(got), kind, due.Format(time.RFC3339))
			case got[0].Before(due):
				t.breakf("timer: %s/%s %s at %s, before it was due at %s", s.campaign, id, kind, got[0].Format(time.RFC3339Nano), due.Format(time.RFC3339Nano))
			}
		}
		check("reminder", reminders, d.Add(-timerRemindBefore))
		check("escalated", escalations, d)
	}
}

// answerBreakdown counts the answers per action and status ("submit 200"),
// with one example body per refusal kind, for the log.
func answerBreakdown(results []sent) []string {
	count := map[string]int{}
	example := map[string]string{}
	for _, r := range results {
		key := fmt.Sprintf("%s %d", r.Action, r.Status)
		count[key]++
		if r.Status >= 400 && example[key] == "" {
			example[key] = r.Body
		}
	}
	var out []string
	for key, n := range count {
		line := fmt.Sprintf("%-22s %5d", key, n)
		if example[key] != "" {
			line += "  e.g. " + shorten(example[key], 160)
		}
		out = append(out, line)
	}
	sort.Strings(out)
	return out
}

// checkAnswers classifies every answer. Acceptable: 2xx; a refusal of the
// rules (403, 409, 422 as problem+json: the client acted on a stale view);
// 503 problem+json; no answer while a fault was under way. During a
// PostgreSQL outage only success or 503 problem+json (or a refusal, which
// the workflow gives without the database) are acceptable.
func checkAnswers(t *tally, results []sent, faults []fault) {
	t.Sent += len(results)
	var others []string
	for _, r := range results {
		inFault, inOutage := false, false
		for _, f := range faults {
			// The answer may be lost up to a moment after the fault ends
			// (the old connection's reset arrives late).
			if r.Start.Before(f.Until.Add(time.Second)) && r.End.After(f.At) {
				inFault = true
			}
			if f.Kind == faultPostgres && !r.Start.Before(f.At) && r.Start.Before(f.Until) {
				inOutage = true
			}
		}
		if inOutage {
			t.InOutage++
			if r.acked() {
				t.OutageAcked++
			}
		}
		ok := false
		switch {
		case r.acked():
			t.Acked++
			ok = true
		case r.Status == 0:
			t.Unanswered++
			ok = inFault && !inOutage
			if inOutage {
				for _, f := range faults { // a kill during its wait excuses it still
					if f.Kind == faultKill && r.Start.Before(f.Until) && r.End.After(f.At) {
						ok = true
					}
				}
			}
		case r.Problem && (r.Status == 403 || r.Status == 409 || r.Status == 422):
			t.Refused++
			ok = true
		case r.Problem && r.Status == 503:
			t.Unavailable++
			ok = true
		default:
			t.Other++
		}
		if !ok {
			where := ""
			if inOutage {
				where = " during a PostgreSQL outage"
			}
			others = append(others, fmt.Sprintf("%s %s on %s%s: status %d problem=%v %s%s (%s)",
				r.Marker, r.Action, r.Task, where, r.Status, r.Problem, r.Err, r.Body, r.End.Sub(r.Start).Round(time.Millisecond)))
		}
	}
	sort.Strings(others)
	for i, o := range others {
		if i == 20 {
			t.breakf("answers: %d more unacceptable answers", len(others)-i)
			break
		}
		t.breakf("answer: %s", o)
	}
}

// checkReadyz: every /readyz answer while PostgreSQL was down was not-ready
// (non-2xx). No answer at all counts as not ready too.
func checkReadyz(t *tally, faults []fault) {
	for i, f := range faults {
		if f.Kind != faultPostgres {
			continue
		}
		if len(f.Readyz) == 0 {
			t.breakf("readyz: outage %d was not probed", i+1)
		}
		for _, status := range f.Readyz {
			if status >= 200 && status < 300 {
				t.breakf("readyz: answered %d while PostgreSQL was down (outage at fault %d: %v)", status, i+1, f.Readyz)
				break
			}
		}
	}
}

// summaryLine is the one line per scenario the suite ends with.
func summaryLine(scenario string, faults []fault, t tally, repairs, startupDiffs int, reconcile string) string {
	verdict := "PASS"
	if len(t.Breaks) > 0 {
		verdict = "FAIL"
	}
	return fmt.Sprintf("chaos %-8s %s kills=%d postgres_restarts=%d sent=%d acked=%d refused=%d unavailable=%d unanswered=%d other=%d lost=%d phantoms=%d duplicates=%d repairs=%d startup_differences=%d reconcile=%s invariant_breaks=%d",
		scenario, verdict, countFaults(faults, faultKill), countFaults(faults, faultPostgres), t.Sent, t.Acked, t.Refused,
		t.Unavailable, t.Unanswered, t.Other, t.Lost, t.Phantoms, t.Duplicates, repairs, startupDiffs, reconcile, len(t.Breaks))
}

// report writes the broken invariants, a bounded number of each kind.
func (t tally) report(logf func(string, ...any)) {
	byKind := map[string]int{}
	for _, b := range t.Breaks {
		kind, _, _ := strings.Cut(b, ":")
		byKind[kind]++
		if byKind[kind] <= 15 {
			logf("BROKEN %s", b)
		} else if byKind[kind] == 16 {
			logf("BROKEN %s: … (more of this kind not shown)", kind)
		}
	}
}
