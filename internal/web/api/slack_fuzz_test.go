package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/slack-go/slack"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/web/slackapp"
)

// slackTask is the fixture task the Slack target's clicks are about: it is
// submitted for sign-off, and zhao's Slack account (U_ZHAO) may approve it.
const slackTask = "t-slack"

const slackSecret = "fuzz-signing-secret"

// noNetwork is a transport that sends nothing anywhere: the interactions
// endpoint answers Slack at once and does its work (acting on the task,
// answering on the payload's response_url) in the background, and fuzzed
// payloads must not make this process post to whatever URL they name.
type noNetwork struct{}

func (noNetwork) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in the fuzz tests")
}

// FuzzSlackInteractions fuzzes the raw form body of POST
// /api/v1/slack/interactions. Bodies are signed as Slack signs them (unless
// the second input says not to), so the fuzzing gets past the signature to
// the payload's parsing; the answer must be a 2xx or a problem, never a 5xx.
func FuzzSlackInteractions(f *testing.F) {
	ref := notify.SignOffRef{Campaign: fixtureCampaign, Task: slackTask, Attempt: 1}.Encode()
	click := func(user, action, value string) string {
		return `{"type":"block_actions","user":{"id":"` + user + `"},"trigger_id":"tr-1","response_url":"https://hooks.slack.invalid/r",` +
			`"channel":{"id":"D1"},"container":{"type":"message"},"actions":[{"type":"button","block_id":"closeout_signoff",` +
			`"action_id":"` + action + `","value":` + strconv.Quote(value) + `,"action_ts":"1700000000.000001"}]}`
	}
	for _, payload := range []string{
		click("U_ZHAO", notify.SlackActionApprove, ref), click("U_ZHAO", notify.SlackActionReturn, ref),
		click("U_NOBODY", notify.SlackActionApprove, ref), click("U_ZHAO", notify.SlackActionApprove, `{"campaign":"fz","task":"nope","attempt":9}`),
		click("U_ZHAO", notify.SlackActionApprove, "not json"), click("U_ZHAO", "other_action", ref),
		click("U_ZHAO", notify.SlackActionApprove, `{"campaign":"fz\u0000","task":"t-slack\u00ff","attempt":1}`),
		`{"type":"view_submission","user":{"id":"U_ZHAO"},"view":{"id":"V1","type":"modal","callback_id":"closeout_return",` +
			`"private_metadata":"{}","state":{"values":{"reason":{"reason":{"type":"plain_text_input","value":"too short"}}}}}}`,
		`{"type":"shortcut"}`, `{}`, `[]`, `{"type":7}`, `not json`,
	} {
		f.Add([]byte("payload="+url.QueryEscape(payload)), true)
	}
	for _, body := range []string{"", "payload=", "payload=%zz", "a=1&payload=%7B", "payload=" + url.QueryEscape(click("U_ZHAO", notify.SlackActionApprove, ref))} {
		f.Add([]byte(body), true)
		f.Add([]byte(body), false)
	}
	w := sharedWorld(f)
	var router *gin.Engine
	if w != nil {
		api := slack.New("xoxb-fuzz", slack.OptionAPIURL("https://slack.invalid/api/"), slack.OptionHTTPClient(&http.Client{Transport: noNetwork{}}))
		app, err := slackapp.New(slackapp.Options{
			SigningSecret: slackSecret, Slack: api, People: w.db,
			Tasks: &taskops.Ops{Store: w.db, Temporal: w.temporal}, Messages: notify.NewSlack(api, w.db, nil),
			Timeout: 10 * time.Second,
		})
		if err != nil {
			f.Fatal(err)
		}
		f.Cleanup(app.Wait)
		router = gin.New()
		app.Register(router)
	}
	f.Fuzz(func(t *testing.T, body []byte, sign bool) {
		if w == nil {
			t.Fatal("no world: see fuzzCoordinator")
		}
		req, _ := http.NewRequest(http.MethodPost, slackapp.Path, nil)
		stamp := strconv.FormatInt(time.Now().Unix(), 10)
		if sign {
			mac := hmac.New(sha256.New, []byte(slackSecret))
			mac.Write([]byte("v0:" + stamp + ":" + string(body)))
			req.Header.Set("X-Slack-Request-Timestamp", stamp)
			req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
		}
		checkAnswer(t, serve(router, req, body, "application/x-www-form-urlencoded"), body)
	})
}
