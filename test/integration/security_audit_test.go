package integration

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// auditEntry is an entry of GET /api/v1/audit.
type auditEntry struct {
	ID     int64          `json:"id"`
	At     time.Time      `json:"at"`
	Actor  string         `json:"actor"`
	Action string         `json:"action"`
	Target string         `json:"target"`
	Detail map[string]any `json:"detail"`
}

type auditPage struct {
	Items      []auditEntry `json:"items"`
	NextCursor string       `json:"next_cursor"`
}

// The audit log (SPEC section 15), seen from outside: a person created and
// their settings changed, a unit created and changed, a calendar year
// loaded, a campaign imported and re-imported, a substitute set and
// removed are each an entry naming who did it; GET /api/v1/audit filters
// them and pages through them with a cursor; only an admin reads it; no
// entry holds a token. Before the audit log, GET /api/v1/audit was 404.
func TestAuditLogRecordsChanges(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d := newDev(t, kind)
			tok := d.team() // boss (manager), li, zhao, wang, chen
			var admin struct {
				ID string `json:"id"`
			}
			d.must(200, d.admin, "GET", "/api/v1/me", nil, &admin)

			d.must(200, tok["li"], "PATCH", "/api/v1/people/li", map[string]any{"quiet_hours": "22:00-08:00"}, nil)
			d.must(201, tok["boss"], "POST", "/api/v1/units", map[string]any{"id": "hz", "name": "杭州市", "members": []string{"li"}}, nil)
			d.must(200, d.admin, "PUT", "/api/v1/units/hz", map[string]any{"name": "杭州市", "head": "chen", "members": []string{"li"}}, nil)
			d.must(200, d.admin, "PUT", "/api/v1/calendars/cn/years/2027", map[string]any{
				"source": "国办发明电〔2026〕7号", "holidays": []string{"2027-01-01"}, "workdays": []string{}}, nil)
			d.must(201, tok["boss"], "POST", "/api/v1/campaigns", smallPlan("audited", "T1"), nil)
			d.must(200, tok["boss"], "POST", "/api/v1/campaigns", smallPlan("audited", "T1"), nil)
			until := time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
			d.must(201, tok["zhao"], "PUT", "/api/v1/people/zhao/substitute", map[string]any{"substitute": "chen", "until": until, "reason": "出差"}, nil)
			d.must(200, tok["zhao"], "DELETE", "/api/v1/people/zhao/substitute", nil, nil)

			raw := d.must(200, d.admin, "GET", "/api/v1/audit?limit=500", nil, nil)
			var all auditPage
			raw.json(t, &all)
			if all.NextCursor != "" {
				t.Fatalf("500 entries were not enough: %d", len(all.Items))
			}
			has := func(actor, action, target string) {
				t.Helper()
				for _, e := range all.Items {
					if e.Actor == actor && e.Action == action && e.Target == target {
						return
					}
				}
				t.Errorf("no entry %s %s %s", actor, action, target)
			}
			has(admin.ID, "person.created", "person:li")
			has("li", "person.settings_changed", "person:li")
			has("boss", "unit.created", "unit:hz")
			has(admin.ID, "unit.changed", "unit:hz")
			has(admin.ID, "calendar.year_loaded", "calendar:cn/2027")
			has("boss", "campaign.imported", "campaign:audited")
			has("boss", "campaign.reimported", "campaign:audited")
			has("zhao", "substitute.set", "person:zhao")
			has("zhao", "substitute.removed", "person:zhao")
			for id, token := range tok {
				if strings.Contains(string(raw.Body), token) {
					t.Errorf("the audit log holds %s's token", id)
				}
			}
			for i := 1; i < len(all.Items); i++ {
				if all.Items[i].ID >= all.Items[i-1].ID {
					t.Fatalf("not newest first: %d after %d", all.Items[i].ID, all.Items[i-1].ID)
				}
			}

			// Filters.
			var unit auditPage
			d.must(200, d.admin, "GET", "/api/v1/audit?target=unit:hz", nil, &unit)
			if len(unit.Items) != 2 || unit.Items[0].Action != "unit.changed" || unit.Items[1].Action != "unit.created" {
				t.Errorf("target=unit:hz: %+v", unit.Items)
			}
			if head, ok := unit.Items[0].Detail["head"].(map[string]any); !ok || head["before"] != "" || head["after"] != "chen" {
				t.Errorf("unit.changed detail: %v", unit.Items[0].Detail)
			}
			var byZhao auditPage
			d.must(200, d.admin, "GET", "/api/v1/audit?actor=zhao&action=substitute.set", nil, &byZhao)
			if len(byZhao.Items) != 1 || byZhao.Items[0].Detail["substitute"] != "chen" {
				t.Errorf("actor=zhao action=substitute.set: %+v", byZhao.Items)
			}
			middle := all.Items[len(all.Items)/2].At
			var since, until2 auditPage
			d.must(200, d.admin, "GET", "/api/v1/audit?limit=500&since="+url.QueryEscape(middle.Format(time.RFC3339Nano)), nil, &since)
			d.must(200, d.admin, "GET", "/api/v1/audit?limit=500&until="+url.QueryEscape(middle.Format(time.RFC3339Nano)), nil, &until2)
			if len(since.Items)+len(until2.Items) != len(all.Items) || len(since.Items) == 0 {
				t.Errorf("since and until split %d entries into %d and %d", len(all.Items), len(since.Items), len(until2.Items))
			}
			for _, e := range since.Items {
				if e.At.Before(middle) {
					t.Errorf("since %s gave an entry at %s", middle, e.At)
				}
			}

			// Pages of 3, through the cursor, are the whole log once.
			var paged []int64
			for cursor, pages := "", 0; ; pages++ {
				if pages > len(all.Items) {
					t.Fatal("the cursor never ends")
				}
				var p auditPage
				d.must(200, d.admin, "GET", "/api/v1/audit?limit=3&cursor="+url.QueryEscape(cursor), nil, &p)
				if len(p.Items) > 3 {
					t.Fatalf("a page of %d", len(p.Items))
				}
				for _, e := range p.Items {
					paged = append(paged, e.ID)
				}
				if p.NextCursor == "" {
					break
				}
				cursor = p.NextCursor
			}
			var ids []int64
			for _, e := range all.Items {
				ids = append(ids, e.ID)
			}
			if !slices.Equal(paged, ids) {
				t.Errorf("paged ids %v, want %v", paged, ids)
			}

			// Only admins read it; bad filters name themselves.
			for _, who := range []string{"boss", "li"} {
				expectProblem(t, d.call(tok[who], "GET", "/api/v1/audit", nil), 403, "")
			}
			if r := d.call("", "GET", "/api/v1/audit", nil); r.Status != 401 {
				t.Errorf("without a token: %d", r.Status)
			}
			for field, query := range map[string]string{
				"action": "action=unit.deleted", "since": "since=yesterday", "cursor": "cursor=abc", "limit": "limit=501",
			} {
				expectProblem(t, d.call(d.admin, "GET", fmt.Sprintf("/api/v1/audit?%s", query), nil), 400, field)
			}
		})
	}
}
