// Package notify tells people about what happens to their tasks: reminders,
// escalations, requests to sign off. Each channel (console, Slack, webhooks)
// is a Notifier; the Notify activity sends every message through each
// configured one and remembers which already delivered it.
package notify

import (
	"context"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/formats/report"
)

// Notifier delivers messages through one channel.
type Notifier interface {
	// Name identifies the notifier in delivery records and logs ("console", "slack", …).
	Name() string
	// Send delivers msg. An error is retried by the activity; a *RetryAfter
	// error asks for the next attempt no sooner than its delay.
	Send(ctx context.Context, msg Message) error
	// SendDigest posts a campaign's progress report (its scheduled digest).
	SendDigest(ctx context.Context, d Digest) error
	// SendBundle sends one person the day's reminders in one message (SPEC
	// section 14), for people who chose `reminders: daily`.
	SendBundle(ctx context.Context, b Bundle) error
}

// Digest is a campaign's progress report, posted on the campaign's schedule
// to its channel.
type Digest struct {
	Campaign Campaign
	Report   report.Report
	BaseURL  string
}

// Recipient is a person a message is for.
type Recipient struct {
	ID      string
	Name    string
	Email   string
	SlackID string
	// Via is the unit (unit:ID) the person was told for, when the
	// notification was addressed to a unit they are a contact or member of.
	Via string
	// Mobile is the number robots @mention in an escalation ("" for none).
	Mobile string
	// For is the person this one stands in for as their substitute, when
	// they are told only because of that (SPEC section 14).
	For string
}

// Campaign is what a message needs to know of the task's campaign.
type Campaign struct {
	ID           string
	Title        string
	Timezone     *time.Location
	SlackChannel string
}

// Message is one notification: an event of a task, for some people and
// possibly the campaign's channel.
type Message struct {
	Campaign Campaign
	Task     task.View
	Event    task.Event
	To       []Recipient
	// ToChannel asks for a post in the campaign's channel as well.
	ToChannel bool
	// BaseURL is where the dashboard lives, for links.
	BaseURL string
}

// RetryAfter is returned by a notifier told to slow down (HTTP 429).
type RetryAfter struct {
	Delay time.Duration
	Err   error
}

func (e *RetryAfter) Error() string { return e.Err.Error() }
func (e *RetryAfter) Unwrap() error { return e.Err }
