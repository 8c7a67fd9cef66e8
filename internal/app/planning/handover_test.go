package planning

import (
	"context"
	"encoding/json"
	"testing"
)

// Specs handed over by an import are what the import's activities get: the
// stored plan is not read again (here it could not be parsed). Under
// another calendar version they are not used, and the plan is scheduled
// anew.
func TestImportSpecsTakesHandedOverSpecs(t *testing.T) {
	pl, fs, _ := storedCampaign(t)
	ctx := context.Background()
	want, err := pl.ImportSpecs(ctx, fs.campaign.ID)
	if err != nil {
		t.Fatal(err)
	}
	fresh := New(fs, nil)
	fs.campaign.Plan = json.RawMessage(`{"not": "a plan"}`)
	fresh.HandOverSpecs(fs.campaign.PlanHash, 0, want)
	got, err := fresh.ImportSpecs(ctx, fs.campaign.ID)
	if err != nil {
		t.Fatalf("handed-over specs: %v", err)
	}
	if len(got) != len(want) || &got[0] != &want[0] {
		t.Fatalf("got %d specs, not the %d handed over", len(got), len(want))
	}

	stale := New(fs, nil)
	stale.HandOverSpecs(fs.campaign.PlanHash, 7, want) // scheduled under other calendars
	if _, err := stale.ImportSpecs(ctx, fs.campaign.ID); err == nil {
		t.Fatal("specs of another calendar version were used; want the stored plan read (and, here, refused)")
	}
}
