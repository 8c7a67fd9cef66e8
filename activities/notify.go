package activities

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/closeout/closeout/notify"
	"github.com/closeout/closeout/store"
	"github.com/closeout/closeout/workflows"
)

// Notify sends one notification through every notifier that has not delivered
// it yet. A retry after a partial failure only repeats the notifiers that
// failed. When a notifier was told to slow down, the next attempt waits for it.
//
// Every send is counted by notifier and outcome: these are attempts, and a
// retried activity counts its sends again. A reminder or an escalation is
// counted by the attempt that completes its delivery (every notifier has
// delivered it, this attempt through at least one), so a retry that finds it
// all delivered counts nothing and each is counted once.
func (a *Activities) Notify(ctx context.Context, n workflows.Notification) error {
	msg, err := a.message(ctx, n)
	if err != nil {
		return err
	}
	var (
		failed []string
		wait   time.Duration
		sent   int
	)
	for _, nt := range a.Notifiers {
		done, err := a.Store.Delivered(ctx, n.Task.Campaign, n.Task.ID, n.Event.Seq, nt.Name())
		if err != nil {
			return err
		}
		if done {
			continue
		}
		err = nt.Send(ctx, msg)
		a.Metrics.Notified(nt.Name(), err)
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", nt.Name(), err))
			var ra *notify.RetryAfter
			if errors.As(err, &ra) && ra.Delay > wait {
				wait = ra.Delay
			}
			continue
		}
		sent++
		if err := a.Store.RecordDelivery(ctx, n.Task.Campaign, n.Task.ID, n.Event.Seq, nt.Name(), time.Now()); err != nil {
			return err
		}
	}
	if len(failed) == 0 {
		if sent > 0 {
			a.countDelivered(n.Event)
		}
		return nil
	}
	return temporal.NewApplicationErrorWithOptions(strings.Join(failed, "; "), "NotifyFailed",
		temporal.ApplicationErrorOptions{NextRetryDelay: wait})
}

// countDelivered counts a reminder or an escalation whose delivery is
// complete.
func (a *Activities) countDelivered(e workflows.Event) {
	switch e.Type {
	case workflows.EventReminder:
		a.Metrics.Reminded()
	case workflows.EventEscalated:
		a.Metrics.Escalated(eventLevel(e))
	}
}

// eventLevel is an escalation's ladder level: an int when the workflow wrote
// it, a float64 once it came through JSON (as activity input does).
func eventLevel(e workflows.Event) int {
	switch v := e.Data["level"].(type) {
	case int:
		return v
	case float64:
		return int(v)
	}
	return 0
}

// message resolves the recipients and the campaign for a notification.
func (a *Activities) message(ctx context.Context, n workflows.Notification) (notify.Message, error) {
	c, err := a.Store.GetCampaign(ctx, n.Task.Campaign)
	if err != nil {
		return notify.Message{}, fmt.Errorf("campaign %s: %w", n.Task.Campaign, err)
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		loc = time.UTC
	}
	to, via, err := a.recipients(ctx, n)
	if err != nil {
		return notify.Message{}, err
	}
	people, err := a.Store.PeopleByID(ctx, to)
	if err != nil {
		return notify.Message{}, err
	}
	msg := notify.Message{
		Campaign:  notify.Campaign{ID: c.ID, Title: c.Title, Timezone: loc, SlackChannel: c.SlackChannel},
		Task:      n.Task,
		Event:     n.Event,
		ToChannel: n.Channel,
		BaseURL:   a.BaseURL,
	}
	for _, id := range to {
		p, ok := people[id]
		if !ok { // an id in a policy that names nobody we know: say so, do not drop it
			p = store.Person{ID: id}
		}
		msg.To = append(msg.To, notify.Recipient{ID: p.ID, Name: p.Name, Email: p.Email, SlackID: p.SlackID, Via: via[id]})
	}
	return msg, nil
}

// recipients are the people a notification goes to: n.To with each unit
// (unit:ID) replaced by its contacts, or its members when it names none,
// each person once, in order. The unit is looked up now, so a change of
// contacts applies to the next notification. A unit that is not known (any
// more) yields nobody: that is logged, and the others are still told.
//
// via maps each person reached through a unit to that unit's holder id
// (unit:ID), so a sign-off request can carry its buttons to the members of
// an approving unit.
func (a *Activities) recipients(ctx context.Context, n workflows.Notification) (out []string, via map[string]string, err error) {
	seen := map[string]bool{}
	via = map[string]string{}
	add := func(id, holder string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
			if holder != "" {
				via[id] = holder
			}
		}
	}
	for _, holder := range n.To {
		unit, ok := workflows.UnitOf(holder)
		if !ok {
			add(holder, "")
			continue
		}
		ids, err := a.Store.UnitRecipients(ctx, unit)
		if errors.Is(err, store.ErrNotFound) {
			logger(ctx).Warn("notification to an unknown unit: nobody told for it",
				"unit", unit, "campaign", n.Task.Campaign, "task", n.Task.ID, "seq", n.Event.Seq)
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("recipients of unit %s: %w", unit, err)
		}
		for _, id := range ids {
			add(id, holder)
		}
	}
	return out, via, nil
}

// logger is the activity's logger, or the default one when Notify runs
// outside an activity (tests call it directly).
func logger(ctx context.Context) interface{ Warn(string, ...any) } {
	if activity.IsActivity(ctx) {
		return activity.GetLogger(ctx)
	}
	return slog.Default()
}
