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

func (Console) Name() string { return "console" }

func (c Console) Send(ctx context.Context, m Message) error {
	to := make([]string, len(m.To))
	for i, r := range m.To {
		to[i] = r.ID
	}
	text := Render(m)
	c.Log.InfoContext(ctx, "notify",
		"campaign", m.Task.Campaign, "task", m.Task.ID, "event", m.Event.Type, "seq", m.Event.Seq,
		"to", strings.Join(to, ","), "channel", m.ToChannel && m.Campaign.SlackChannel != "",
		"zh", text.ZH, "en", text.EN)
	return nil
}

func (c Console) SendDigest(ctx context.Context, d Digest) error {
	c.Log.InfoContext(ctx, "digest", "campaign", d.Campaign.ID, "channel", d.Campaign.SlackChannel,
		"zh", d.Report.SummaryZH, "en", d.Report.SummaryEN)
	return nil
}
