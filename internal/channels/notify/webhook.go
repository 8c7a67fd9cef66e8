package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Webhook POSTs every notification and digest as JSON to one URL, in one of
// these formats:
//
//   - "json": closeout's own document (WebhookPayload), for your own systems;
//   - "dingtalk": a DingTalk (钉钉) custom group robot, markdown message;
//   - "wecom": a WeCom (企业微信) group robot, markdown message;
//   - "feishu" (or "lark"): a Feishu / Lark (飞书) custom bot, rich-text post.
//
// Signing of the "json" format, when a secret is set:
//
//	X-Closeout-Timestamp: <Unix seconds when the request was made>
//	X-Closeout-Signature: sha256=<hex(HMAC-SHA256(secret, timestamp + "." + body))>
//
// A receiver recomputes the HMAC over the raw body exactly as received,
// compares it in constant time (hmac.Equal), and refuses a timestamp too far
// from its own clock (five minutes is usual) so a captured request cannot be
// replayed later. X-Closeout-Delivery names the notification
// ("campaign/task/seq", "digest/campaign/unix-time", or a daily bundle's
// "bundle/person/day/…"): a retry sends the same value, so a receiver can
// drop repeats.
//
// The robot formats are signed as their platforms document (see
// webhook_dingtalk.go, webhook_feishu.go; a WeCom robot's key is in its URL and
// it has no signature).
//
// Any answer other than 2xx is an error, and so is a robot's own refusal
// (a non-zero errcode or code in a 200 answer). A 429 with Retry-After comes
// back as *RetryAfter, which the Notify activity waits for. Errors never quote
// the URL: robot URLs carry their access token.
type Webhook struct {
	name   string
	url    string
	secret string
	format WebhookFormat
	client *http.Client
	now    func() time.Time
}

// WebhookFormat is the body a webhook sends.
type WebhookFormat string

// Webhook formats.
const (
	FormatJSON     WebhookFormat = "json"
	FormatDingTalk WebhookFormat = "dingtalk"
	FormatWeCom    WebhookFormat = "wecom"
	FormatFeishu   WebhookFormat = "feishu"
)

// ParseWebhookFormat reads a format name; empty means "json".
func ParseWebhookFormat(s string) (WebhookFormat, error) {
	switch f := WebhookFormat(strings.ToLower(strings.TrimSpace(s))); f {
	case "":
		return FormatJSON, nil
	case "lark":
		return FormatFeishu, nil
	case FormatJSON, FormatDingTalk, FormatWeCom, FormatFeishu:
		return f, nil
	}
	return "", fmt.Errorf("webhook format %q: want json, dingtalk, wecom or feishu", s)
}

// WebhookConfig configures a Webhook.
type WebhookConfig struct {
	// Name identifies the notifier in delivery records and logs; it must stay
	// the same across restarts, or notifications are sent again. Default "webhook".
	Name   string
	URL    string
	Secret string
	Format WebhookFormat
	// Client sends the requests; default one with a 10-second timeout.
	Client *http.Client
	// Now is the signing clock; default time.Now.
	Now func() time.Time
}

// NewWebhook checks the configuration and builds the notifier.
func NewWebhook(c WebhookConfig) (*Webhook, error) {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("webhook %s: the URL must be an http or https address", c.Name)
	}
	if c.Format == "" {
		c.Format = FormatJSON
	}
	if _, err := ParseWebhookFormat(string(c.Format)); err != nil {
		return nil, err
	}
	w := &Webhook{name: c.Name, url: c.URL, secret: c.Secret, format: c.Format, client: c.Client, now: c.Now}
	if w.name == "" {
		w.name = "webhook"
	}
	if w.client == nil {
		w.client = &http.Client{Timeout: 10 * time.Second}
	}
	if w.now == nil {
		w.now = time.Now
	}
	return w, nil
}

// Name is the webhook's name from the configuration, in delivery records
// and logs.
func (w *Webhook) Name() string { return w.name }

// Send posts one notification.
func (w *Webhook) Send(ctx context.Context, m Message) error {
	delivery := fmt.Sprintf("%s/%s/%d", m.Task.Campaign, m.Task.ID, m.Event.Seq)
	if w.format == FormatJSON {
		return w.postJSON(ctx, delivery, notificationPayload(m))
	}
	return w.postRobot(ctx, robotMessageOf(m))
}

// SendDigest posts a campaign's progress report.
func (w *Webhook) SendDigest(ctx context.Context, d Digest) error {
	delivery := fmt.Sprintf("digest/%s/%d", d.Campaign.ID, d.Report.GeneratedAt.Unix())
	if w.format == FormatJSON {
		return w.postJSON(ctx, delivery, digestPayload(d))
	}
	return w.postRobot(ctx, robotDigestOf(d))
}

// SendBundle posts a person's reminders of the day as one message.
func (w *Webhook) SendBundle(ctx context.Context, b Bundle) error {
	if w.format == FormatJSON {
		return w.postJSON(ctx, b.Key, bundlePayload(b))
	}
	return w.postRobot(ctx, robotBundleOf(b))
}

// postJSON sends closeout's own document, signed.
func (w *Webhook) postJSON(ctx context.Context, delivery string, payload WebhookPayload) error {
	body, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	header := http.Header{"X-Closeout-Delivery": {delivery}, "X-Closeout-Event": {payload.Type}}
	if w.secret != "" {
		ts := strconv.FormatInt(w.now().Unix(), 10)
		header.Set("X-Closeout-Timestamp", ts)
		header.Set("X-Closeout-Signature", SignWebhook(w.secret, ts, body))
	}
	_, err = w.post(ctx, w.url, body, header)
	return err
}

// postRobot sends a message to a group robot in its platform's format.
func (w *Webhook) postRobot(ctx context.Context, msg robotMessage) error {
	var (
		target = w.url
		body   []byte
		err    error
	)
	switch w.format {
	case FormatDingTalk:
		target, body, err = dingTalkRequest(w.url, w.secret, msg, w.now())
	case FormatWeCom:
		body, err = weComRequest(msg)
	case FormatFeishu:
		body, err = feishuRequest(w.secret, msg, w.now())
	}
	if err != nil {
		return err
	}
	answer, err := w.post(ctx, target, body, nil)
	if err != nil {
		return err
	}
	return robotRefusal(w.format, answer)
}

// maxAnswer bounds how much of an answer is read.
const maxAnswer = 64 << 10

// post sends body and returns the answer's body when it is a 2xx.
func (w *Webhook) post(ctx context.Context, target string, body []byte, header http.Header) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("webhook %s: %w", w.name, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "closeout")
	resp, err := w.client.Do(req)
	if err != nil {
		// The transport's error quotes the URL, and robot URLs hold tokens.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("webhook %s: %w", w.name, err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if resp.StatusCode == http.StatusTooManyRequests {
		err := fmt.Errorf("webhook %s: 429 too many requests", w.name)
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), w.now()); ok {
			return nil, &RetryAfter{Delay: d, Err: err}
		}
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("webhook %s: answered %s", w.name, resp.Status)
	}
	return answer, nil
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
