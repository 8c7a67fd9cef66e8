package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"time"
)

// Feishu / Lark (飞书) custom bot, as documented in 自定义机器人使用指南
// (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot):
//
//   - POST to https://open.feishu.cn/open-apis/bot/v2/hook/… with
//     {"msg_type": "post", "content": {"post": {"zh_cn": {"title": …,
//     "content": [[{"tag": "text", "text": …}, {"tag": "a", "text": …,
//     "href": …}], …]}, "en_us": {…}}}}: a rich-text post, one paragraph per
//     inner array, in each language;
//   - 签名校验 signing: "timestamp" (seconds, as a string) and "sign" go in
//     the body; sign = base64(HmacSHA256(key = timestamp + "\n" + secret,
//     message = empty)); Feishu refuses a timestamp more than an hour off;
//   - a refusal is a 200 answer with a non-zero code and its msg.

type feishuBody struct {
	Timestamp string        `json:"timestamp,omitempty"`
	Sign      string        `json:"sign,omitempty"`
	MsgType   string        `json:"msg_type"`
	Content   feishuContent `json:"content"`
}

type feishuContent struct {
	Post map[string]feishuPost `json:"post"`
}

type feishuPost struct {
	Title   string             `json:"title"`
	Content [][]feishuPostSpan `json:"content"`
}

type feishuPostSpan struct {
	Tag  string `json:"tag"`
	Text string `json:"text"`
	Href string `json:"href,omitempty"`
}

func feishuRequest(secret string, msg robotMessage, now time.Time) ([]byte, error) {
	body := feishuBody{
		MsgType: "post",
		Content: feishuContent{Post: map[string]feishuPost{
			"zh_cn": feishuPostOf(msg, msg.ZH),
			"en_us": feishuPostOf(msg, msg.EN),
		}},
	}
	if secret != "" {
		ts := now.Unix()
		body.Timestamp = strconv.FormatInt(ts, 10)
		body.Sign = feishuSign(secret, ts)
	}
	return json.Marshal(body)
}

// feishuPostOf is the post in one language: the sentence, the facts, the
// links. A post is not markdown: its text spans only need to stay on one
// line and mention no one (escape_markdown.go).
func feishuPostOf(msg robotMessage, sentence string) feishuPost {
	text := robotPlain
	p := feishuPost{Title: text(msg.Title), Content: [][]feishuPostSpan{{{Tag: "text", Text: eachLine(sentence, text)}}}}
	for _, f := range msg.Facts {
		p.Content = append(p.Content, []feishuPostSpan{{Tag: "text", Text: text(f.Label) + ": " + text(f.Value)}})
	}
	for _, l := range msg.Links {
		p.Content = append(p.Content, []feishuPostSpan{{Tag: "a", Text: text(l.Title), Href: oneLine(l.URL)}})
	}
	return p
}

// feishuSign is base64(HmacSHA256(key = timestamp + "\n" + secret, message = "")).
func feishuSign(secret string, timestamp int64) string {
	mac := hmac.New(sha256.New, []byte(strconv.FormatInt(timestamp, 10)+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
