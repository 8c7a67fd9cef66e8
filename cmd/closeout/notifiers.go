package main

import (
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/web/slackapp"
)

// notifiersFromEnv builds the notifiers the environment configures; any
// combination works at once (dev mode adds the console notifier itself).
//
// Slack (a Slack app with a bot user and the chat:write scope; interactivity on):
//
//	SLACK_BOT_TOKEN       the bot token (xoxb-…); turns the Slack notifier on:
//	                      DMs to people with a slack_id, posts to the
//	                      campaign's slack_channel, sign-off requests with
//	                      Approve / Return buttons, messages updated as the task changes
//	SLACK_SIGNING_SECRET  the app's signing secret; with the token, turns on
//	                      POST /api/v1/slack/interactions (set the app's
//	                      Interactivity Request URL to BASE_URL/api/v1/slack/interactions)
//	SLACK_API_URL         replaces https://slack.com/api/ (tests, proxies)
//
// Webhooks (a JSON POST per notification and digest):
//
//	CLOSEOUT_WEBHOOK_URL     where to POST
//	CLOSEOUT_WEBHOOK_SECRET  signing secret: X-Closeout-Signature for "json",
//	                         the robot's 加签 / 签名校验 secret for dingtalk and feishu
//	CLOSEOUT_WEBHOOK_FORMAT  json (default, closeout's own signed document),
//	                         dingtalk, wecom or feishu (also lark): the group
//	                         robots' message formats
//
// More webhooks: the same three variables with a name of your choice between
// CLOSEOUT_WEBHOOK_ and the suffix, e.g. CLOSEOUT_WEBHOOK_OPS_URL,
// CLOSEOUT_WEBHOOK_OPS_SECRET, CLOSEOUT_WEBHOOK_OPS_FORMAT. Each webhook is a
// notifier of its own ("webhook", "webhook-ops"), retried on its own; keep the
// names stable, deliveries are remembered by them.
//
// A webhook that is misconfigured (bad URL or format) is left out, with an
// error in the log.
func notifiersFromEnv(log *slog.Logger, db *store.DB) []notify.Notifier {
	var out []notify.Notifier
	if s := slackFromEnv(); s.token != "" {
		out = append(out, notify.NewSlack(notify.NewSlackClient(s.token, s.apiURL), db, log.With("notifier", "slack")))
	}
	for _, cfg := range webhooksFromEnv(os.Environ()) {
		w, err := notify.NewWebhook(cfg)
		if err != nil {
			log.Error("webhook left out", "name", cfg.Name, "error", err)
			continue
		}
		out = append(out, w)
	}
	for _, n := range out {
		log.Info("notifier on", "name", n.Name())
	}
	return out
}

// slackSettings are the SLACK_* variables.
type slackSettings struct {
	token, signingSecret, apiURL string
}

func slackFromEnv() slackSettings {
	return slackSettings{
		token:         env("SLACK_BOT_TOKEN", ""),
		signingSecret: env("SLACK_SIGNING_SECRET", ""),
		apiURL:        env("SLACK_API_URL", ""),
	}
}

// slackInteractions is the endpoint of Slack's buttons and modals, when Slack
// is configured with both a token and a signing secret.
func (c *components) slackInteractions() *slackapp.App {
	s := slackFromEnv()
	if s.token == "" || s.signingSecret == "" {
		if s.token != "" {
			c.log.Warn("SLACK_SIGNING_SECRET is not set: the Approve and Return buttons in Slack will not work")
		}
		return nil
	}
	client := notify.NewSlackClient(s.token, s.apiURL)
	log := c.log.With("component", "slack")
	app, err := slackapp.New(slackapp.Options{
		SigningSecret: s.signingSecret,
		Slack:         client,
		People:        c.db,
		Tasks:         c.taskOps(),
		Messages:      notify.NewSlack(client, c.db, log),
		Log:           log,
	})
	if err != nil {
		c.log.Error("slack interactions left out", "error", err)
		return nil
	}
	return app
}

const webhookPrefix = "CLOSEOUT_WEBHOOK_"

// webhooksFromEnv reads every CLOSEOUT_WEBHOOK[_NAME]_URL with its SECRET and
// FORMAT, in name order (the unnamed one first).
func webhooksFromEnv(environ []string) []notify.WebhookConfig {
	values := map[string]string{}
	var names []string
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		values[k] = v
		if !strings.HasPrefix(k, webhookPrefix) || !strings.HasSuffix(k, "URL") || v == "" {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(k, webhookPrefix), "URL")
		if name == "" || strings.HasSuffix(name, "_") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []notify.WebhookConfig
	for _, name := range names {
		cfg := notify.WebhookConfig{
			Name:   "webhook",
			URL:    values[webhookPrefix+name+"URL"],
			Secret: values[webhookPrefix+name+"SECRET"],
			Format: notify.WebhookFormat(strings.ToLower(values[webhookPrefix+name+"FORMAT"])),
		}
		if name != "" {
			cfg.Name += "-" + strings.ToLower(strings.TrimSuffix(name, "_"))
		}
		if f, err := notify.ParseWebhookFormat(string(cfg.Format)); err == nil {
			cfg.Format = f // "lark" and other spellings; NewWebhook reports the rest
		}
		out = append(out, cfg)
	}
	return out
}
