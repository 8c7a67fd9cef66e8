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
//   - a refusal is a 200 answer with a non-zero errcode and its errmsg.

type weComBody struct {
	MsgType  string        `json:"msgtype"`
	Markdown weComMarkdown `json:"markdown"`
}

type weComMarkdown struct {
	Content string `json:"content"`
}

// weComMaxContent is the documented limit of markdown.content, in bytes.
const weComMaxContent = 4096

func weComRequest(msg robotMessage) ([]byte, error) {
	return json.Marshal(weComBody{MsgType: "markdown", Markdown: weComMarkdown{Content: weComText(msg)}})
}

func weComText(msg robotMessage) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n%s\n%s", msg.Title, msg.ZH, msg.EN)
	for _, f := range msg.Facts {
		fmt.Fprintf(&b, "\n> %s: <font color=\"comment\">%s</font>", f.Label, f.Value)
	}
	for _, l := range msg.Links {
		fmt.Fprintf(&b, "\n[%s](%s)", l.Title, l.URL)
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
