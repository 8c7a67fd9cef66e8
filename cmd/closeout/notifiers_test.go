package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/channels/notify"
)

// One unnamed webhook and any number of named ones, each with its secret and
// format; names become the notifiers' stable names.
func TestWebhooksFromEnv(t *testing.T) {
	got := webhooksFromEnv([]string{
		"CLOSEOUT_WEBHOOK_URL=https://hooks.example.org/closeout",
		"CLOSEOUT_WEBHOOK_SECRET=s1",
		"CLOSEOUT_WEBHOOK_DINGTALK_URL=https://oapi.dingtalk.com/robot/send?access_token=T",
		"CLOSEOUT_WEBHOOK_DINGTALK_SECRET=SEC2",
		"CLOSEOUT_WEBHOOK_DINGTALK_FORMAT=DingTalk",
		"CLOSEOUT_WEBHOOK_OPS_TEAM_URL=https://open.feishu.cn/open-apis/bot/v2/hook/H",
		"CLOSEOUT_WEBHOOK_OPS_TEAM_FORMAT=lark",
		"CLOSEOUT_WEBHOOK_EMPTY_URL=",
		"CLOSEOUT_WEBHOOK_NOURL=https://ignored.example.org",
		"PATH=/usr/bin",
	})
	want := []notify.WebhookConfig{
		{Name: "webhook", URL: "https://hooks.example.org/closeout", Secret: "s1", Format: notify.FormatJSON},
		{Name: "webhook-dingtalk", URL: "https://oapi.dingtalk.com/robot/send?access_token=T", Secret: "SEC2", Format: notify.FormatDingTalk},
		{Name: "webhook-ops_team", URL: "https://open.feishu.cn/open-apis/bot/v2/hook/H", Format: notify.FormatFeishu},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("webhooks (-want +got):\n%s", diff)
	}
}
