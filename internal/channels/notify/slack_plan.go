package notify

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/slack-go/slack"

	"github.com/closeout/closeout/internal/platform/store"
)

// plan decides what a notification becomes in Slack:
//   - a request to sign off (a submission, or the next approver's turn) is a
//     DM to the approver with the evidence and the Approve / Return buttons;
//   - a notification meant for the campaign's channel (escalations, closures,
//     a review escalated to the leader) is one post there that mentions the
//     people concerned, so the channel sees who is being chased;
//   - anything else (an assignment, a reminder, a return, …) is a DM to each
//     person concerned.
//
// People without a Slack id get nothing from Slack; a channel post names them.
func plan(m Message, events []task.Event) []store.SlackMessage {
	text := Render(m)
	one := func(dest, kind, person string, body []slack.Block) store.SlackMessage {
		b, _ := json.Marshal(body) // blocks built here always marshal
		return store.SlackMessage{
			Campaign: m.Task.Campaign, Task: m.Task.ID, Seq: m.Event.Seq,
			Dest: dest, Kind: kind, Person: person, Body: string(b), Text: escape(text.ZH + " " + text.EN),
		}
	}
	var out []store.SlackMessage
	switch {
	case isSignOffRequest(m.Event):
		sub := submissionOf(m.Event, events)
		for _, r := range m.To {
			if r.SlackID != "" {
				// A member of an approving unit signs off for the unit, a
				// substitute for the approver they stand in for: the
				// message is the unit's (or the approver's), so the card
				// keeps its buttons while they are the current approver.
				role := r.ID
				switch {
				case r.Via != "":
					role = r.Via
				case r.For != "":
					role = r.For
				}
				out = append(out, one(r.SlackID, store.SlackKindApproval, role, approvalBody(m, text, r.ID, sub)))
			}
		}
	case m.ToChannel && m.Campaign.SlackChannel != "":
		out = append(out, one(m.Campaign.SlackChannel, store.SlackKindChannel, "", noticeBody(m, text, mentions(m.To))))
	default:
		for _, r := range m.To {
			if r.SlackID != "" {
				out = append(out, one(r.SlackID, store.SlackKindDM, r.ID, noticeBody(m, text, "")))
			}
		}
	}
	return out
}

// isSignOffRequest reports whether the event asks someone to sign off.
func isSignOffRequest(e task.Event) bool {
	switch e.Type {
	case task.EventSubmitted:
		return true
	case task.EventApproved:
		next, _ := e.Data["next"].(string)
		return next != ""
	}
	return false
}

// submission is what the owner handed in for sign-off.
type submission struct {
	Note     string          `json:"note"`
	Evidence []task.Evidence `json:"evidence"`
	Attempt  int             `json:"attempt"`
}

// submissionOf finds the submission a sign-off request is about: the event
// itself, or (for the next approver) the latest submission before it.
func submissionOf(e task.Event, events []task.Event) submission {
	data := e.Data
	if e.Type != task.EventSubmitted {
		data = nil
		for _, ev := range events {
			if ev.Type == task.EventSubmitted && ev.Seq < e.Seq {
				data = ev.Data
			}
		}
	}
	// Event data is a JSON object once it has been through Temporal or the
	// database; a round trip reads it the same whichever way it came.
	var sub submission
	if b, err := json.Marshal(data); err == nil {
		_ = json.Unmarshal(b, &sub)
	}
	return sub
}

// mentions addresses people in a channel post: a Slack mention for those who
// have an id, the name (or id) of the others.
func mentions(to []Recipient) string {
	var parts []string
	for _, r := range to {
		switch {
		case r.SlackID != "":
			parts = append(parts, fmt.Sprintf("<@%s>", r.SlackID))
		case r.Name != "":
			parts = append(parts, escape(r.Name))
		default:
			parts = append(parts, escape(r.ID))
		}
	}
	return strings.Join(parts, " ")
}
