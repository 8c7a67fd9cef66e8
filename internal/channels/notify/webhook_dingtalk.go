package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DingTalk (钉钉) custom group robot, as documented in 自定义机器人接入
// (https://open.dingtalk.com/document/group/custom-robot-access) and its
// message types (https://open.dingtalk.com/document/development/robot-message-type):
//
//   - POST to https://oapi.dingtalk.com/robot/send?access_token=… with
//     {"msgtype": "markdown", "markdown": {"title": …, "text": …}}; the title
//     is what the chat list shows, the text a markdown subset (headings,
//     bold, links, lists);
//   - 加签 signing: timestamp is the current time in milliseconds; the string
//     to sign is timestamp + "\n" + secret; sign = urlEncode(base64(
//     HmacSHA256(key = secret, message = that string))); both go in the URL's
//     query as &timestamp=…&sign=…, and DingTalk refuses a timestamp more
//     than an hour off;
//   - a refusal is a 200 answer with a non-zero errcode and its errmsg;
//   - @mentions: "at": {"atMobiles": [...]} names the members to notify by
//     their mobile numbers; in a markdown message the text must also hold
//     "@" + each number, where the mention shows.

type dingTalkBody struct {
	MsgType  string           `json:"msgtype"`
	Markdown dingTalkMarkdown `json:"markdown"`
	At       *dingTalkAt      `json:"at,omitempty"`
}

type dingTalkAt struct {
	AtMobiles []string `json:"atMobiles"`
}

type dingTalkMarkdown struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

// dingTalkRequest is the signed URL and the body of a message.
func dingTalkRequest(target, secret string, msg robotMessage, now time.Time) (string, []byte, error) {
	b := dingTalkBody{MsgType: "markdown", Markdown: dingTalkMarkdown{Title: robotPlain(msg.Title), Text: dingTalkText(msg)}}
	if len(msg.Mobiles) > 0 {
		b.At = &dingTalkAt{AtMobiles: msg.Mobiles}
	}
	body, err := json.Marshal(b)
	if err != nil || secret == "" {
		return target, body, err
	}
	u, err := url.Parse(target)
	if err != nil {
		return "", nil, fmt.Errorf("dingtalk webhook URL: %w", err)
	}
	ts := strconv.FormatInt(now.UnixMilli(), 10)
	q := u.Query()
	q.Set("timestamp", ts)
	q.Set("sign", dingTalkSign(secret, ts)) // Encode below is the documented urlEncode
	u.RawQuery = q.Encode()
	return u.String(), body, nil
}

// dingTalkSign is base64(HmacSHA256(secret, timestamp + "\n" + secret)),
// before URL encoding.
func dingTalkSign(secret, timestamp string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// dingTalkText lays the message out in DingTalk's markdown; paragraphs need
// blank lines between them. Every text in it is escaped (escape_markdown.go).
func dingTalkText(msg robotMessage) string {
	md := robotMarkdown
	var b strings.Builder
	fmt.Fprintf(&b, "#### %s\n\n%s\n\n%s\n\n", md(msg.Title), eachLine(msg.ZH, md), eachLine(msg.EN, md))
	for _, f := range msg.Facts {
		fmt.Fprintf(&b, "- **%s**: %s\n", md(f.Label), md(f.Value))
	}
	for _, l := range msg.Links {
		fmt.Fprintf(&b, "\n- %s", robotLink(l.Title, l.URL))
	}
	if len(msg.Mobiles) > 0 {
		b.WriteString("\n\n")
		for _, m := range msg.Mobiles {
			fmt.Fprintf(&b, "@%s ", md(m))
		}
	}
	return strings.TrimSpace(b.String())
}
