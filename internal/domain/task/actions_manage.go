package task

import "time"

// Actions of those who manage the task: reassign it, cancel it, and re-plan it
// when the schedule around it moved.

// Validate checks the request on its own: required fields, formats, sizes.
func (r ReassignRequest) Validate() error {
	if r.Owner == "" {
		return invalid("owner", "is required")
	}
	return checkText("reason", r.Reason, true)
}

func (r ReassignRequest) check(s *State, _ time.Time) error {
	if err := s.RequireLive(); err != nil {
		return err
	}
	a := r.Actor
	if !a.Admin && !a.Holds(s.Spec.Supervisor) && !a.Holds(s.Spec.CampaignOwner) {
		return forbidden("only the supervisor, the campaign owner or an admin reassigns the task")
	}
	if r.Owner == s.Spec.Owner {
		return invalid("owner", "%s already owns the task", r.Owner)
	}
	return nil
}

func (r ReassignRequest) apply(s *State, now time.Time, e *Effects) {
	from := s.Spec.Owner
	s.Spec.Owner = r.Owner
	s.emitFor(e, now, r.Actor.ID, managerFor(r.Actor, s.Spec.Supervisor, s.Spec.CampaignOwner), EventReassigned, map[string]any{"from": from, "to": r.Owner, "reason": r.Reason},
		[]string{from, r.Owner}, false)
}

// Validate checks the request on its own: required fields, formats, sizes.
func (r CancelRequest) Validate() error { return checkText("reason", r.Reason, true) }

func (r CancelRequest) check(s *State, _ time.Time) error {
	if err := s.RequireLive(); err != nil {
		return err
	}
	if !r.Actor.Admin && !r.Actor.Holds(s.Spec.CampaignOwner) {
		return forbidden("only the campaign owner (%s) or an admin cancels the task", s.Spec.CampaignOwner)
	}
	return nil
}

func (r CancelRequest) apply(s *State, now time.Time, e *Effects) {
	s.Status = StatusCancelled
	s.Extension = nil
	s.Review = ReviewState{}
	s.emitFor(e, now, r.Actor.ID, managerFor(r.Actor, s.Spec.CampaignOwner), EventCancelled, map[string]any{"reason": r.Reason},
		[]string{s.Spec.Owner, s.Spec.Supervisor}, false)
}

// managerFor is the person an admin-or-holder action was taken for: nobody
// when an admin took it (admin rights are the actor's own and never pass
// to a substitute), else the holder the actor substituted for, if any.
func managerFor(a Actor, holders ...string) string {
	if a.Admin {
		return ""
	}
	return standingFor(a, holders...)
}

// Replan applies a plan computed outside the task (a dependent's deadline
// moved). It is not an Action: no one is authorised, the system decides.
func (s *State) Replan(sig RescheduleSignal, now time.Time) Effects {
	var e Effects
	if s.Status.Terminal() {
		return e
	}
	previous := s.deadline()
	s.replan(sig.Plan, now)
	s.Emit(&e, now, SystemActor, EventRescheduled, map[string]any{
		"deadline": s.deadline(), "previous": previous, "reason": sig.Reason,
	}, []string{s.Spec.Owner}, false)
	s.Light = s.LightAt(now)
	return e
}

// replan installs a new plan and re-arms every timer against it: milestones are
// laid out again (reported ones stay reported), reminders already due are not
// sent late, and the overdue ladder starts over against the new deadline.
func (s *State) replan(plan Plan, now time.Time) {
	s.Spec.Plan = plan
	s.Milestones = milestoneViews(plan.Milestones, s.Milestones)
	s.ArmedAt = now
	s.Fired = nil
	s.Ladder = LadderState{}
	if s.Status == StatusSubmitted {
		s.Ladder.PausedSince = now
	}
}
