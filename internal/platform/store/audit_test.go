package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// The audit log is read newest first, filtered, and paged with a cursor;
// what is written is cleaned of secrets; the database refuses to update or
// delete an entry.
func TestAuditLog(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
			for i, e := range []audit.Entry{
				{Actor: "admin", Action: audit.PersonCreated, Target: audit.PersonTarget("li")},
				{Actor: "li", Action: audit.TokenIssued, Target: audit.PersonTarget("li"),
					Detail: map[string]any{"token_id": "t1", "token": "co_secret", "nested": map[string]any{"password": "x"}}},
				{Actor: "chen", Action: audit.UnitChanged, Target: audit.UnitTarget("hn")},
				{Actor: "li", Action: audit.UnitCreated, Target: audit.UnitTarget("hn-a")},
				{Actor: "li", Action: audit.UnitChanged, Target: audit.UnitTarget("hn-a")},
			} {
				e.At = at.Add(time.Duration(i) * time.Hour)
				if err := db.RecordAudit(ctx, e); err != nil {
					t.Fatal(err)
				}
			}

			all, next, err := db.AuditLog(ctx, store.AuditFilter{})
			if err != nil || next != "" || len(all) != 5 {
				t.Fatalf("all: %d entries, next %q, %v", len(all), next, err)
			}
			if all[0].Target != "unit:hn-a" || all[0].Action != audit.UnitChanged || !all[0].At.Equal(at.Add(4*time.Hour)) {
				t.Errorf("newest first: got %+v", all[0])
			}
			issued := all[3]
			if issued.Detail["token"] != audit.Redacted || issued.Detail["token_id"] != "t1" ||
				issued.Detail["nested"].(map[string]any)["password"] != audit.Redacted {
				t.Errorf("a secret reached the log: %v", issued.Detail)
			}

			byLi, _, err := db.AuditLog(ctx, store.AuditFilter{Actor: "li"})
			if err != nil || len(byLi) != 3 {
				t.Errorf("actor=li: %d entries, %v", len(byLi), err)
			}
			unit, _, err := db.AuditLog(ctx, store.AuditFilter{Target: "unit:hn-a", Action: audit.UnitChanged})
			if err != nil || len(unit) != 1 || unit[0].Actor != "li" {
				t.Errorf("target=unit:hn-a action=unit.changed: %+v, %v", unit, err)
			}
			window, _, err := db.AuditLog(ctx, store.AuditFilter{Since: at.Add(time.Hour), Until: at.Add(3 * time.Hour)})
			if err != nil || len(window) != 2 || window[0].Actor != "chen" || window[1].Action != audit.TokenIssued {
				t.Errorf("since..until: %+v, %v", window, err)
			}

			var paged []audit.Entry
			cursor := ""
			for pages := 0; ; pages++ {
				if pages > 5 {
					t.Fatal("the cursor never ends")
				}
				page, next, err := db.AuditLog(ctx, store.AuditFilter{Cursor: cursor, Limit: 2})
				if err != nil {
					t.Fatal(err)
				}
				paged = append(paged, page...)
				if next == "" {
					break
				}
				cursor = next
			}
			if len(paged) != 5 {
				t.Fatalf("pages of 2 gave %d entries", len(paged))
			}
			for i := range paged {
				if paged[i].ID != all[i].ID {
					t.Errorf("page order: entry %d is %d, want %d", i, paged[i].ID, all[i].ID)
				}
			}
			if _, _, err := db.AuditLog(ctx, store.AuditFilter{Cursor: "abc"}); !errors.Is(err, store.ErrBadCursor) {
				t.Errorf("a bad cursor: %v, want ErrBadCursor", err)
			}

			for _, q := range []string{`UPDATE audit_log SET actor = 'mallory'`, `DELETE FROM audit_log`} {
				if _, err := db.SQL().ExecContext(ctx, q); err == nil {
					t.Errorf("%s: the database allowed it", q)
				}
			}
			if again, _, _ := db.AuditLog(ctx, store.AuditFilter{}); len(again) != 5 || again[0].Actor != "li" {
				t.Errorf("after the refused update and delete: %+v", again)
			}
		})
	}
}
