package task

import (
	"slices"
	"strconv"
	"time"
)

// Everything time-driven about a task is a pure function of its state and the
// clock: Tick fires what is due, NextWake says when something next will be. The
// workflow sleeps until NextWake (or until an update changes the state) and
// calls Tick, so a timer is never patched: it is recomputed after every change.

// Tick fires every timer due at now.
func (s *State) Tick(now time.Time) Effects {
	var e Effects
	if s.Status.Terminal() {
		return e
	}
	s.fireReminders(now, &e)
	s.fireMissedMilestones(now, &e)
	s.fireLadder(now, &e)
	s.fireReview(now, &e)
	if l := s.LightAt(now); l != s.Light {
		s.Light = l
		e.Changed = true
	}
	return e
}

// NextWake is the earliest moment after now at which Tick has something to
// do, or a held notification is due (a task that has ended still sends the
// notices of what people did).
func (s *State) NextWake(now time.Time) (time.Time, bool) {
	var next time.Time
	consider := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, h := range s.Held {
		consider(h.Until)
	}
	if s.Status.Terminal() {
		return next, !next.IsZero()
	}
	if s.Status == StatusOpen {
		for _, r := range s.reminders() {
			if !s.fired(r.key) {
				consider(r.at)
			}
		}
		for _, m := range s.Milestones {
			if m.State == MilestonePending {
				consider(m.Due)
			}
		}
		if t, ok := s.nextLadderWake(now); ok {
			consider(t)
		}
	}
	if s.Status == StatusSubmitted && s.Spec.Plan.Policy.ReviewTimeout > 0 {
		consider(s.Review.AskedAt.Add(time.Duration(s.Review.Stage+1) * s.Spec.Plan.Policy.ReviewTimeout))
	}
	// The light changes on its own at the yellow threshold and at the deadline.
	if t, ok := s.yellowFrom(); ok {
		consider(t)
	}
	consider(s.deadline())
	consider(s.NextPaceDay(now))
	return next, !next.IsZero()
}

type reminder struct {
	key    string
	at     time.Time
	target time.Time // the deadline or milestone it warns about
	data   map[string]any
}

// reminders lists the owner's reminders under the current plan: one per
// remind_before offset before the deadline, and one before each earlier
// milestone at the last (shortest) offset.
//
// A reminder's key names its target and offset, never the instant it goes
// out at, so keys recorded before remind_at existed still match.
func (s *State) reminders() []reminder {
	var out []reminder
	d := s.deadline()
	for i, off := range s.Spec.Plan.Policy.RemindBefore {
		out = append(out, reminder{
			key:    "deadline/" + strconv.FormatInt(d.Unix(), 10) + "/" + off.String(),
			at:     s.reminderAt(d, i),
			target: d,
			data:   map[string]any{"deadline": d, "before": off.String()},
		})
	}
	if i, ok := s.lastReminder(); ok {
		off := s.Spec.Plan.Policy.RemindBefore[i]
		for _, m := range s.Milestones {
			if m.State != MilestonePending || !m.Due.Before(d) {
				continue
			}
			out = append(out, reminder{
				key:    "milestone/" + m.Name + "/" + strconv.FormatInt(m.Due.Unix(), 10),
				at:     s.reminderAt(m.Due, i),
				target: m.Due,
				data:   map[string]any{"milestone": m.Name, "due": m.Due, "before": off.String()},
			})
		}
	}
	return out
}

// fireReminders sends the due reminders of an open task. A reminder whose time
// came before the plan took effect, or whose deadline has already passed (the
// worker was down, or the task was submitted meanwhile), is skipped, not sent
// late; of several due for the same target only the latest is sent.
func (s *State) fireReminders(now time.Time, e *Effects) {
	if s.Status != StatusOpen {
		return
	}
	due := map[int64]reminder{} // latest due reminder per target instant
	for _, r := range s.reminders() {
		if s.fired(r.key) || r.at.After(now) {
			continue
		}
		s.Fired = append(s.Fired, r.key)
		if r.at.Before(s.ArmedAt) || !now.Before(r.target) {
			continue
		}
		if cur, ok := due[r.target.UnixNano()]; !ok || r.at.After(cur.at) {
			due[r.target.UnixNano()] = r
		}
	}
	// Map order is random; sort so replays emit the same events in the same order.
	targets := make([]int64, 0, len(due))
	for t := range due {
		targets = append(targets, t)
	}
	slices.Sort(targets)
	for _, t := range targets {
		s.Emit(e, now, SystemActor, EventReminder, due[t].data, []string{s.Spec.Owner}, false)
		if n := len(e.Notices); n > 0 && e.Notices[n-1].Seq == s.Seq {
			e.Notices[n-1].Target = due[t].target
		}
	}
}

func (s *State) fired(key string) bool { return slices.Contains(s.Fired, key) }

// fireMissedMilestones marks pending milestones whose due time passed while the
// task was open, and tells the owner and the supervisor.
func (s *State) fireMissedMilestones(now time.Time, e *Effects) {
	if s.Status != StatusOpen {
		return
	}
	for i := range s.Milestones {
		m := &s.Milestones[i]
		if m.State != MilestonePending || now.Before(m.Due) {
			continue
		}
		m.State = MilestoneMissed
		s.Emit(e, now, SystemActor, EventMilestoneMissed, map[string]any{"milestone": m.Name, "due": m.Due},
			[]string{s.Spec.Owner, s.Spec.Supervisor}, false)
	}
}

// ladderClock is how long the task has been overdue while open.
func (s *State) ladderClock(now time.Time) time.Duration {
	d := s.deadline()
	if now.Before(d) {
		return 0
	}
	elapsed := now.Sub(d) - s.Ladder.PausedTotal
	if !s.Ladder.PausedSince.IsZero() {
		elapsed -= now.Sub(later(s.Ladder.PausedSince, d))
	}
	return max(elapsed, 0)
}

// resume restarts the ladder clock after a submission was returned.
func (l *LadderState) resume(now, deadline time.Time) {
	if l.PausedSince.IsZero() {
		return
	}
	if now.After(deadline) {
		l.PausedTotal += now.Sub(later(l.PausedSince, deadline))
	}
	l.PausedSince = time.Time{}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// fireLadder raises the escalation level once the deadline has passed on an open
// task: every level whose After has come fires once, in order; the current
// level then repeats every Repeat. After downtime a repeat fires once, not once
// per missed interval.
func (s *State) fireLadder(now time.Time, e *Effects) {
	if s.Status != StatusOpen || now.Before(s.deadline()) {
		return
	}
	levels := s.Spec.Plan.Policy.Overdue
	clock := s.ladderClock(now)
	fired := false
	for s.Ladder.Level < len(levels) && clock >= levels[s.Ladder.Level].After {
		lvl := levels[s.Ladder.Level]
		s.Ladder.Level++
		s.Ladder.LastFired = clock
		s.Emit(e, now, SystemActor, EventEscalated, map[string]any{"level": s.Ladder.Level, "overdue": clock.String()},
			s.resolve(lvl.Notify), true)
		fired = true
	}
	if fired || s.Ladder.Level == 0 {
		return
	}
	lvl := levels[s.Ladder.Level-1]
	if lvl.Repeat > 0 && clock >= s.Ladder.LastFired+lvl.Repeat {
		s.Ladder.LastFired = clock
		s.Emit(e, now, SystemActor, EventEscalated, map[string]any{"level": s.Ladder.Level, "repeat": true, "overdue": clock.String()},
			s.resolve(lvl.Notify), true)
	}
}

// nextLadderWake converts the next ladder reading that matters (the next level,
// or the current level's repeat) into a wall-clock time.
func (s *State) nextLadderWake(now time.Time) (time.Time, bool) {
	levels := s.Spec.Plan.Policy.Overdue
	d := s.deadline()
	if now.Before(d) {
		if len(levels) == 0 {
			return time.Time{}, false
		}
		return d.Add(levels[0].After), true
	}
	clock := s.ladderClock(now)
	var at time.Duration = -1
	if s.Ladder.Level < len(levels) {
		at = levels[s.Ladder.Level].After
	}
	if s.Ladder.Level > 0 {
		if rep := levels[s.Ladder.Level-1].Repeat; rep > 0 && (at < 0 || s.Ladder.LastFired+rep < at) {
			at = s.Ladder.LastFired + rep
		}
	}
	if at < 0 {
		return time.Time{}, false
	}
	return now.Add(max(at-clock, 0)), true
}

// fireReview chases a submission nobody signed off: after one review_timeout
// the current approver is reminded; after each further one the leader (or the
// campaign owner when there is none) is told as well.
func (s *State) fireReview(now time.Time, e *Effects) {
	timeout := s.Spec.Plan.Policy.ReviewTimeout
	if s.Status != StatusSubmitted || timeout <= 0 {
		return
	}
	stage := int(now.Sub(s.Review.AskedAt) / timeout)
	if stage <= s.Review.Stage {
		return
	}
	s.Review.Stage = stage
	approver := s.CurrentApprover()
	to := []string{approver}
	if stage > 1 {
		boss := s.Spec.Leader
		if boss == "" {
			boss = s.Spec.CampaignOwner
		}
		to = append(to, boss)
	}
	s.Emit(e, now, SystemActor, EventReviewOverdue, map[string]any{"approver": approver, "stage": stage, "waiting": now.Sub(s.Review.AskedAt).String()},
		to, stage > 1)
}

// LightAt is the traffic light of SPEC section 3 at now.
func (s *State) LightAt(now time.Time) Light {
	if s.Status.Terminal() {
		return LightDone
	}
	// A parent is as late as its latest child, and a lagging figure (pace)
	// is a warning of its own.
	return worse(s.ownLight(now), worse(s.childrenLight(), s.paceLight(now)))
}

// ownLight is the light of the task's own deadline and milestones.
func (s *State) ownLight(now time.Time) Light {
	d := s.deadline()
	if s.Spec.Plan.Infeasible || !now.Before(d) {
		return LightRed
	}
	for _, m := range s.Milestones {
		if m.State == MilestoneMissed {
			return LightYellow
		}
	}
	if from, ok := s.yellowFrom(); ok && s.Status != StatusSubmitted && !now.Before(from) {
		return LightYellow
	}
	return LightGreen
}
