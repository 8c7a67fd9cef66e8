package notify_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/formats/report"
)

var sentAt = time.Date(2024, 6, 20, 8, 0, 0, 0, time.UTC)

// submission is a notification with evidence links, for the approver.
func submission() notify.Message {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	return notify.Message{
		Campaign: notify.Campaign{ID: "xmlc", Title: "小马拉大车", Timezone: shanghai},
		Task: task.View{Campaign: "xmlc", ID: "T01", Title: "清理借调人员", Owner: "li",
			Status: task.StatusSubmitted, Deadline: deadline, Approvers: []string{"zhao"}, CurrentApprover: "zhao", Attempt: 1},
		Event: task.Event{Seq: 4, At: sentAt, Actor: "li", Type: task.EventSubmitted, Data: map[string]any{
			"note": "done", "attempt": 1, "approver": "zhao",
			"evidence": []task.Evidence{{Title: "清理名单", URL: "https://docs.example.org/list"}},
		}},
		To: []notify.Recipient{{ID: "zhao", Name: "赵", SlackID: "U_ZHAO"}},
	}
}

func digest() notify.Digest {
	return notify.Digest{Campaign: notify.Campaign{ID: "xmlc", Title: "小马拉大车"}, Report: report.Report{
		Campaign: "xmlc", GeneratedAt: sentAt, Totals: report.Totals{Tasks: 30, Closed: 18, ClosedPct: 60},
		SummaryZH: "目前30项任务已完成18项,占60%,其余12项正按时序推进。", SummaryEN: "18 of 30 tasks are closed (60%); the other 12 are on schedule.",
	}}
}

// receiver is an httptest server that hands each request to check and
// answers with answer.
func receiver(t *testing.T, answer string, check func(r *http.Request, body []byte)) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		check(r, body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func newWebhook(t *testing.T, url, secret string, f notify.WebhookFormat) *notify.Webhook {
	t.Helper()
	w, err := notify.NewWebhook(notify.WebhookConfig{URL: url, Secret: secret, Format: f, Now: func() time.Time { return sentAt }})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// strictly decodes JSON into the platform's documented shape; a field the
// shape does not have fails.
func strictly(t *testing.T, body []byte, shape any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(shape); err != nil {
		t.Fatalf("body %s does not have the documented shape: %v", body, err)
	}
}

// The json format: a receiver recomputes HMAC-SHA256(secret, timestamp + "." +
// raw body) and finds the signature; the body is closeout's document.
func TestWebhookJSONIsSignedForTheReceiver(t *testing.T) {
	const secret = "s3cret"
	var got []notify.WebhookPayload
	url := receiver(t, `{}`, func(r *http.Request, body []byte) {
		ts := r.Header.Get("X-Closeout-Timestamp")
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(ts + "." + string(body)))
		want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
		if !hmac.Equal([]byte(want), []byte(r.Header.Get("X-Closeout-Signature"))) {
			t.Errorf("signature %q, the receiver computes %q", r.Header.Get("X-Closeout-Signature"), want)
		}
		if sec, err := strconv.ParseInt(ts, 10, 64); err != nil || !time.Unix(sec, 0).Equal(sentAt) {
			t.Errorf("timestamp %q", ts)
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("content type %q", ct)
		}
		var p notify.WebhookPayload
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatal(err)
		}
		p.Task, p.Report = nil, nil // compared below through the rest
		got = append(got, p)
	})
	w := newWebhook(t, url, secret, notify.FormatJSON)
	ctx := context.Background()
	if err := w.Send(ctx, submission()); err != nil {
		t.Fatal(err)
	}
	if err := w.SendDigest(ctx, digest()); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d requests", len(got))
	}
	if got[0].Type != "notification" || got[0].Event.Type != "submitted" || got[0].Text.ZH != "任务「清理借调人员」已提交,请您审核销号。" ||
		len(got[0].To) != 1 || got[0].To[0].SlackID != "U_ZHAO" {
		t.Errorf("notification: %+v", got[0])
	}
	if got[1].Type != "digest" || got[1].Text.EN != digest().Report.SummaryEN || got[1].Campaign.ID != "xmlc" {
		t.Errorf("digest: %+v", got[1])
	}
}

// Receivers tell repeats apart by X-Closeout-Delivery; without a secret
// nothing is signed.
func TestWebhookDeliveryIDAndUnsigned(t *testing.T) {
	var headers []http.Header
	url := receiver(t, `{}`, func(r *http.Request, _ []byte) { headers = append(headers, r.Header.Clone()) })
	w := newWebhook(t, url, "", notify.FormatJSON)
	for range 2 {
		if err := w.Send(context.Background(), submission()); err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range headers {
		if h.Get("X-Closeout-Delivery") != "xmlc/T01/4" || h.Get("X-Closeout-Signature") != "" || h.Get("X-Closeout-Event") != "notification" {
			t.Fatalf("headers %v", h)
		}
	}
}

// Anything but a 2xx is an error that does not quote the URL (robot URLs
// carry tokens); a 429 with Retry-After, in seconds or as a date, asks the
// activity to wait that long.
func TestWebhookAnswers(t *testing.T) {
	status, retry := http.StatusInternalServerError, ""
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if retry != "" {
			w.Header().Set("Retry-After", retry)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	w := newWebhook(t, srv.URL+"/hook?access_token=TOKEN", "", notify.FormatDingTalk)
	err := w.Send(context.Background(), submission())
	if err == nil || strings.Contains(err.Error(), "TOKEN") || !strings.Contains(err.Error(), "500") {
		t.Fatalf("500: %v", err)
	}
	status = http.StatusTooManyRequests
	for _, tc := range []struct {
		header string
		want   time.Duration
	}{{"30", 30 * time.Second}, {sentAt.Add(2 * time.Minute).Format(http.TimeFormat), 2 * time.Minute}} {
		retry = tc.header
		var slow *notify.RetryAfter
		if err := w.Send(context.Background(), submission()); !errors.As(err, &slow) || slow.Delay != tc.want {
			t.Fatalf("429 with Retry-After %s: %v", tc.header, err)
		}
	}
	retry = ""
	var slow *notify.RetryAfter
	if err := w.SendDigest(context.Background(), digest()); err == nil || errors.As(err, &slow) {
		t.Fatalf("429 without Retry-After is a plain error: %v", err)
	}
	dead := newWebhook(t, "http://127.0.0.1:1/hook?key=TOKEN", "", notify.FormatWeCom)
	if err := dead.Send(context.Background(), submission()); err == nil || strings.Contains(err.Error(), "TOKEN") {
		t.Fatalf("unreachable: %v", err)
	}
}

// DingTalk: {"msgtype": "markdown", "markdown": {"title", "text"}}, signed
// with timestamp (ms) and sign = urlEncode(base64(HmacSHA256(secret,
// timestamp + "\n" + secret))) in the query, next to the access token. A 200
// with a non-zero errcode is a refusal.
func TestDingTalkFormat(t *testing.T) {
	const secret = "SECxxxx"
	answer := `{"errcode":0,"errmsg":"ok"}`
	var texts []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		q := r.URL.Query()
		ts := q.Get("timestamp")
		if ts != strconv.FormatInt(sentAt.UnixMilli(), 10) || q.Get("access_token") != "TOKEN" {
			t.Errorf("query %s", r.URL.RawQuery)
		}
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(ts + "\n" + secret))
		sign := base64.StdEncoding.EncodeToString(mac.Sum(nil))
		if q.Get("sign") != sign || !strings.Contains(r.URL.RawQuery, "sign="+urlEncode(sign)) {
			t.Errorf("sign in %s, want %s url-encoded", r.URL.RawQuery, sign)
		}
		var b struct {
			MsgType  string `json:"msgtype"`
			Markdown struct {
				Title string `json:"title"`
				Text  string `json:"text"`
			} `json:"markdown"`
		}
		strictly(t, body, &b)
		if b.MsgType != "markdown" || b.Markdown.Title == "" {
			t.Errorf("body %s", body)
		}
		texts = append(texts, b.Markdown.Text)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	w := newWebhook(t, srv.URL+"/robot/send?access_token=TOKEN", secret, notify.FormatDingTalk)
	ctx := context.Background()
	if err := w.Send(ctx, submission()); err != nil {
		t.Fatal(err)
	}
	if err := w.SendDigest(ctx, digest()); err != nil {
		t.Fatal(err)
	}
	if len(texts) != 2 || !strings.Contains(texts[0], "[清理名单](https://docs.example.org/list)") ||
		!strings.Contains(texts[0], "任务「清理借调人员」已提交") || !strings.Contains(texts[1], "占60%") {
		t.Fatalf("texts %q", texts)
	}
	answer = `{"errcode":310000,"errmsg":"sign not match"}`
	if err := w.Send(ctx, submission()); err == nil || !strings.Contains(err.Error(), "310000") {
		t.Fatalf("refusal: %v", err)
	}
}

// WeCom: {"msgtype": "markdown", "markdown": {"content"}}, the key in the URL,
// no signature, content at most 4096 bytes of UTF-8.
func TestWeComFormat(t *testing.T) {
	answer := `{"errcode":0,"errmsg":"ok"}`
	var contents []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.URL.Query().Get("key") != "KEY" || len(r.URL.Query()) != 1 {
			t.Errorf("query %s", r.URL.RawQuery)
		}
		var b struct {
			MsgType  string `json:"msgtype"`
			Markdown struct {
				Content string `json:"content"`
			} `json:"markdown"`
		}
		strictly(t, body, &b)
		if b.MsgType != "markdown" || len(b.Markdown.Content) > 4096 || !utf8.ValidString(b.Markdown.Content) {
			t.Errorf("body of %d bytes: %.200s", len(b.Markdown.Content), body)
		}
		contents = append(contents, b.Markdown.Content)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	w := newWebhook(t, srv.URL+"/cgi-bin/webhook/send?key=KEY", "", notify.FormatWeCom)
	ctx := context.Background()
	if err := w.Send(ctx, submission()); err != nil {
		t.Fatal(err)
	}
	long := submission()
	long.Task.Title = strings.Repeat("很长的标题", 400)
	if err := w.Send(ctx, long); err != nil {
		t.Fatal(err)
	}
	if err := w.SendDigest(ctx, digest()); err != nil {
		t.Fatal(err)
	}
	if len(contents) != 3 || !strings.Contains(contents[0], "[清理名单](https://docs.example.org/list)") ||
		!strings.Contains(contents[0], `> 责任人 Owner: <font color="comment">li</font>`) || !strings.Contains(contents[2], "占60%") {
		t.Fatalf("contents %q", contents)
	}
	answer = `{"errcode":93000,"errmsg":"invalid webhook url"}`
	if err := w.Send(ctx, submission()); err == nil || !strings.Contains(err.Error(), "93000") {
		t.Fatalf("refusal: %v", err)
	}
}

// Feishu: {"timestamp", "sign", "msg_type": "post", "content": {"post":
// {"zh_cn": {"title", "content": [[{"tag", "text", "href"}]]}, "en_us": …}}},
// sign = base64(HmacSHA256(key = timestamp + "\n" + secret, message = "")),
// timestamp in seconds. A 200 with a non-zero code is a refusal.
func TestFeishuFormat(t *testing.T) {
	const secret = "feishu-secret"
	type span struct {
		Tag  string `json:"tag"`
		Text string `json:"text"`
		Href string `json:"href"`
	}
	type post struct {
		Title   string   `json:"title"`
		Content [][]span `json:"content"`
	}
	type body struct {
		Timestamp string `json:"timestamp"`
		Sign      string `json:"sign"`
		MsgType   string `json:"msg_type"`
		Content   struct {
			Post map[string]post `json:"post"`
		} `json:"content"`
	}
	answer := `{"code":0,"msg":"success","data":{}}`
	var got []body
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var b body
		strictly(t, raw, &b)
		mac := hmac.New(sha256.New, []byte(b.Timestamp+"\n"+secret))
		if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); b.Sign != want {
			t.Errorf("sign %q, want %q", b.Sign, want)
		}
		if b.Timestamp != strconv.FormatInt(sentAt.Unix(), 10) {
			t.Errorf("timestamp %q", b.Timestamp)
		}
		got = append(got, b)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	w := newWebhook(t, srv.URL+"/open-apis/bot/v2/hook/HOOK", secret, notify.FormatFeishu)
	ctx := context.Background()
	if err := w.Send(ctx, submission()); err != nil {
		t.Fatal(err)
	}
	if err := w.SendDigest(ctx, digest()); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].MsgType != "post" {
		t.Fatalf("bodies %+v", got)
	}
	zh, en := got[0].Content.Post["zh_cn"], got[0].Content.Post["en_us"]
	if diff := cmp.Diff([]span{{Tag: "text", Text: "任务「清理借调人员」已提交,请您审核销号。"}}, zh.Content[0]); diff != "" {
		t.Errorf("zh_cn first paragraph (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(en.Content[0][0].Text, `"清理借调人员" was submitted`) || zh.Title == "" {
		t.Errorf("en_us %+v", en)
	}
	if diff := cmp.Diff([]span{{Tag: "a", Text: "清理名单", Href: "https://docs.example.org/list"}}, zh.Content[len(zh.Content)-1]); diff != "" {
		t.Errorf("evidence link (-want +got):\n%s", diff)
	}
	answer = `{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}`
	if err := w.Send(ctx, submission()); err == nil || !strings.Contains(err.Error(), "19021") {
		t.Fatalf("refusal: %v", err)
	}
}

// urlEncode is the documented urlEncode of DingTalk's sign (Java's
// URLEncoder, Python's quote_plus): + / = escaped.
func urlEncode(s string) string {
	return strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(s)
}
