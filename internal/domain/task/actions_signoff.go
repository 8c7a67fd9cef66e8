package task

import "time"

// Actions of the people who sign off: approve or return a submission (逐个销号),
// and decide on an extension.

// Validate checks the request on its own: required fields, formats, sizes.
func (r ApproveRequest) Validate() error { return checkText("note", r.Note, false) }

func (r ApproveRequest) check(s *State, _ time.Time) error {
	return s.requireApprover(r.Actor)
}

// requireApprover admits only the current approver of a submitted task. Admins
// get no exception: they sign off nothing they are not an approver of.
func (s *State) requireApprover(a Actor) error {
	if s.Status != StatusSubmitted {
		return Conflict("the task is %s, not waiting for sign-off", s.Status.Text())
	}
	if cur := s.CurrentApprover(); !a.Holds(cur) {
		return forbidden("only the current approver (%s) signs off", cur)
	}
	return nil
}

func (r ApproveRequest) apply(s *State, now time.Time, e *Effects) {
	step, of := s.ApproverIndex+1, len(s.Spec.Approvers)
	onBehalfOf, unit := actingFor(r.Actor, s.CurrentApprover())
	s.ApproverIndex++
	if s.ApproverIndex < of {
		next := s.CurrentApprover()
		s.Review = ReviewState{AskedAt: now}
		data := map[string]any{"note": r.Note, "step": step, "of": of, "next": next}
		setUnit(data, unit)
		s.emitFor(e, now, r.Actor.ID, onBehalfOf, EventApproved, data, []string{next}, false)
		return
	}
	data := map[string]any{"note": r.Note, "step": step, "of": of}
	setUnit(data, unit)
	s.emitFor(e, now, r.Actor.ID, onBehalfOf, EventApproved, data, nil, false)
	s.Status = StatusClosed
	s.ClosedAt = now
	// Closed on time: the submission that was approved came before the deadline.
	s.ClosedOnTime = !s.SubmittedAt.After(s.deadline())
	s.Review = ReviewState{}
	s.emitFor(e, now, r.Actor.ID, onBehalfOf, EventClosed, map[string]any{"on_time": s.ClosedOnTime},
		[]string{s.Spec.Owner, s.Spec.Supervisor}, true)
}

// Validate checks the request on its own: required fields, formats, sizes.
func (r ReturnRequest) Validate() error { return checkText("reason", r.Reason, true) }

func (r ReturnRequest) check(s *State, _ time.Time) error { return s.requireApprover(r.Actor) }

func (r ReturnRequest) apply(s *State, now time.Time, e *Effects) {
	onBehalfOf, unit := actingFor(r.Actor, s.CurrentApprover())
	s.Status = StatusOpen
	s.Attempt++
	s.ApproverIndex = 0
	s.SubmittedAt = time.Time{}
	s.SubmittedBy, s.SubmittedFor = "", ""
	s.Review = ReviewState{}
	s.Ladder.resume(now, s.deadline())
	data := map[string]any{"reason": r.Reason, "attempt": s.Attempt}
	setUnit(data, unit)
	s.emitFor(e, now, r.Actor.ID, onBehalfOf, EventReturned, data, []string{s.Spec.Owner}, false)
}

// ApproveExtension is the action that grants the pending extension. Plan is the
// task's plan under the new deadline; the validator passes nil (it only checks).
func ApproveExtension(r ExtensionDecisionRequest, plan *Plan) Action {
	return extensionApproval{req: r, plan: plan}
}

// RejectExtension is the action that refuses the pending extension.
func RejectExtension(r ExtensionDecisionRequest) Action { return extensionRejection{req: r} }

type extensionApproval struct {
	req  ExtensionDecisionRequest
	plan *Plan
}

func (a extensionApproval) Validate() error { return checkText("reason", a.req.Reason, false) }

func (a extensionApproval) check(s *State, _ time.Time) error {
	return s.requireDecider(a.req.Actor)
}

func (s *State) requireDecider(a Actor) error {
	if err := s.RequireLive(); err != nil {
		return err
	}
	if s.Extension == nil {
		return Conflict("no extension is waiting for a decision")
	}
	if d := s.ExtensionDecider(); !a.Holds(d) {
		return forbidden("only %s decides on this task's extensions", d)
	}
	return nil
}

func (a extensionApproval) apply(s *State, now time.Time, e *Effects) {
	ext := *s.Extension
	onBehalfOf := a.req.Actor.OnBehalfOf(s.ExtensionDecider())
	previous := s.Spec.Deadline
	s.Extension = nil
	s.Spec.Deadline = ext.Deadline
	plan := a.plan
	if plan == nil { // no scheduler answer: the deadline simply moves
		p := s.Spec.Plan
		p.EffectiveDeadline = ext.Deadline
		plan = &p
	}
	s.replan(*plan, now)
	s.emitFor(e, now, a.req.Actor.ID, onBehalfOf, EventExtensionApproved, map[string]any{
		"deadline": ext.Deadline, "previous": previous, "reason": a.req.Reason,
	}, []string{s.Spec.Owner}, false)
}

type extensionRejection struct{ req ExtensionDecisionRequest }

func (a extensionRejection) Validate() error { return checkText("reason", a.req.Reason, true) }

func (a extensionRejection) check(s *State, _ time.Time) error {
	return s.requireDecider(a.req.Actor)
}

func (a extensionRejection) apply(s *State, now time.Time, e *Effects) {
	ext := *s.Extension
	s.Extension = nil
	s.emitFor(e, now, a.req.Actor.ID, a.req.Actor.OnBehalfOf(s.ExtensionDecider()), EventExtensionRejected, map[string]any{
		"deadline": ext.Deadline, "reason": a.req.Reason,
	}, []string{s.Spec.Owner}, false)
}
