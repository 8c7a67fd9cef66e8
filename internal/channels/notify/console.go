package notify

import (
	"context"
	"log/slog"
	"strings"
)

// Console writes one log line per notification. It is always on in dev mode,
// so the demo shows every reminder and escalation as it happens.
type Console struct {
	Log *slog.Logger
}

// Name is "console", in delivery records and logs.
func (Console) Name() string { return "console" }

// Send logs the notification, in both languages, at info.
func (c Console) Send(ctx context.Context, m Message) error {
	to := make([]string, len(m.To))
	for i, r := range m.To {
		to[i] = r.ID
	}
	text := Render(m)
	attrs := []any{"campaign", m.Task.Campaign, "task", m.Task.ID, "event", m.Event.Type, "seq", m.Event.Seq,
		"to", strings.Join(to, ","), "channel", m.ToChannel && m.Campaign.SlackChannel != "",
		"zh", text.ZH, "en", text.EN}
	if stand := standins(m.To); stand != "" {
		attrs = append(attrs, "standing_in", stand)
	}
	c.Log.InfoContext(ctx, "notify", attrs...)
	return nil
}

// standins lists the substitutes among to as "substitute>person", or "".
func standins(to []Recipient) string {
	var out []string
	for _, r := range to {
		if r.For != "" {
			out = append(out, r.ID+">"+r.For)
		}
	}
	return strings.Join(out, ",")
}

// SendBundle writes the day's reminders of one person as one line.
func (c Console) SendBundle(ctx context.Context, b Bundle) error {
	text := RenderBundle(b)
	c.Log.InfoContext(ctx, "notify bundle", "to", b.To.ID, "day", b.Day, "reminders", len(b.Items),
		"zh", text.ZH, "en", text.EN)
	return nil
}

// SendDigest logs the campaign's progress report, in both languages, at info.
func (c Console) SendDigest(ctx context.Context, d Digest) error {
	c.Log.InfoContext(ctx, "digest", "campaign", d.Campaign.ID, "channel", d.Campaign.SlackChannel,
		"zh", d.Report.SummaryZH, "en", d.Report.SummaryEN)
	return nil
}
