package store

import (
	"context"
	"time"
)

// Kinds of Slack message.
const (
	SlackKindApproval = "approval" // a sign-off request with Approve / Return buttons, to the approver
	SlackKindDM       = "dm"       // any other message to one person
	SlackKindChannel  = "channel"  // a post in the campaign's channel
)

// SlackMessage is a message the Slack notifier posted about a task event.
type SlackMessage struct {
	Campaign string
	Task     string
	Seq      int64
	// Dest is where the message was addressed (a user id for a DM, a channel
	// id); Channel and TS are where Slack put it.
	Dest    string
	Channel string
	TS      string
	Kind    string
	Person  string
	// Body is the message's own blocks (JSON); Text its plain-text fallback.
	Body string
	Text string
	// Shown is the task state the message shows now.
	Shown     string
	CreatedAt time.Time
}

const slackColumns = `campaign, task, seq, dest, channel, ts, kind, person, body, text, shown, created_at`

// SaveSlackMessage records a posted message. Recording the same event and
// destination again keeps the first.
func (s *DB) SaveSlackMessage(ctx context.Context, m SlackMessage) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO slack_messages (`+slackColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (campaign, task, seq, dest) DO NOTHING`,
		m.Campaign, m.Task, m.Seq, m.Dest, m.Channel, m.TS, m.Kind, m.Person, m.Body, m.Text, m.Shown, ms(m.CreatedAt))
	return err
}

// SlackMessages returns the messages posted about a task, oldest event first.
func (s *DB) SlackMessages(ctx context.Context, campaign, task string) ([]SlackMessage, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+slackColumns+` FROM slack_messages
		WHERE campaign = $1 AND task = $2 ORDER BY seq, dest`, campaign, task)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SlackMessage
	for rows.Next() {
		var (
			m  SlackMessage
			at int64
		)
		if err := rows.Scan(&m.Campaign, &m.Task, &m.Seq, &m.Dest, &m.Channel, &m.TS, &m.Kind, &m.Person,
			&m.Body, &m.Text, &m.Shown, &at); err != nil {
			return nil, err
		}
		m.CreatedAt = fromMS(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// MarkSlackMessageShown records the state a message was updated to show.
func (s *DB) MarkSlackMessageShown(ctx context.Context, m SlackMessage) error {
	_, err := s.db.ExecContext(ctx, `UPDATE slack_messages SET shown = $5
		WHERE campaign = $1 AND task = $2 AND seq = $3 AND dest = $4`, m.Campaign, m.Task, m.Seq, m.Dest, m.Shown)
	return err
}
