package importing

import (
	"time"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/platform/store"
)

// The plan as the projection keeps it: the campaign row, its people, units
// and tracks.

func campaignRow(p *plan.Plan, doc []byte, now time.Time) store.Campaign {
	cal, _ := p.Calendar.MarshalJSON()
	return store.Campaign{
		ID: p.ID, Title: p.Title, Owner: p.Owner, Timezone: p.Timezone, Calendar: cal,
		Start: p.Start.Time.UTC(), Deadline: campaignDeadline(p), Status: store.CampaignImporting,
		SlackChannel: p.SlackChannel, Digest: p.Digest, QuietHours: p.QuietHours, Tracks: tracks(p),
		PlanHash: p.Hash(), Plan: doc, CreatedAt: now,
	}
}

func people(p *plan.Plan, now time.Time) []store.Person {
	out := make([]store.Person, len(p.People))
	for i, pp := range p.People {
		out[i] = store.Person{ID: pp.ID, Name: pp.Name, Email: pp.Email, SlackID: pp.SlackID, CreatedAt: now,
			PersonSettings: store.PersonSettings{Mobile: pp.Mobile, Timezone: pp.Timezone, QuietHours: pp.QuietHours, Reminders: pp.Reminders}}
	}
	return out
}

func units(p *plan.Plan, now time.Time) []store.Unit {
	out := make([]store.Unit, len(p.Units))
	for i, u := range p.Units {
		out[i] = store.Unit{ID: u.ID, Name: u.Name, Parent: u.Parent, Head: u.Head,
			Contacts: u.Contacts, Members: u.Members, CreatedAt: now}
	}
	return out
}

func tracks(p *plan.Plan) []store.Track {
	out := make([]store.Track, len(p.Tracks))
	for i, t := range p.Tracks {
		out[i] = store.Track{ID: t.ID, Title: t.Title}
	}
	return out
}

// campaignDeadline is the plan's deadline, or the latest task deadline when
// the plan gives none.
func campaignDeadline(p *plan.Plan) time.Time {
	if !p.Deadline.IsZero() {
		return p.Deadline.Time.UTC()
	}
	var last time.Time
	for _, t := range p.Tasks() {
		if t.Deadline.Time.After(last) {
			last = t.Deadline.Time
		}
	}
	return last.UTC()
}
