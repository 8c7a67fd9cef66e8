package store_test

import (
	"context"
	"testing"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// Migration 11 moves each campaign's plan out of the campaigns row into
// campaign_plans: a campaign imported before it keeps its plan to re-plan
// from, and its doc reads as before.
func TestPlansMoveToTheirOwnTable(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.URL(t, kind))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.MigrateTo(ctx, 10); err != nil {
				t.Fatal(err)
			}
			const plan = `{"id":"old","tracks":[{"id":"A","tasks":[{"id":"T1"}]}]}`
			const doc = `{"id":"old","title":"Imported before","status":"active","tracks":[{"id":"A","title":"A"}],"plan_hash":"h"}`
			if _, err := db.SQL().ExecContext(ctx, `INSERT INTO campaigns (id, title, owner, timezone, calendar, start_at, deadline,
				status, plan_hash, plan, doc, created_at) VALUES ('old', 'Imported before', 'boss', 'Asia/Shanghai', 'cn', 0, 0,
				'active', 'h', $1, $2, 0)`, plan, doc); err != nil {
				t.Fatal(err)
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			got, err := db.CampaignPlan(ctx, "old")
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != plan {
				t.Fatalf("plan after the migration: %s", got)
			}
			c, err := db.GetCampaign(ctx, "old")
			if err != nil {
				t.Fatal(err)
			}
			if c.Title != "Imported before" || c.PlanHash != "h" {
				t.Fatalf("campaign after the migration: %+v", c)
			}
		})
	}
}
