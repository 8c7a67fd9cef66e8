package task

import (
	"slices"
	"time"
)

// Quiet hours (SPEC section 14), the workflow's side. Whether a recipient is
// in quiet hours is the Notify activity's business: it knows the people.
// The workflow says which notifications may wait (Notification.Holdable),
// keeps every delivery the activity held (NotifyResult.Held) in its state,
// and sends it again, to that recipient alone, when the quiet ends.

// HeldNotice is a notification held for one recipient until Until. Event is
// kept whole: a continue-as-new may come in between, and the new run has
// no other copy of it. Target is a reminder's deadline or milestone.
type HeldNotice struct {
	To     string    `json:"to"`
	Until  time.Time `json:"until"`
	Event  Event     `json:"event"`
	Target time.Time `json:"target,omitzero"`
}

// holdable: everything may wait for the morning except escalations from
// level 2 on and, on flagged tasks (挂牌督战), the requests to sign off and
// the urges.
func (s *State) holdable(typ string, data map[string]any) bool {
	switch typ {
	case EventEscalated:
		level, _ := data["level"].(int)
		return level < 2
	case EventSubmitted, EventApproved, EventReviewOverdue, EventUrged:
		return !s.Spec.Flagged
	}
	return true
}

// Hold records the deliveries the activity held of msg (target: see
// HeldNotice), and reports whether it recorded any. A recipient the notification was
// not for is ignored; a recipient already holding the same event keeps the
// later instant.
func (s *State) Hold(msg Notification, target time.Time, res NotifyResult) bool {
	changed := false
	for _, d := range res.Held {
		if d.To == "" || !slices.Contains(msg.To, d.To) {
			continue
		}
		h := HeldNotice{To: d.To, Until: d.Until, Event: msg.Event, Target: target}
		i := slices.IndexFunc(s.Held, func(o HeldNotice) bool { return o.To == d.To && o.Event.Seq == msg.Event.Seq })
		switch {
		case i < 0:
			s.Held = append(s.Held, h)
		case d.Until.After(s.Held[i].Until):
			s.Held[i] = h
		default:
			continue
		}
		changed = true
	}
	return changed
}

// TakeHeld removes the held notifications due at now, in the order they
// were held: those to send now, and those no longer worth sending.
func (s *State) TakeHeld(now time.Time) (send, dropped []HeldNotice) {
	kept := s.Held[:0:0]
	for _, h := range s.Held {
		switch {
		case h.Until.After(now):
			kept = append(kept, h)
		case s.staleHeld(h, now):
			dropped = append(dropped, h)
		default:
			send = append(send, h)
		}
	}
	if len(send)+len(dropped) > 0 {
		s.Held = kept
		if len(s.Held) == 0 {
			s.Held = nil
		}
	}
	return send, dropped
}

// staleHeld: what the workflow raised itself is not sent late once it has
// stopped being true. A reminder goes only while the task is open and its
// deadline or milestone is still ahead and still the one planned (an
// extension moves it); a review chase only while the task waits for
// sign-off; any other timer's notice (a missed milestone, an escalation, a
// re-plan) only while the task has not ended. What people did (an approval,
// a return, a cancellation) is always told.
func (s *State) staleHeld(h HeldNotice, now time.Time) bool {
	if h.Event.Actor != SystemActor {
		return false
	}
	switch h.Event.Type {
	case EventReminder:
		return s.Status != StatusOpen || !now.Before(h.Target) || !s.plannedTarget(h.Target)
	case EventReviewOverdue:
		return s.Status != StatusSubmitted
	}
	return s.Status.Terminal()
}

// plannedTarget: t is the deadline or a pending milestone's due time.
func (s *State) plannedTarget(t time.Time) bool {
	if t.Equal(s.deadline()) {
		return true
	}
	return slices.ContainsFunc(s.Milestones, func(m MilestoneView) bool {
		return m.State == MilestonePending && m.Due.Equal(t)
	})
}
