package integration

import (
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// An approver names a substitute (SPEC section 14): within the window the
// substitute signs off in their place and the event says on whose behalf;
// once the window is ended the substitute is refused. Overlapping windows
// and bad bodies are refused with problem+json naming what is wrong. Once
// per projection database.
func TestSubstituteSignsOffThroughHTTP(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d := newDev(t, kind)
			tok := d.team()
			d.must(201, tok["boss"], "POST", "/api/v1/campaigns", smallPlan("subs", "T1", "T2"), nil)
			for _, task := range []string{"T1", "T2"} {
				d.must(200, tok["li"], "POST", taskPath("subs", task, "submit"), map[string]any{"note": "done"}, nil)
			}
			const sub = "/api/v1/people/zhao/substitute"
			until := time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)

			expectProblem(t, d.call(tok["li"], "PUT", sub, map[string]any{"substitute": "chen", "until": until}), 403, "")
			expectProblem(t, d.call(tok["zhao"], "PUT", sub, map[string]any{"substitute": "zhao", "until": until}), 422, "substitute")
			expectProblem(t, d.call(tok["zhao"], "PUT", sub, map[string]any{"substitute": "nobody", "until": until}), 422, "substitute")
			expectProblem(t, d.call(tok["zhao"], "PUT", sub, map[string]any{"substitute": "chen", "until": "2020-01-01T00:00:00Z"}), 422, "until")
			expectProblem(t, d.call(tok["zhao"], "PUT", sub, map[string]any{"substitute": "chen", "until": "soon"}), 422, "until")
			expectProblem(t, d.call(tok["zhao"], "PUT", sub, map[string]any{"substitute": "chen", "until": until, "extra": 1}), 400, "extra")

			var window struct {
				ID, Person, Substitute, State string
			}
			d.must(201, tok["zhao"], "PUT", sub, map[string]any{"substitute": "chen", "until": until, "reason": "on leave"}, &window)
			if window.Person != "zhao" || window.Substitute != "chen" || window.State != "active" {
				t.Fatalf("window %+v", window)
			}
			later := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
			expectProblem(t, d.call(tok["zhao"], "PUT", sub, map[string]any{"substitute": "wang", "from": later, "until": until}), 409, "")

			// chen signs off T1 for zhao; wang, the next approver, is not chen's to act for.
			var v taskView
			d.must(200, tok["chen"], "POST", taskPath("subs", "T1", "approve"), map[string]any{"note": "for zhao"}, &v)
			if v.CurrentApprover != "wang" {
				t.Fatalf("after chen's approval: %+v", v)
			}
			expectProblem(t, d.call(tok["chen"], "POST", taskPath("subs", "T1", "approve"), map[string]any{}), 403, "")
			var log struct {
				Items []struct {
					Seq        int64  `json:"seq"`
					Actor      string `json:"actor"`
					Type       string `json:"type"`
					OnBehalfOf string `json:"on_behalf_of"`
				} `json:"items"`
			}
			d.must(200, tok["wang"], "GET", taskPath("subs", "T1", "events"), nil, &log)
			approved := log.Items[len(log.Items)-1]
			if approved.Type != "approved" || approved.Actor != "chen" {
				t.Fatalf("last event %+v", approved)
			}
			if approved.OnBehalfOf != "zhao" {
				// Set by the task workflow (SPEC section 14), stored and shown by the projection.
				t.Errorf("chen's approval has on_behalf_of %q, want zhao", approved.OnBehalfOf)
			}

			// Ended: chen acts for nobody on T2, and the window reads as over.
			d.must(200, tok["zhao"], "DELETE", sub, nil, &window)
			if window.State != "over" {
				t.Fatalf("ended window %+v", window)
			}
			expectProblem(t, d.call(tok["chen"], "POST", taskPath("subs", "T2", "approve"), map[string]any{}), 403, "")
			expectProblem(t, d.call(tok["zhao"], "DELETE", sub, nil), 404, "")
			var list struct {
				Items []struct{ State string } `json:"items"`
			}
			d.must(200, tok["chen"], "GET", sub, nil, &list)
			if len(list.Items) != 1 || list.Items[0].State != "over" {
				t.Fatalf("zhao's windows: %+v", list)
			}
			d.must(200, tok["zhao"], "POST", taskPath("subs", "T2", "approve"), map[string]any{}, &v)
			if v.CurrentApprover != "wang" {
				t.Fatalf("zhao's own approval of T2: %+v", v)
			}
		})
	}
}
