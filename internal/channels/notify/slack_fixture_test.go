package notify_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/slack-go/slack"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/activities"
	"github.com/closeout/closeout/internal/web/slackapp/slackfake"
)

// The fixture task: li owns it, zhao supervises, wang leads; boss owns the
// campaign and has no Slack id. Sign-off goes zhao then wang. The campaign
// posts to channel C_XMLC.
var (
	deadline = time.Date(2024, 6, 30, 15, 59, 59, 0, time.UTC)
	start    = time.Date(2024, 6, 1, 1, 0, 0, 0, time.UTC)
)

const (
	day     = 24 * time.Hour
	channel = "C_XMLC"
)

func taskSpec() task.Spec {
	d := deadline
	return task.Spec{
		Campaign: "xmlc", ID: "T01", Title: "清理借调人员", Track: "qingche",
		CampaignOwner: "boss", Owner: "li", Supervisor: "zhao", Leader: "wang", Flagged: true,
		Approvers: []string{"zhao", "wang"}, Deadline: d,
		Plan: task.Plan{
			EffectiveDeadline: d,
			Milestones:        []task.Milestone{{Name: "check", Start: d.Add(-4 * day), Due: d}},
			LatestStart:       d.Add(-28 * day),
			Policy: task.Policy{
				Overdue: []task.EscalationLevel{
					{After: 0, Notify: []string{task.RoleOwner, task.RoleSupervisor}},
					{After: 3 * day, Notify: []string{task.RoleLeader, task.RoleCampaignOwner}, Repeat: 2 * day},
				},
				ReviewTimeout: 3 * day,
			},
		},
	}
}

// seed stores the campaign and its people in db.
func seed(t testing.TB, db *store.DB, slackChannel string) {
	t.Helper()
	ctx := context.Background()
	if _, _, err := db.SaveCampaign(ctx, store.Campaign{
		ID: "xmlc", Title: "小马拉大车", Owner: "boss", Timezone: "Asia/Shanghai", Calendar: json.RawMessage(`"cn"`),
		Start: start, Deadline: deadline, Status: store.CampaignActive, SlackChannel: slackChannel, PlanHash: "h", CreatedAt: start,
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []store.Person{
		{ID: "li", Name: "李", SlackID: "U_LI"},
		{ID: "zhao", Name: "赵", SlackID: "U_ZHAO"},
		{ID: "wang", Name: "王东", SlackID: "U_WANG"},
		{ID: "boss", Name: "Boss"},
		{ID: "zhang", Name: "张"},
	} {
		p.Roles, p.CreatedAt = []string{store.RoleMember}, start
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
}

// fixture drives a task through its pure transitions and hands every
// notification to the real Notify activity, as the workflow would (the
// notification JSON-encoded, as Temporal carries it), with Slack as the only
// notifier.
type fixture struct {
	t     *testing.T
	db    *store.DB
	api   *slackfake.Server
	slack *notify.Slack
	acts  *activities.Activities
	state *task.State
	now   time.Time // the task's clock: when the last transition happened
}

func newFixture(t *testing.T) *fixture {
	db := storetest.Open(t, storetest.SQLite)
	seed(t, db, channel)
	api := slackfake.New(t)
	sl := notify.NewSlack(notify.NewSlackClient("xoxb-test", api.APIURL()), db, nil)
	f := &fixture{t: t, db: db, api: api, slack: sl, now: start,
		acts: &activities.Activities{Store: db, Notifiers: []notify.Notifier{sl}, BaseURL: "https://closeout.example.org/"}}
	var created task.Effects
	f.state, created = task.NewTaskState(taskSpec(), start)
	f.commit(created)
	return f
}

// act applies an action at an offset from the deadline and notifies.
func (f *fixture) act(at time.Duration, a task.Action) {
	f.t.Helper()
	f.now = deadline.Add(at)
	e, err := f.state.Apply(a, f.now)
	if err != nil {
		f.t.Fatalf("%T: %v", a, err)
	}
	f.commit(e)
}

// tick fires the timers due at an offset from the deadline.
func (f *fixture) tick(at time.Duration) {
	f.now = deadline.Add(at)
	f.commit(f.state.Tick(f.now))
}

func (f *fixture) commit(e task.Effects) {
	f.t.Helper()
	for _, err := range f.commitErrs(e) {
		if err != nil {
			f.t.Fatal(err)
		}
	}
}

// commitErrs projects the effects and sends their notices, returning what
// each Notify answered.
func (f *fixture) commitErrs(e task.Effects) []error {
	f.t.Helper()
	ctx := context.Background()
	f.state.Version++
	view := f.state.View(f.now)
	if err := f.db.ProjectTask(ctx, task.ProjectionWrite{Task: view, Events: e.Events}); err != nil {
		f.t.Fatal(err)
	}
	var errs []error
	for _, n := range e.Notices {
		for _, ev := range e.Events {
			if ev.Seq == n.Seq {
				_, err := f.acts.Notify(ctx, asTemporalCarriesIt(f.t, task.Notification{Task: view, Event: ev, To: n.To, Channel: n.Channel}))
				errs = append(errs, err)
			}
		}
	}
	return errs
}

func asTemporalCarriesIt(t testing.TB, n task.Notification) task.Notification {
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	var out task.Notification
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func approve(who string) task.Action {
	return task.ApproveRequest{Actor: task.Actor{ID: who}}
}

func submit() task.Action {
	return task.SubmitRequest{Actor: task.Actor{ID: "li"}, Note: "名单已清理 <all>", Evidence: []task.Evidence{
		{Title: "清理名单", URL: "https://docs.example.org/list?a=1&b=2"},
		{Title: "会议纪要", URL: "https://docs.example.org/minutes"},
	}}
}

// render flattens a message's blocks to their texts, one per line, buttons as
// [action_id value].
func render(blocks slack.Blocks) string {
	var b strings.Builder
	for _, block := range blocks.BlockSet {
		switch bl := block.(type) {
		case *slack.SectionBlock:
			if bl.Text != nil {
				b.WriteString(bl.Text.Text + "\n")
			}
			for _, f := range bl.Fields {
				b.WriteString(f.Text + "\n")
			}
		case *slack.ContextBlock:
			for _, el := range bl.ContextElements.Elements {
				if txt, ok := el.(*slack.TextBlockObject); ok {
					b.WriteString(txt.Text + "\n")
				}
			}
		case *slack.HeaderBlock:
			b.WriteString(bl.Text.Text + "\n")
		case *slack.ActionBlock:
			for _, el := range bl.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok {
					b.WriteString("[" + btn.ActionID + " " + btn.Value + "]\n")
				}
			}
		}
	}
	return b.String()
}

// buttons are the sign-off buttons of a message: action id → value.
func buttons(blocks slack.Blocks) map[string]string {
	out := map[string]string{}
	for _, block := range blocks.BlockSet {
		if bl, ok := block.(*slack.ActionBlock); ok {
			for _, el := range bl.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok {
					out[btn.ActionID] = btn.Value
				}
			}
		}
	}
	return out
}

// to lists where the calls went, in order.
func to(calls []slackfake.Call) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.Channel
	}
	return out
}

// lastUpdateOf is the latest chat.update of the message posted as p.
func lastUpdateOf(t *testing.T, api *slackfake.Server, p slackfake.Call) slackfake.Call {
	t.Helper()
	var last *slackfake.Call
	for _, u := range api.Calls(slackfake.Update) {
		if u.Channel == p.Conversation && u.TS == p.TS {
			last = &u
		}
	}
	if last == nil {
		t.Fatalf("the message to %s (%s) was never updated", p.Channel, p.TS)
	}
	return *last
}
