package notify

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// WeCom (企业微信) group robot, as documented in 群机器人配置说明
// (https://developer.work.weixin.qq.com/document/path/91770):
//
//   - POST to https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… with
//     {"msgtype": "markdown", "markdown": {"content": …}}, content UTF-8 and
//     at most 4096 bytes, a markdown subset (bold, links, > quotes,
//     <font color="info|comment|warning">);
//   - no signature: the key in the URL is the credential;
//   - a refusal is a 200 answer with a non-zero errcode and its errmsg;
//   - @mentions by mobile number exist only in text messages:
//     {"msgtype": "text", "text": {"content": …, "mentioned_mobile_list":
//     [...]}}, content at most 2048 bytes. A message that must mention
//     someone (an escalation) is sent as text, the rest as markdown.

type weComBody struct {
	MsgType  string         `json:"msgtype"`
	Markdown *weComMarkdown `json:"markdown,omitempty"`
	Text     *weComText     `json:"text,omitempty"`
}

type weComText struct {
	Content             string   `json:"content"`
	MentionedMobileList []string `json:"mentioned_mobile_list,omitempty"`
}

type weComMarkdown struct {
	Content string `json:"content"`
}

// The documented limits of markdown.content and text.content, in bytes.
const (
	weComMaxContent = 4096
	weComMaxText    = 2048
)

func weComRequest(msg robotMessage) ([]byte, error) {
	if len(msg.Mobiles) > 0 {
		return json.Marshal(weComBody{MsgType: "text", Text: &weComText{Content: weComPlain(msg), MentionedMobileList: msg.Mobiles}})
	}
	return json.Marshal(weComBody{MsgType: "markdown", Markdown: &weComMarkdown{Content: weComMarkdownText(msg)}})
}

// weComPlain lays the message out as plain text, links as bare addresses.
// Every text in it is escaped (escape_markdown.go).
func weComPlain(msg robotMessage) string {
	p := robotPlain
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n%s", p(msg.Title), eachLine(msg.ZH, p), eachLine(msg.EN, p))
	for _, f := range msg.Facts {
		fmt.Fprintf(&b, "\n%s: %s", p(f.Label), p(f.Value))
	}
	for _, l := range msg.Links {
		fmt.Fprintf(&b, "\n%s: %s", p(l.Title), oneLine(l.URL))
	}
	return truncateBytes(b.String(), weComMaxText)
}

// weComMarkdownText lays the message out in WeCom's markdown. Every text in
// it is escaped (escape_markdown.go).
func weComMarkdownText(msg robotMessage) string {
	md := robotMarkdown
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n%s\n%s", md(msg.Title), eachLine(msg.ZH, md), eachLine(msg.EN, md))
	for _, f := range msg.Facts {
		fmt.Fprintf(&b, "\n> %s: <font color=\"comment\">%s</font>", md(f.Label), md(f.Value))
	}
	for _, l := range msg.Links {
		fmt.Fprintf(&b, "\n%s", robotLink(l.Title, l.URL))
	}
	return truncateBytes(b.String(), weComMaxContent)
}

// truncateBytes cuts s to at most n bytes without splitting a character.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
