package activities

import (
	"context"
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/quiethours"
	"github.com/closeout/closeout/internal/platform/store"
)

// Who a notification reaches, and when (SPEC section 14): the substitutes
// of the people it is for are told too; quiet hours hold what may wait; a
// daily reader's reminders wait for their bundle.

// notice is a notification resolved at one instant: the message to send
// now, the people it waits for (held until their quiet hours end, or
// bundled), and what was looked up to decide.
type notice struct {
	msg      notify.Message
	held     []task.HeldDelivery
	bundled  []store.Person
	campaign store.Campaign
}

// resolve reads the campaign and the recipients and decides, person by
// person, who is told now. A Released notice goes to its people as they
// are (their substitutes were told with the first send, or held in their
// own right and released with it) and is held no more, though a daily
// reader's reminder still goes to their bundle.
func (a *Activities) resolve(ctx context.Context, n task.Notification, now time.Time) (notice, error) {
	c, err := a.Store.GetCampaign(ctx, n.Task.Campaign)
	if err != nil {
		return notice{}, fmt.Errorf("campaign %s: %w", n.Task.Campaign, err)
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		loc = time.UTC
	}
	to, via, err := a.recipients(ctx, n)
	if err != nil {
		return notice{}, err
	}
	standsFor := map[string]string{}
	if !n.Released {
		if to, standsFor, err = a.withSubstitutes(ctx, to, now); err != nil {
			return notice{}, err
		}
	}
	people, err := a.Store.PeopleByID(ctx, to)
	if err != nil {
		return notice{}, err
	}
	nc := notice{campaign: c, msg: notify.Message{
		Campaign:  notify.Campaign{ID: c.ID, Title: c.Title, Timezone: loc, SlackChannel: c.SlackChannel},
		Task:      n.Task,
		Event:     n.Event,
		ToChannel: n.Channel && !n.Released, // the channel had its post with the first send
		BaseURL:   a.BaseURL,
	}}
	for _, id := range to {
		p, ok := people[id]
		if !ok { // an id in a policy that names nobody we know: say so, do not drop it
			p = store.Person{ID: id}
		}
		if n.Holdable && !n.Released {
			if until, quiet := quietUntil(ctx, p, c, loc, now); quiet {
				nc.held = append(nc.held, task.HeldDelivery{To: id, Until: until})
				continue
			}
		}
		if n.Holdable && n.Event.Type == task.EventReminder && p.Reminders == plan.RemindersDaily {
			nc.bundled = append(nc.bundled, p)
			continue
		}
		r := recipientOf(p)
		r.For = standsFor[id]
		r.Via = via[id]
		if r.For != "" {
			r.Via = via[r.For] // told for the person, so for their unit as well
		}
		nc.msg.To = append(nc.msg.To, r)
	}
	return nc, nil
}

func recipientOf(p store.Person) notify.Recipient {
	return notify.Recipient{ID: p.ID, Name: p.Name, Email: p.Email, SlackID: p.SlackID, Mobile: p.Mobile}
}

// withSubstitutes adds, after each person who has a substitute now, that
// substitute, unless they are told already; standsFor maps each one added
// to the person they stand in for. One level: a substitute's own
// substitute is not added.
func (a *Activities) withSubstitutes(ctx context.Context, to []string, now time.Time) ([]string, map[string]string, error) {
	standsFor := map[string]string{}
	subs, err := a.Store.SubstitutesAt(ctx, to, now)
	if err != nil || len(subs) == 0 {
		return to, standsFor, err
	}
	told := map[string]bool{}
	for _, id := range to {
		told[id] = true
	}
	out := make([]string, 0, len(to)+len(subs))
	for _, id := range to {
		out = append(out, id)
		if sub, ok := subs[id]; ok && !told[sub] {
			told[sub] = true
			standsFor[sub] = id
			out = append(out, sub)
		}
	}
	return out, standsFor, nil
}

// quietUntil reports whether now is inside p's quiet hours (theirs, else
// the campaign's), read in their timezone (else the campaign's), and when
// they end. Settings that do not parse (stored before they were checked)
// hold nothing: a message sent is better than one lost.
func quietUntil(ctx context.Context, p store.Person, c store.Campaign, campaignLoc *time.Location, now time.Time) (time.Time, bool) {
	hours := p.QuietHours
	if hours == "" {
		hours = c.QuietHours
	}
	w, err := quiethours.Parse(hours)
	if err != nil {
		logger(ctx).Warn("quiet hours that do not parse: not holding", "person", p.ID, "quiet_hours", hours, "error", err)
		return time.Time{}, false
	}
	return w.Until(now, personLocation(p, campaignLoc))
}

// personLocation is p's timezone, or the campaign's when they set none (or
// one that does not load).
func personLocation(p store.Person, campaignLoc *time.Location) *time.Location {
	if p.Timezone == "" {
		return campaignLoc
	}
	loc, err := time.LoadLocation(p.Timezone)
	if err != nil {
		return campaignLoc
	}
	return loc
}
