package importing

import (
	"context"
	"errors"

	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
)

// Persist writes a planned campaign to the projection: its people, then its
// units (their members are people), then the campaign row with its plan,
// in status importing. A campaign stored with the same plan is answered as
// it is (created false), its re-import audited; one with another plan is a
// Conflict. A unit changed since the gate checked it fails with
// store.ErrUnitChanged.
func (im *Importer) Persist(ctx context.Context, pl Planned) (store.Campaign, bool, error) {
	p := pl.Plan
	existing, err := im.Store.GetCampaign(ctx, p.ID)
	switch {
	case err == nil && existing.PlanHash != p.Hash():
		return store.Campaign{}, false, refuse(Conflict, nil, "campaign %[1]s exists with a different plan; add tasks with POST /api/v1/campaigns/%[1]s/tasks", p.ID)
	case err == nil:
		if err := im.Store.RecordAudit(ctx, audit.Entry{At: im.now(), Actor: pl.actor, Action: audit.CampaignReimported,
			Target: audit.CampaignTarget(p.ID), Detail: map[string]any{"plan_hash": p.Hash(), "status": existing.Status}}); err != nil {
			return store.Campaign{}, false, err
		}
		return existing, false, nil
	case !errors.Is(err, store.ErrNotFound):
		return store.Campaign{}, false, err
	}
	doc, err := p.Canonical()
	if err != nil {
		return store.Campaign{}, false, err
	}
	if err := im.Store.UpsertPeople(ctx, people(p, im.now())); err != nil {
		return store.Campaign{}, false, err
	}
	if len(p.Units) > 0 {
		if err := im.Store.UpsertUnitsAsChecked(ctx, units(p, im.now()), pl.units); err != nil {
			return store.Campaign{}, false, err
		}
	}
	saved, _, err := im.Store.SaveCampaign(ctx, campaignRow(p, doc, im.now()))
	if err != nil {
		return store.Campaign{}, false, err
	}
	if saved.PlanHash != p.Hash() { // someone imported another plan under this id meanwhile
		return store.Campaign{}, false, refuse(Conflict, nil, "campaign %s exists with a different plan", p.ID)
	}
	return saved, true, nil
}
