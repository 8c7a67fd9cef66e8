package notify

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/slack-go/slack"

	"github.com/closeout/closeout/internal/platform/store"
)

// Slack sends notifications through a Slack app's bot user: direct messages to
// the people concerned, posts in the campaign's channel, and sign-off requests
// with Approve / Return buttons to the approver.
//
// It remembers every message it posted about a task and, each time it is asked
// to send anything about that task, updates them (chat.update) to show the
// task's current state, taking the buttons off requests that are no longer
// waiting. Every change of a task produces a notification, so the messages
// follow the task whoever changed it and from wherever (Slack, the API, the
// dashboard, a timer).
type Slack struct {
	api   *slack.Client
	store SlackStore
	log   *slog.Logger
}

// SlackStore is what the Slack notifier reads and keeps: the task as projected
// (a notification may be older than the task's latest change), its log (who
// did what), and the messages posted about it.
type SlackStore interface {
	GetTask(ctx context.Context, campaign, id string) (task.View, error)
	TaskEvents(ctx context.Context, campaign, task string) ([]task.Event, error)
	SlackMessages(ctx context.Context, campaign, task string) ([]store.SlackMessage, error)
	SaveSlackMessage(ctx context.Context, m store.SlackMessage) error
	MarkSlackMessageShown(ctx context.Context, m store.SlackMessage) error
}

// NewSlackClient builds a Web API client for the bot token. apiURL, when set,
// replaces Slack's base address (tests, proxies).
func NewSlackClient(token, apiURL string) *slack.Client {
	var opts []slack.Option
	if apiURL != "" {
		opts = append(opts, slack.OptionAPIURL(strings.TrimSuffix(apiURL, "/")+"/"))
	}
	return slack.New(token, opts...)
}

// NewSlack builds the notifier. log may be nil.
func NewSlack(api *slack.Client, st SlackStore, log *slog.Logger) *Slack {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Slack{api: api, store: st, log: log}
}

// Name is "slack", in delivery records and logs.
func (s *Slack) Name() string { return "slack" }

// Send posts what the notification calls for, then brings every earlier
// message about the task up to date. Posts already made for this event (a
// retry after a partial failure) are not made again. People without a Slack
// id are left to the other notifiers.
func (s *Slack) Send(ctx context.Context, m Message) error {
	task, events, posted, err := s.load(ctx, m.Task)
	if err != nil {
		return err
	}
	var fresh []store.SlackMessage
	for _, out := range plan(m, events) {
		if !wasPosted(posted, out) {
			fresh = append(fresh, out)
		}
	}
	card := newCard(task, events, append(posted, fresh...))
	// One person's broken DM must not keep the others from theirs: post the
	// rest and report the failures together (a retry repeats only those).
	var failed []error
	for _, out := range fresh {
		saved, err := s.post(ctx, card, out)
		var slow *RetryAfter
		if errors.As(err, &slow) {
			return err
		}
		if err != nil {
			failed = append(failed, err)
			continue
		}
		posted = append(posted, saved)
	}
	if err := s.update(ctx, card, posted); err != nil {
		return err
	}
	return errors.Join(failed...)
}

// Refresh brings every message about the task up to date, for callers that
// changed the task and want Slack to show it at once (the Slack buttons).
func (s *Slack) Refresh(ctx context.Context, t task.View) error {
	task, events, posted, err := s.load(ctx, t)
	if err != nil {
		return err
	}
	return s.update(ctx, newCard(task, events, posted), posted)
}

// SendDigest posts the campaign's progress report to its channel; a campaign
// without a channel has nowhere to receive it.
func (s *Slack) SendDigest(ctx context.Context, d Digest) error {
	if d.Campaign.SlackChannel == "" {
		return nil
	}
	_, _, err := s.api.PostMessageContext(ctx, d.Campaign.SlackChannel,
		slack.MsgOptionText(escape(d.Report.SummaryZH+" "+d.Report.SummaryEN), false),
		slack.MsgOptionBlocks(digestBlocks(d)...))
	return slackError(err)
}

// SendBundle sends the day's reminders as one DM; a person without a Slack
// id is left to the other notifiers. The message has no buttons and is not
// kept: it is about many tasks and updated with none.
func (s *Slack) SendBundle(ctx context.Context, b Bundle) error {
	if b.To.SlackID == "" {
		return nil
	}
	text := RenderBundle(b)
	_, _, err := s.api.PostMessageContext(ctx, b.To.SlackID,
		slack.MsgOptionText(escape(text.ZH+" "+text.EN), false),
		slack.MsgOptionBlocks(bundleBlocks(b, text)...))
	return slackError(err)
}

// load reads the task's newest known state, its log and its messages.
func (s *Slack) load(ctx context.Context, t task.View) (task.View, []task.Event, []store.SlackMessage, error) {
	stored, err := s.store.GetTask(ctx, t.Campaign, t.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return t, nil, nil, err
	case stored.Version > t.Version:
		t = stored
	}
	events, err := s.store.TaskEvents(ctx, t.Campaign, t.ID)
	if err != nil {
		return t, nil, nil, err
	}
	posted, err := s.store.SlackMessages(ctx, t.Campaign, t.ID)
	return t, events, posted, err
}

// post sends one planned message and records where Slack put it.
func (s *Slack) post(ctx context.Context, card card, out store.SlackMessage) (store.SlackMessage, error) {
	blocks, err := card.blocks(out)
	if err != nil {
		return out, err
	}
	out.Channel, out.TS, err = s.api.PostMessageContext(ctx, out.Dest,
		slack.MsgOptionText(out.Text, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		return out, slackError(err)
	}
	out.Shown = card.shown(out)
	out.CreatedAt = time.Now()
	return out, s.store.SaveSlackMessage(ctx, out)
}

// update rewrites the messages that do not show the task's state yet. A
// message Slack no longer accepts updates for (deleted, archived channel) is
// skipped: retrying would not bring it back.
func (s *Slack) update(ctx context.Context, card card, posted []store.SlackMessage) error {
	for _, m := range posted {
		shown := card.shown(m)
		if m.Shown == shown {
			continue
		}
		blocks, err := card.blocks(m)
		if err != nil {
			return err
		}
		_, _, _, err = s.api.UpdateMessageContext(ctx, m.Channel, m.TS,
			slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(blocks...))
		var refused slack.SlackErrorResponse
		if errors.As(err, &refused) {
			s.log.WarnContext(ctx, "slack refused to update a message", "campaign", m.Campaign, "task", m.Task,
				"channel", m.Channel, "ts", m.TS, "error", refused.Err)
			continue
		}
		if err != nil {
			return slackError(err)
		}
		m.Shown = shown
		if err := s.store.MarkSlackMessageShown(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// slackError turns Slack's "slow down" into the RetryAfter the Notify activity
// waits for.
func slackError(err error) error {
	var limited *slack.RateLimitedError
	if errors.As(err, &limited) {
		return &RetryAfter{Delay: limited.RetryAfter, Err: err}
	}
	return err
}

func wasPosted(posted []store.SlackMessage, out store.SlackMessage) bool {
	for _, p := range posted {
		if p.Seq == out.Seq && p.Dest == out.Dest {
			return true
		}
	}
	return false
}
