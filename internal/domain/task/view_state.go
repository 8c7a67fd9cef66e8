package task

import "time"

// View renders the state as the API and the projection show it at now.
func (s *State) View(now time.Time) View {
	v := View{
		Campaign:        s.Spec.Campaign,
		ID:              s.Spec.ID,
		Title:           s.Spec.Title,
		Track:           s.Spec.Track,
		CampaignOwner:   s.Spec.CampaignOwner,
		Owner:           s.Spec.Owner,
		Supervisor:      s.Spec.Supervisor,
		Leader:          s.Spec.Leader,
		Flagged:         s.Spec.Flagged,
		Approvers:       s.Spec.Approvers,
		CurrentApprover: s.CurrentApprover(),
		Status:          s.Status,
		Light:           s.Light,
		Deadline:        s.deadline(),
		OwnDeadline:     s.Spec.Deadline,
		SlackWorkdays:   s.Spec.Plan.SlackWorkdays,
		Critical:        s.Spec.Plan.Critical,
		Infeasible:      s.Spec.Plan.Infeasible,
		Provisional:     s.Spec.Plan.Provisional,
		Milestones:      s.Milestones,
		Percent:         s.Percent,
		Attempt:         s.Attempt,
		Urges:           s.Urges,
		EscalationLevel: s.Ladder.Level,
		Overdue:         !s.Status.Terminal() && !now.Before(s.deadline()),
		Extension:       s.Extension,
		CreatedAt:       s.CreatedAt,
		UpdatedAt:       s.UpdatedAt,
		Seq:             s.Seq,
		Version:         s.Version,
	}
	// Copies, so a view handed to an activity never aliases the live state.
	v.Approvers = append([]string{}, s.Spec.Approvers...)
	v.Milestones = append([]MilestoneView{}, s.Milestones...)
	v.Phases = append([]Phase{}, s.Spec.Phases...)
	v.DependsOn = append([]string{}, s.Spec.DependsOn...)
	v.Assist = append([]string{}, s.Spec.Assist...)
	v.Parent = s.Spec.Parent
	v.Children = s.childViews()
	v.Indicators = s.indicatorViews()
	if len(s.Children) > 0 {
		v.Percent = s.childrenPercent()
	}
	if s.Extension != nil {
		ext := *s.Extension
		v.Extension = &ext
	}
	v.LatestStart = timePtr(s.Spec.Plan.LatestStart)
	v.SubmittedAt = timePtr(s.SubmittedAt)
	v.ClosedAt = timePtr(s.ClosedAt)
	if s.Status == StatusClosed {
		onTime := s.ClosedOnTime
		v.ClosedOnTime = &onTime
	}
	return v
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// InitialViews are tasks as they look the moment they are created: what an
// import lists before their workflows run, and what a dry run shows.
func InitialViews(specs []Spec, now time.Time) []View {
	out := make([]View, len(specs))
	for i, spec := range specs {
		s, _ := NewTaskState(spec, now)
		out[i] = s.View(now)
	}
	return out
}
