package task

// Separation of duties (SPEC section 15): the person who made a submission
// neither approves nor returns it, however they hold the approver's role:
// in person, as a member of an approving unit, or as the approver's
// substitute. A submission made by a substitute is the submission of the
// person they stood in for (SPEC section 14), so both are kept from deciding
// on it, and so is anyone deciding on behalf of either of them.
//
// The rule sits beside the other rules of the task, which the update
// validators and handlers run, so the API, the dashboard, Slack and any
// later channel refuse alike.

// signOff is an action that decides on a submission.
type signOff interface {
	Action
	decider() Actor
}

func (r ApproveRequest) decider() Actor { return r.Actor }
func (r ReturnRequest) decider() Actor  { return r.Actor }

// separateDuties refuses a decision on a submission by the person who made
// it, or by someone standing in for them. Other actions pass.
func (s *State) separateDuties(a Action) error {
	so, ok := a.(signOff)
	if !ok {
		return nil
	}
	actor := so.decider()
	onBehalfOf, _ := actingFor(actor, s.CurrentApprover())
	for _, who := range []string{actor.ID, onBehalfOf} {
		if who != "" && (who == s.SubmittedBy || who == s.SubmittedFor) {
			return separationRefusal(who)
		}
	}
	return nil
}

// separationRefusal names the rule in both languages, since the dashboard
// and Slack show it as it is.
func separationRefusal(submitter string) *RuleError {
	return forbidden("职责分离:%[1]s 提交了本次销号申请,不能审核或退回 / separation of duties: %[1]s made this submission and cannot approve or return it",
		submitter)
}
