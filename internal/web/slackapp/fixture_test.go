package slackapp_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"
	"github.com/slack-go/slack"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/activities"
	"github.com/closeout/closeout/internal/testworld"
	"github.com/closeout/closeout/internal/web/slackapp"
	"github.com/closeout/closeout/internal/web/slackapp/slackfake"
)

const (
	secret  = "8f742231b10e8888abcd99yyyzzz85a5"
	channel = "C_XMLC"
	wait    = 30 * time.Second
)

// world is closeout running for real around the endpoint: an embedded
// Temporal server, a worker with the Slack notifier, a SQLite projection,
// and a fake Slack that records what it is sent.
type world struct {
	db       *store.DB
	api      *slackfake.Server
	ops      *taskops.Ops
	tasks    *gatedTasks
	app      *slackapp.App
	router   *gin.Engine
	outcomes chan slackapp.Outcome
	clicks   int
}

func newWorld(t *testing.T) *world {
	w := &world{api: slackfake.New(t), outcomes: make(chan slackapp.Outcome, 16)}
	api := notify.NewSlackClient("xoxb-test", w.api.APIURL())
	var messages *notify.Slack
	tw := testworld.New(t, testworld.Options{Activities: func(tw *testworld.World) *activities.Activities {
		messages = notify.NewSlack(api, tw.DB, nil)
		return &activities.Activities{Notifiers: []notify.Notifier{messages}}
	}})
	w.db, w.ops = tw.DB, tw.Ops
	w.seed(t)
	var err error
	w.tasks = &gatedTasks{Tasks: w.ops}
	w.app, err = slackapp.New(slackapp.Options{
		SigningSecret: secret, Slack: api, People: w.db, Tasks: w.tasks, Messages: messages,
		Done: func(o slackapp.Outcome) { w.outcomes <- o },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.app.Wait)
	gin.SetMode(gin.TestMode)
	w.router = gin.New()
	w.app.Register(w.router)
	return w
}

func (w *world) seed(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	if _, _, err := w.db.SaveCampaign(ctx, store.Campaign{
		ID: "xmlc", Title: "小马拉大车", Owner: "boss", Timezone: "Asia/Shanghai", Calendar: json.RawMessage(`"cn"`),
		Start: now, Deadline: now.Add(60 * 24 * time.Hour), Status: store.CampaignActive, SlackChannel: channel, PlanHash: "h", CreatedAt: now,
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []store.Person{
		{ID: "li", SlackID: "U_LI"}, {ID: "zhang", SlackID: "U_ZHANG"},
		{ID: "zhao", SlackID: "U_ZHAO"}, {ID: "wang", SlackID: "U_WANG"}, {ID: "boss"},
	} {
		p.Roles, p.CreatedAt = []string{store.RoleMember}, now
		if err := w.db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
}

// createTask starts a task owned by owner, signed off by zhao then wang, due
// in thirty days.
func (w *world) createTask(t *testing.T, id, owner string) task.View {
	t.Helper()
	return w.createTaskFor(t, id, owner, "zhao", "wang")
}

// createTaskFor is createTask signed off by approvers (people or units).
func (w *world) createTaskFor(t *testing.T, id, owner string, approvers ...string) task.View {
	t.Helper()
	d := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Second)
	view, err := w.ops.Create(context.Background(), task.Spec{
		Campaign: "xmlc", ID: id, Title: "任务 " + id, CampaignOwner: "boss", Owner: owner, Supervisor: "zhao", Leader: "wang",
		Approvers: approvers, Deadline: d,
		Plan: task.Plan{
			EffectiveDeadline: d, LatestStart: d.Add(-20 * 24 * time.Hour),
			Milestones: []task.Milestone{{Name: "check", Due: d}},
			Policy: task.Policy{
				Overdue:       []task.EscalationLevel{{After: 0, Notify: []string{task.RoleOwner, task.RoleSupervisor}}},
				ReviewTimeout: 3 * 24 * time.Hour,
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return view
}

// submit hands the task in as li and returns the sign-off request zhao gets.
func (w *world) submit(t *testing.T, tk task.View) slackfake.Call {
	t.Helper()
	req := &task.SubmitRequest{Actor: task.Actor{ID: tk.Owner}, Note: "done",
		Evidence: []task.Evidence{{Title: "名单", URL: "https://docs.example.org/" + tk.ID}}}
	if _, err := w.ops.Act(context.Background(), tk, taskops.Action{Kind: task.Submit, Request: req}); err != nil {
		t.Fatal(err)
	}
	return w.request(t, "U_ZHAO", tk.ID, tk.Attempt)
}

// request waits for the sign-off request for a task's attempt in a user's DM.
func (w *world) request(t *testing.T, user, task string, attempt int) slackfake.Call {
	t.Helper()
	ref := notify.SignOffRef{Campaign: "xmlc", Task: task, Attempt: attempt}.Encode()
	return w.api.WaitFor(t, wait, "sign-off request for "+task+" to "+user, func(c slackfake.Call) bool {
		return c.Method == slackfake.PostMessage && c.Channel == user && buttonValue(c, notify.SlackActionApprove) == ref
	})
}

// buttonValue is the value of a message's button, "" if it has none.
func buttonValue(m slackfake.Call, actionID string) string {
	for _, b := range m.Blocks.BlockSet {
		if ab, ok := b.(*slack.ActionBlock); ok {
			for _, el := range ab.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok && btn.ActionID == actionID {
					return btn.Value
				}
			}
		}
	}
	return ""
}

// click sends the block_actions interaction Slack sends when user clicks the
// button actionID of the message m.
func (w *world) click(t *testing.T, user string, m slackfake.Call, actionID string) (*httptest.ResponseRecorder, string) {
	t.Helper()
	w.clicks++
	value := buttonValue(m, actionID)
	if value == "" {
		t.Fatalf("the message has no %s button", actionID)
	}
	respondTo := fmt.Sprintf("click-%d", w.clicks)
	payload := map[string]any{
		"type":         "block_actions",
		"user":         map[string]any{"id": user, "username": strings.ToLower(user)},
		"api_app_id":   "A1",
		"token":        "legacy",
		"trigger_id":   fmt.Sprintf("trigger-%d", w.clicks),
		"response_url": w.api.ResponseURLFor(respondTo),
		"channel":      map[string]any{"id": m.Conversation},
		"container":    map[string]any{"type": "message", "channel_id": m.Conversation, "message_ts": m.TS},
		"message":      map[string]any{"ts": m.TS, "text": m.Text},
		"actions": []map[string]any{{
			"type": "button", "block_id": "closeout_signoff", "action_id": actionID, "value": value,
			"action_ts": fmt.Sprintf("1700000100.%06d", w.clicks),
		}},
	}
	return w.post(t, signed(payload, time.Now(), secret)), respondTo
}

// submitModal sends the view_submission of the return modal opened as view.
func (w *world) submitModal(t *testing.T, user string, view slackfake.Call, reason string) *httptest.ResponseRecorder {
	t.Helper()
	payload := map[string]any{
		"type": "view_submission",
		"user": map[string]any{"id": user},
		"view": map[string]any{
			"id": "V" + view.TS, "type": "modal", "callback_id": view.View.CallbackID,
			"private_metadata": view.View.PrivateMetadata,
			"state": map[string]any{"values": map[string]any{
				"closeout_reason": map[string]any{"reason": map[string]any{"type": "plain_text_input", "value": reason}},
			}},
		},
	}
	return w.post(t, signed(payload, time.Now(), secret))
}

func (w *world) post(t *testing.T, r *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	w.router.ServeHTTP(rec, r)
	return rec
}

// outcome waits for the next interaction to finish its background work.
func (w *world) outcome(t *testing.T) slackapp.Outcome {
	t.Helper()
	select {
	case o := <-w.outcomes:
		return o
	case <-time.After(wait):
		t.Fatal("no interaction finished")
		return slackapp.Outcome{}
	}
}

// snapshot is a task as projected and its log, to show nothing changed.
type snapshot struct {
	task   task.View
	events []task.Event
}

func (w *world) snapshot(t *testing.T, id string) snapshot {
	t.Helper()
	ctx := context.Background()
	task, err := w.db.GetTask(ctx, "xmlc", id)
	if err != nil {
		t.Fatal(err)
	}
	events, err := w.db.TaskEvents(ctx, "xmlc", id)
	if err != nil {
		t.Fatal(err)
	}
	return snapshot{task, events}
}

// request builds what Slack sends: the payload as a form, signed with
// secret at ts.
func signed(payload map[string]any, ts time.Time, key string) *http.Request {
	body := "payload=" + url.QueryEscape(string(mustJSON(payload)))
	r := unsigned(body)
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r.Header.Set("X-Slack-Request-Timestamp", stamp)
	r.Header.Set("X-Slack-Signature", signature(key, stamp, body))
	return r
}

func unsigned(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, slackapp.Path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// signature is Slack's v0 signature, computed here from its documentation.
func signature(key, ts, body string) string {
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte("v0:" + ts + ":" + body))
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// gatedTasks can hold actions back, to show Slack is answered before the
// work is done.
type gatedTasks struct {
	slackapp.Tasks
	mu   sync.Mutex
	gate chan struct{}
}

func (g *gatedTasks) hold() chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.gate = make(chan struct{})
	return g.gate
}

func (g *gatedTasks) Act(ctx context.Context, t task.View, a taskops.Action) (task.View, error) {
	g.mu.Lock()
	gate := g.gate
	g.gate = nil
	g.mu.Unlock()
	if gate != nil {
		<-gate
	}
	return g.Tasks.Act(ctx, t, a)
}
