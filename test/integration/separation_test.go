package integration

import (
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// Separation of duties (SPEC section 15): the approver names the task's
// owner as their substitute; the owner still may neither approve nor return
// their own submission (403 naming the rule, the task unchanged), while the
// approver signs it off. Once per projection database.
func TestOwnerAsSubstituteCannotSignOffOwnSubmission(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d := newDev(t, kind)
			tok := d.team()
			d.must(201, tok["boss"], "POST", "/api/v1/campaigns", smallPlan("sod", "T1"), nil)
			d.must(200, tok["li"], "POST", taskPath("sod", "T1", "submit"), map[string]any{"note": "done"}, nil)
			until := time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
			d.must(201, tok["zhao"], "PUT", "/api/v1/people/zhao/substitute", map[string]any{"substitute": "li", "until": until}, nil)

			for _, refused := range []struct {
				action string
				body   map[string]any
			}{
				{"approve", map[string]any{"note": "mine"}},
				{"return", map[string]any{"reason": "mine"}},
			} {
				// The rule is named in the reader's language: Chinese
				// by default, English when asked.
				for lang, words := range map[string]string{"": "职责分离", "en": "separation of duties"} {
					r := d.call(tok["li"], "POST", taskPath("sod", "T1", refused.action), refused.body, "Accept-Language", lang)
					expectProblem(t, r, 403, "")
					var p problem
					r.json(t, &p)
					if !strings.Contains(p.Detail, words) {
						t.Errorf("%s by the owner as substitute (Accept-Language %q): the refusal does not name the rule: %s", refused.action, lang, p.Detail)
					}
				}
			}
			var v taskView
			d.must(200, tok["li"], "GET", taskPath("sod", "T1", ""), nil, &v)
			if v.Status != "submitted" || v.CurrentApprover != "zhao" || v.Attempt != 1 {
				t.Fatalf("after the refusals: %+v", v)
			}
			d.must(200, tok["zhao"], "POST", taskPath("sod", "T1", "approve"), map[string]any{}, &v)
			if v.CurrentApprover != "wang" {
				t.Fatalf("zhao's own approval: %+v", v)
			}
		})
	}
}
