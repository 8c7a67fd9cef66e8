package notify

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/slack-go/slack"
)

// Block Kit layouts of closeout's Slack messages. Every text is bilingual,
// Chinese first, like the rest of closeout's notifications.

// noticeBody is a notification: who it is for (in a channel), the event in
// both languages, and which task it is about.
func noticeBody(m Message, text Text, mentions string) []slack.Block {
	lines := escape(text.ZH) + "\n" + escape(text.EN)
	if mentions != "" {
		lines = mentions + "\n" + lines
	}
	return []slack.Block{
		slack.NewSectionBlock(mrkdwn(lines), nil, nil),
		slack.NewContextBlock("", mrkdwn(taskLabel(m))),
	}
}

// approvalBody is a request to sign off: the submission with its note and
// evidence links, enough for the approver to decide from Slack.
func approvalBody(m Message, text Text, approver string, sub submission) []slack.Block {
	step := slices.Index(m.Task.Approvers, approver) + 1
	fields := []*slack.TextBlockObject{
		mrkdwn("*责任人 Owner*\n" + escape(m.Task.Owner)),
		mrkdwn("*截止 Due*\n" + m.date(m.Task.Deadline)),
		mrkdwn("*提交次数 Attempt*\n" + strconv.Itoa(max(sub.Attempt, m.Task.Attempt))),
		mrkdwn(fmt.Sprintf("*审核 Sign-off*\n%d / %d", step, len(m.Task.Approvers))),
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(escape(text.ZH)+"\n"+escape(text.EN)), fields, nil),
	}
	if sub.Note != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn("*说明 Note*\n"+quote(sub.Note)), nil, nil))
	}
	if len(sub.Evidence) > 0 {
		var b strings.Builder
		b.WriteString("*佐证材料 Evidence*")
		for _, ev := range evidenceLinks(m.BaseURL, sub.Evidence) {
			if ev.URL == "" {
				fmt.Fprintf(&b, "\n• %s", escape(ev.Title))
				continue
			}
			fmt.Fprintf(&b, "\n• %s", link(ev.URL, ev.Title))
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(b.String()), nil, nil))
	}
	return append(blocks, slack.NewContextBlock("", mrkdwn(taskLabel(m))))
}

// signOffButtons act on the task the reference names.
func signOffButtons(ref SignOffRef) slack.Block {
	value := ref.Encode()
	approve := slack.NewButtonBlockElement(SlackActionApprove, value, plain("销号 Approve")).WithStyle(slack.StylePrimary)
	ret := slack.NewButtonBlockElement(SlackActionReturn, value, plain("退回 Return")).WithStyle(slack.StyleDanger)
	return slack.NewActionBlock(slackSignOffBlock, approve, ret)
}

// digestBlocks are a campaign's progress report, in the seed's words.
func digestBlocks(d Digest) []slack.Block {
	r, t := d.Report, d.Report.Totals
	fields := []*slack.TextBlockObject{
		mrkdwn(fmt.Sprintf("*已销号 Closed*\n%d / %d (%d%%)", t.Closed, t.Tasks, t.ClosedPct)),
		mrkdwn(fmt.Sprintf("*待审核 Submitted*\n%d", t.Submitted)),
		mrkdwn(fmt.Sprintf("*已超期 Overdue*\n%d", t.Overdue)),
		mrkdwn(fmt.Sprintf("*红 / 黄 / 绿 Red / yellow / green*\n%d / %d / %d", t.Red, t.Yellow, t.Green)),
	}
	title := d.Campaign.Title
	if title == "" {
		title = r.Title
	}
	return []slack.Block{
		slack.NewHeaderBlock(plain("进度通报 Progress report")),
		slack.NewSectionBlock(mrkdwn("*"+escape(title)+"*\n"+escape(r.SummaryZH)+"\n"+escape(r.SummaryEN)), fields, nil),
	}
}

// taskLabel names the task a message is about: campaign, track and id, the
// id linking to the task's dashboard page when the dashboard's address is known.
func taskLabel(m Message) string {
	parts := []string{}
	if m.Campaign.Title != "" {
		parts = append(parts, escape(m.Campaign.Title))
	}
	if m.Task.Track != "" {
		parts = append(parts, escape(m.Task.Track))
	}
	id := m.Task.Campaign + "/" + m.Task.ID
	if page := taskPage(m); page != "" {
		parts = append(parts, link(page, id))
	} else {
		parts = append(parts, escape(id))
	}
	return strings.Join(parts, " · ")
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

// maxSectionText is Slack's limit on a section's text, in characters.
const maxSectionText = 3000

// bundleBlocks are a day's reminders: the list in each language, then the
// tasks' pages.
func bundleBlocks(b Bundle, text Text) []slack.Block {
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(clip(eachLine(text.ZH, escape), maxSectionText)), nil, nil),
		slack.NewSectionBlock(mrkdwn(clip(eachLine(text.EN, escape), maxSectionText)), nil, nil),
	}
	var links []string
	for _, page := range bundleLinks(b) {
		links = append(links, link(page, page))
	}
	if len(links) > 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(clip(strings.Join(links, "  "), maxSectionText))))
	}
	return blocks
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
