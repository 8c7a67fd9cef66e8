package activities

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/store"
)

// Notify sends one notification through every notifier that has not delivered
// it yet. A retry after a partial failure only repeats the notifiers that
// failed. When a notifier was told to slow down, the next attempt waits for it.
//
// The people it goes to are its recipients with units expanded, and the
// substitute of each who has one now (notify_hold.go). A holdable
// notification is not sent to those in quiet hours: they come back in
// NotifyResult.Held, and the workflow sends it to them again, Released, once
// the quiet ends. A holdable reminder for someone who reads reminders daily
// goes to their bundle of the day instead (bundle.go).
//
// Every send is counted by notifier and outcome: these are attempts, and a
// retried activity counts its sends again. A reminder or an escalation is
// counted by the attempt that completes its first send (every notifier has
// delivered it, this attempt through at least one), so a retry that finds it
// all delivered counts nothing and each is counted once; a released copy is
// not counted again.
func (a *Activities) Notify(ctx context.Context, n task.Notification) (task.NotifyResult, error) {
	now := a.now()
	nc, err := a.resolve(ctx, n, now)
	if err != nil {
		return task.NotifyResult{}, err
	}
	res := task.NotifyResult{Held: nc.held}
	if err := a.bundle(ctx, n, nc, now); err != nil {
		return res, err
	}
	if len(nc.msg.To) == 0 && !nc.msg.ToChannel && (len(nc.held) > 0 || len(nc.bundled) > 0) {
		return res, nil // everyone waits: nothing goes out, nothing is recorded
	}
	if n.Released {
		return res, a.release(ctx, n, nc.msg, now)
	}
	var s sends
	for _, nt := range a.Notifiers {
		done, err := a.Store.Delivered(ctx, n.Task.Campaign, n.Task.ID, n.Event.Seq, nt.Name())
		if err != nil {
			return res, err
		}
		if done {
			continue
		}
		if !s.note(a, nt, nt.Send(ctx, nc.msg)) {
			continue
		}
		if err := a.Store.RecordDelivery(ctx, n.Task.Campaign, n.Task.ID, n.Event.Seq, nt.Name(), now); err != nil {
			return res, err
		}
	}
	if len(s.failed) == 0 && s.sent > 0 {
		a.countDelivered(n.Event)
	}
	return res, s.err()
}

// release sends a held notice to the people it was held for, each through
// each notifier once: the first send's delivery record says nothing of
// them, so these copies are recorded person by person.
func (a *Activities) release(ctx context.Context, n task.Notification, msg notify.Message, now time.Time) error {
	ids := make([]string, len(msg.To))
	for i, r := range msg.To {
		ids[i] = r.ID
	}
	var s sends
	for _, nt := range a.Notifiers {
		done, err := a.Store.ReleasedTo(ctx, n.Task.Campaign, n.Task.ID, n.Event.Seq, nt.Name(), ids)
		if err != nil {
			return err
		}
		m := msg
		m.To = nil
		var to []string
		for _, r := range msg.To {
			if !done[r.ID] {
				m.To = append(m.To, r)
				to = append(to, r.ID)
			}
		}
		if len(m.To) == 0 || !s.note(a, nt, nt.Send(ctx, m)) {
			continue
		}
		if err := a.Store.RecordRelease(ctx, n.Task.Campaign, n.Task.ID, n.Event.Seq, nt.Name(), to, now); err != nil {
			return err
		}
	}
	return s.err()
}

// sends gathers the outcomes of one attempt's sends.
type sends struct {
	failed []string
	wait   time.Duration
	sent   int
}

// note counts one send and reports whether it went out.
func (s *sends) note(a *Activities, nt notify.Notifier, err error) bool {
	a.Metrics.Notified(nt.Name(), err)
	if err != nil {
		s.failed = append(s.failed, fmt.Sprintf("%s: %v", nt.Name(), err))
		var ra *notify.RetryAfter
		if errors.As(err, &ra) && ra.Delay > s.wait {
			s.wait = ra.Delay
		}
		return false
	}
	s.sent++
	return true
}

// err is the attempt's failure, asking for the next attempt no sooner than
// the longest delay a notifier asked for.
func (s *sends) err() error {
	if len(s.failed) == 0 {
		return nil
	}
	return temporal.NewApplicationErrorWithOptions(strings.Join(s.failed, "; "), "NotifyFailed",
		temporal.ApplicationErrorOptions{NextRetryDelay: s.wait})
}

// countDelivered counts a reminder or an escalation whose delivery is
// complete.
func (a *Activities) countDelivered(e task.Event) {
	switch e.Type {
	case task.EventReminder:
		a.Metrics.Reminded()
	case task.EventEscalated:
		a.Metrics.Escalated(eventLevel(e))
	}
}

// eventLevel is an escalation's ladder level: an int when the workflow wrote
// it, a float64 once it came through JSON (as activity input does).
func eventLevel(e task.Event) int {
	switch v := e.Data["level"].(type) {
	case int:
		return v
	case float64:
		return int(v)
	}
	return 0
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
func (a *Activities) recipients(ctx context.Context, n task.Notification) (out []string, via map[string]string, err error) {
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
		unit, ok := task.UnitOf(holder)
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

func (a *Activities) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// logger is the activity's logger, or the default one when Notify runs
// outside an activity (tests call it directly).
func logger(ctx context.Context) interface{ Warn(string, ...any) } {
	if activity.IsActivity(ctx) {
		return activity.GetLogger(ctx)
	}
	return slog.Default()
}
