package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// Each write path outside the workflows records itself in the audit log, in
// its own transaction, with the actor of the context: a person created or
// changed, a unit created or changed (a write that changes nothing is no
// entry), a calendar year loaded, a campaign imported, a substitute set and
// removed.
func TestWritesAreAudited(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := audit.WithActor(context.Background(), "root")
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(db.CreatePerson(ctx, store.Person{ID: "li", Name: "Li", Roles: []string{store.RoleManager}, CreatedAt: now}))
			_, err := db.SetPersonSettings(ctx, "li", store.PersonSettings{QuietHours: "22:00-08:00"})
			must(err)
			must(db.UpsertPeople(ctx, []store.Person{{ID: "li", Name: "Li", CreatedAt: now}, {ID: "wu", Name: "Wu", CreatedAt: now}}))
			hn := store.Unit{ID: "hn", Name: "海南省", Head: "li", Members: []string{"wu"}, CreatedAt: now}
			must(db.UpsertUnits(ctx, []store.Unit{hn}))
			must(db.UpsertUnits(ctx, []store.Unit{hn})) // the same again: no entry
			hn.Members = []string{"wu", "li"}
			must(db.UpsertUnits(audit.WithActor(ctx, "li"), []store.Unit{hn}))
			_, _, err = db.PutCalendarYear(context.Background(), store.CalendarYear{Calendar: "cn", Year: calendar.Year{Year: 2027,
				Source: "国办发明电〔2026〕1号", Holidays: days(t, "2027-01-01")}, LoadedBy: "cli-admin", LoadedAt: now})
			must(err)
			_, _, err = db.SaveCampaign(ctx, store.Campaign{ID: "c1", Title: "攻坚", Owner: "li", Timezone: "Asia/Shanghai",
				Calendar: []byte(`"cn"`), Start: now, Deadline: now.AddDate(0, 1, 0), Status: store.CampaignImporting,
				PlanHash: "h1", Plan: []byte(`{}`), CreatedAt: now})
			must(err)
			_, _, err = db.AddSubstitution(ctx, store.Substitution{Person: "li", Substitute: "wu", From: now, Until: now.Add(48 * time.Hour),
				Reason: "出差", CreatedBy: "root", CreatedAt: now})
			must(err)
			_, err = db.EndSubstitution(ctx, "li", now.Add(time.Hour))
			must(err)

			entries, _, err := db.AuditLog(ctx, store.AuditFilter{Limit: 100})
			must(err)
			type line struct{ actor, action, target string }
			want := []line{
				{"root", audit.SubstituteRemoved, "person:li"},
				{"root", audit.SubstituteSet, "person:li"},
				{"root", audit.CampaignImported, "campaign:c1"},
				{"cli-admin", audit.CalendarYearLoaded, "calendar:cn/2027"},
				{"li", audit.UnitChanged, "unit:hn"},
				{"root", audit.UnitCreated, "unit:hn"},
				{"root", audit.PersonCreated, "person:wu"},
				{"root", audit.PersonSettingsChanged, "person:li"},
				{"root", audit.PersonCreated, "person:li"},
			}
			if len(entries) != len(want) {
				for _, e := range entries {
					t.Logf("%s %s %s %v", e.Actor, e.Action, e.Target, e.Detail)
				}
				t.Fatalf("%d entries, want %d", len(entries), len(want))
			}
			for i, w := range want {
				if got := (line{entries[i].Actor, entries[i].Action, entries[i].Target}); got != w {
					t.Errorf("entry %d: %+v, want %+v", i, got, w)
				}
			}
			changedUnit := entries[4].Detail
			if m, ok := changedUnit["members"].(map[string]any); !ok || len(changedUnit) != 1 ||
				len(m["before"].([]any)) != 1 || len(m["after"].([]any)) != 2 {
				t.Errorf("unit.changed detail: %v, want only members before and after", changedUnit)
			}
			settings := entries[7].Detail
			if q, ok := settings["quiet_hours"].(map[string]any); !ok || q["after"] != "22:00-08:00" || len(settings) != 1 {
				t.Errorf("person.settings_changed detail: %v", settings)
			}
		})
	}
}
