package task

import "time"

// Actions the task's owner takes: report progress, submit, ask for more time.

// Validate checks the request on its own: required fields, formats, sizes.
func (r ProgressRequest) Validate() error {
	if r.Percent < 0 || r.Percent > 100 {
		return invalid("percent", "must be between 0 and 100")
	}
	if err := checkText("note", r.Note, false); err != nil {
		return err
	}
	return validateEvidence(r.Evidence)
}

func (r ProgressRequest) check(s *State, _ time.Time) error {
	if err := s.requireOpen(); err != nil {
		return err
	}
	if !r.Actor.Holds(s.Spec.Owner) && s.assisting(r.Actor) == "" {
		return forbidden("only the owner (%s) or an assisting unit reports progress", s.Spec.Owner)
	}
	if _, err := parseValues("values", s.Spec.Indicators, r.Values); err != nil {
		return err
	}
	if r.Milestone != "" {
		i := s.milestoneIndex(r.Milestone)
		if i < 0 {
			return invalid("milestone", "the task has no milestone %q", r.Milestone)
		}
		if s.Milestones[i].State == MilestoneReported {
			return Conflict("milestone %q is already reported", r.Milestone)
		}
	}
	return nil
}

func (r ProgressRequest) apply(s *State, now time.Time, e *Effects) {
	data := map[string]any{"note": r.Note, "percent": r.Percent}
	var onBehalfOf string
	if r.Actor.Holds(s.Spec.Owner) {
		// An assisting unit's progress is recorded, but the owner's percent
		// is the owner's to report.
		s.Percent = r.Percent
		onBehalfOf = actedAs(data, r.Actor, s.Spec.Owner)
	} else {
		data["assist"] = s.assisting(r.Actor)
		onBehalfOf = actedAs(data, r.Actor, s.assisting(r.Actor))
	}
	if r.Milestone != "" {
		data["milestone"] = r.Milestone
	}
	if len(r.Evidence) > 0 { // absent otherwise, as before progress took evidence
		data["evidence"] = r.Evidence
	}
	if vs, _ := parseValues("values", s.Spec.Indicators, r.Values); len(vs) > 0 {
		s.SetValues(vs)
		data["values"] = eventValues(vs)
	}
	s.emitFor(e, now, r.Actor.ID, onBehalfOf, EventProgress, data, nil, false)
	if r.Milestone != "" {
		s.Milestones[s.milestoneIndex(r.Milestone)].State = MilestoneReported
		s.emitFor(e, now, r.Actor.ID, onBehalfOf, EventMilestoneReported, map[string]any{"milestone": r.Milestone}, nil, false)
	}
}

func (s *State) milestoneIndex(name string) int {
	for i, m := range s.Milestones {
		if m.Name == name {
			return i
		}
	}
	return -1
}

// Validate checks the request on its own: required fields, formats, sizes.
func (r SubmitRequest) Validate() error {
	if r.Note == "" && len(r.Evidence) == 0 {
		return invalid("note", "a note or evidence is required")
	}
	if err := checkText("note", r.Note, false); err != nil {
		return err
	}
	return validateEvidence(r.Evidence)
}

func (r SubmitRequest) check(s *State, _ time.Time) error {
	if err := s.requireOpen(); err != nil {
		return err
	}
	if !r.Actor.Holds(s.Spec.Owner) {
		return forbidden("only the owner (%s) submits the task", s.Spec.Owner)
	}
	if len(s.Spec.Approvers) == 0 {
		return Conflict("the task has no approver to sign it off")
	}
	if _, err := parseValues("values", s.Spec.Indicators, r.Values); err != nil {
		return err
	}
	return s.requireChildrenClosed()
}

func (r SubmitRequest) apply(s *State, now time.Time, e *Effects) {
	s.Status = StatusSubmitted
	s.SubmittedAt = now
	s.ApproverIndex = 0
	s.Review = ReviewState{AskedAt: now}
	s.Ladder.PausedSince = now
	approver := s.CurrentApprover()
	data := map[string]any{"note": r.Note, "evidence": r.Evidence, "attempt": s.Attempt, "approver": approver}
	onBehalfOf := actedAs(data, r.Actor, s.Spec.Owner)
	s.SubmittedBy, s.SubmittedFor = r.Actor.ID, onBehalfOf
	if vs, _ := parseValues("values", s.Spec.Indicators, r.Values); len(vs) > 0 {
		s.SetValues(vs)
		data["values"] = eventValues(vs)
	}
	s.emitFor(e, now, r.Actor.ID, onBehalfOf, EventSubmitted, data, []string{approver}, false)
}

// Validate checks the request on its own: required fields, formats, sizes.
func (r ExtendRequest) Validate() error {
	if r.Deadline.IsZero() {
		return invalid("deadline", "is required")
	}
	return checkText("reason", r.Reason, true)
}

func (r ExtendRequest) check(s *State, _ time.Time) error {
	if err := s.requireOpen(); err != nil {
		return err
	}
	if !r.Actor.Holds(s.Spec.Owner) {
		return forbidden("only the owner (%s) asks for an extension", s.Spec.Owner)
	}
	if s.Extension != nil {
		return Conflict("an extension to %s is already waiting for %s", s.Extension.Deadline.Format(time.RFC3339), s.Extension.Decider)
	}
	if !r.Deadline.After(s.Spec.Deadline) {
		return invalid("deadline", "must be later than the current deadline %s", s.Spec.Deadline.Format(time.RFC3339))
	}
	return nil
}

func (r ExtendRequest) apply(s *State, now time.Time, e *Effects) {
	decider := s.ExtensionDecider()
	s.Extension = &ExtensionView{
		Deadline: r.Deadline, Reason: r.Reason, RequestedBy: r.Actor.ID, RequestedAt: now, Decider: decider,
	}
	data := map[string]any{"deadline": r.Deadline, "reason": r.Reason, "decider": decider}
	onBehalfOf := actedAs(data, r.Actor, s.Spec.Owner)
	s.emitFor(e, now, r.Actor.ID, onBehalfOf, EventExtensionRequested, data, []string{decider}, false)
}
