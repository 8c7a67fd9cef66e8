package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/formats/report"
)

// WebhookPayload is the body of the "json" webhook format. Type is
// "notification" (Task, Event, To set), "digest" (Report set) or "bundle"
// (a person's reminders of one day: To and Items set); Text is the
// same sentence the other notifiers send, in both languages; URL is the task's
// (or campaign's) dashboard page when CLOSEOUT_BASE_URL is set.
type WebhookPayload struct {
	Type     string             `json:"type"`
	Campaign WebhookCampaign    `json:"campaign"`
	Task     *task.View         `json:"task,omitempty"`
	Event    *task.Event        `json:"event,omitempty"`
	To       []WebhookRecipient `json:"to,omitempty"`
	Channel  bool               `json:"channel,omitempty"`
	Report   *report.Report     `json:"report,omitempty"`
	Items    []WebhookItem      `json:"items,omitempty"`
	Text     WebhookText        `json:"text"`
	URL      string             `json:"url,omitempty"`
}

// WebhookCampaign names the campaign.
type WebhookCampaign struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	SlackChannel string `json:"slack_channel,omitempty"`
}

// WebhookRecipient is a person the notification is for. For names the
// person they stand in for, when they are told as a substitute.
type WebhookRecipient struct {
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	Email   string `json:"email,omitempty"`
	SlackID string `json:"slack_id,omitempty"`
	Mobile  string `json:"mobile,omitempty"`
	For     string `json:"for,omitempty"`
}

// WebhookItem is one reminder of a bundle.
type WebhookItem struct {
	Campaign string      `json:"campaign"`
	Task     string      `json:"task"`
	Seq      int64       `json:"seq"`
	Text     WebhookText `json:"text"`
	URL      string      `json:"url,omitempty"`
}

// WebhookText is the notification in words.
type WebhookText struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// SignWebhook is the X-Closeout-Signature of body sent at timestamp (Unix
// seconds, as sent in X-Closeout-Timestamp).
func SignWebhook(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func notificationPayload(m Message) WebhookPayload {
	text := Render(m)
	task, event := m.Task, m.Event
	p := WebhookPayload{
		Type:     "notification",
		Campaign: WebhookCampaign{ID: m.Campaign.ID, Title: m.Campaign.Title, SlackChannel: m.Campaign.SlackChannel},
		Task:     &task,
		Event:    &event,
		Channel:  m.ToChannel,
		Text:     WebhookText(text),
		URL:      taskPage(m),
	}
	for _, r := range m.To {
		p.To = append(p.To, webhookRecipient(r))
	}
	return p
}

func webhookRecipient(r Recipient) WebhookRecipient {
	return WebhookRecipient{ID: r.ID, Name: r.Name, Email: r.Email, SlackID: r.SlackID, Mobile: r.Mobile, For: r.For}
}

func bundlePayload(b Bundle) WebhookPayload {
	text := RenderBundle(b)
	p := WebhookPayload{
		Type: "bundle",
		To:   []WebhookRecipient{webhookRecipient(b.To)},
		Text: WebhookText(text),
	}
	for _, m := range b.Items {
		m.BaseURL = b.BaseURL
		t := Render(m)
		p.Items = append(p.Items, WebhookItem{Campaign: m.Task.Campaign, Task: m.Task.ID, Seq: m.Event.Seq,
			Text: WebhookText(t), URL: taskPage(m)})
	}
	return p
}

func digestPayload(d Digest) WebhookPayload {
	r := d.Report
	return WebhookPayload{
		Type:     "digest",
		Campaign: WebhookCampaign{ID: d.Campaign.ID, Title: d.Campaign.Title, SlackChannel: d.Campaign.SlackChannel},
		Report:   &r,
		Text:     WebhookText{ZH: r.SummaryZH, EN: r.SummaryEN},
		URL:      campaignPage(d),
	}
}

// taskPage is the task's page on the dashboard, "" when its address is not
// configured.
func taskPage(m Message) string {
	if m.BaseURL == "" {
		return ""
	}
	return strings.TrimSuffix(m.BaseURL, "/") + "/tasks/" + url.PathEscape(m.Task.Campaign) + "/" + url.PathEscape(m.Task.ID)
}

// campaignPage is the campaign's board on the dashboard, "" when its address
// is not configured.
func campaignPage(d Digest) string {
	if d.BaseURL == "" {
		return ""
	}
	return strings.TrimSuffix(d.BaseURL, "/") + "/campaigns/" + url.PathEscape(d.Campaign.ID)
}
