package activities

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// Daily bundles (SPEC section 14, internal/temporal/workflows/bundle_contract.go): a reminder
// for someone who chose `reminders: daily` is not sent; it is signalled to
// their bundle workflow of the day, started if need be, which gathers the
// morning's reminders and sends them through SendBundle in one message.

// bundle hands the reminder to the bundle of today (in their timezone) of
// each person in nc.bundled. A retried Notify signals again: the workflow counts an
// item once by its key.
func (a *Activities) bundle(ctx context.Context, n task.Notification, nc notice, now time.Time) error {
	if len(nc.bundled) == 0 {
		return nil
	}
	if a.Temporal == nil {
		return errors.New("daily reminder bundles need a Temporal client")
	}
	campaignLoc := nc.msg.Campaign.Timezone
	key := fmt.Sprintf("%s/%s/%d", n.Task.Campaign, n.Task.ID, n.Event.Seq)
	for _, p := range nc.bundled {
		day := now.In(personLocation(p, campaignLoc)).Format(time.DateOnly)
		item := n
		item.To = []string{p.ID}
		id := workflows.BundleWorkflowID(p.ID, day)
		if _, err := a.Temporal.SignalWithStartWorkflow(ctx, id, workflows.SignalBundleAdd,
			workflows.BundleItem{Key: key, Notification: item},
			client.StartWorkflowOptions{ID: id, TaskQueue: workflows.TaskQueue},
			workflows.BundleWorkflowName, workflows.BundleInput{Person: p.ID, Day: day, SendAt: now.Add(workflows.BundleGather)},
		); err != nil {
			return fmt.Errorf("add reminder %s to the bundle of %s: %w", key, p.ID, err)
		}
	}
	return nil
}

// SendBundle sends a person's gathered reminders as one message through
// every notifier that has not sent this bundle yet (a retry repeats only
// those that failed).
func (a *Activities) SendBundle(ctx context.Context, b workflows.Bundle) error {
	if len(b.Items) == 0 {
		return nil
	}
	people, err := a.Store.PeopleByID(ctx, []string{b.Person})
	if err != nil {
		return err
	}
	p, ok := people[b.Person]
	if !ok {
		p = store.Person{ID: b.Person}
	}
	msg := notify.Bundle{Key: bundleKey(b), To: recipientOf(p), Day: b.Day, BaseURL: a.BaseURL}
	campaigns := map[string]notify.Campaign{}
	for _, it := range b.Items {
		n := it.Notification
		c, ok := campaigns[n.Task.Campaign]
		if !ok {
			stored, err := a.Store.GetCampaign(ctx, n.Task.Campaign)
			if err != nil {
				return fmt.Errorf("campaign %s: %w", n.Task.Campaign, err)
			}
			loc, err := time.LoadLocation(stored.Timezone)
			if err != nil {
				loc = time.UTC
			}
			c = notify.Campaign{ID: stored.ID, Title: stored.Title, Timezone: loc, SlackChannel: stored.SlackChannel}
			campaigns[n.Task.Campaign] = c
		}
		msg.Items = append(msg.Items, notify.Message{Campaign: c, Task: n.Task, Event: n.Event, To: []notify.Recipient{msg.To}, BaseURL: a.BaseURL})
	}
	var s sends
	for _, nt := range a.Notifiers {
		done, err := a.Store.BundleDelivered(ctx, msg.Key, nt.Name())
		if err != nil {
			return err
		}
		if done || !s.note(a, nt, nt.SendBundle(ctx, msg)) {
			continue
		}
		if err := a.Store.RecordBundleDelivery(ctx, msg.Key, nt.Name(), a.now()); err != nil {
			return err
		}
	}
	return s.err()
}

// bundleKey names a bundle by its person, day and the reminders it holds:
// the same on every retry, another for a second bundle later that day.
func bundleKey(b workflows.Bundle) string {
	keys := make([]string, len(b.Items))
	for i, it := range b.Items {
		keys[i] = it.Key
	}
	slices.Sort(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k + "\n"))
	}
	return workflows.BundleWorkflowID(b.Person, b.Day) + "/" + hex.EncodeToString(h.Sum(nil))[:16]
}
