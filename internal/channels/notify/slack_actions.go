package notify

import (
	"encoding/json"
	"fmt"

	"github.com/closeout/closeout/internal/domain/task"
)

// Identifiers of the sign-off buttons on Slack approval requests. The
// interactions endpoint (package slackapp) recognises clicks by them.
var (
	SlackActionApprove = SlackActionID(task.Approve)
	SlackActionReturn  = SlackActionID(task.Return)
)

// slackSignOffBlock is the block the sign-off buttons sit in.
const slackSignOffBlock = "closeout_signoff"

// SlackActionID is the action_id of action k's button: the action's name
// under closeout's prefix, so cards already posted keep working.
func SlackActionID(k task.Kind) string { return "closeout_" + k.Name }

// SignOffRef is the value of a sign-off button: the task, and the attempt the
// request was made for, so that a click on an outdated request is recognised
// as such instead of signing off a submission the approver has not seen.
type SignOffRef struct {
	Campaign string `json:"campaign"`
	Task     string `json:"task"`
	Attempt  int    `json:"attempt"`
}

// Encode is the button value.
func (r SignOffRef) Encode() string {
	b, _ := json.Marshal(r) // plain strings and an int always marshal
	return string(b)
}

// ParseSignOffRef reads a button value written by Encode.
func ParseSignOffRef(value string) (SignOffRef, error) {
	var r SignOffRef
	if err := json.Unmarshal([]byte(value), &r); err != nil || r.Campaign == "" || r.Task == "" {
		return SignOffRef{}, fmt.Errorf("not a closeout sign-off button: %q", value)
	}
	return r, nil
}
