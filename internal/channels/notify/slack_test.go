package notify_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/temporal"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/web/slackapp/slackfake"
)

// A new task is the owner's DM, in both languages, showing the task open and
// linking to its page.
func TestSlackAssignmentIsTheOwnersDM(t *testing.T) {
	f := newFixture(t)
	posts := f.api.Calls(slackfake.PostMessage)
	if diff := cmp.Diff([]string{"U_LI"}, to(posts)); diff != "" {
		t.Fatalf("posted to (-want +got):\n%s", diff)
	}
	got := render(posts[0].Blocks)
	for _, want := range []string{"新任务「清理借调人员」已分配给您,截止 2024-06-30", `New task "清理借调人员" is yours, due 2024-06-30`, "小马拉大车 · qingche · <https://closeout.example.org/tasks/xmlc/T01|xmlc/T01>", "🟢 办理中 open"} {
		if !strings.Contains(got, want) {
			t.Errorf("assignment lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(posts[0].Text, "清理借调人员") {
		t.Errorf("no fallback text: %q", posts[0].Text)
	}
}

// A reassignment tells the old and the new owner; the new one has no Slack
// id, so only the old one hears from Slack, and that is not a failure.
func TestSlackSkipsPeopleWithoutSlackID(t *testing.T) {
	f := newFixture(t)
	f.act(-20*day, task.ReassignRequest{Actor: task.Actor{ID: "zhao"}, Owner: "zhang", Reason: "li moved"})
	posts := f.api.Calls(slackfake.PostMessage)
	if diff := cmp.Diff([]string{"U_LI", "U_LI"}, to(posts)); diff != "" {
		t.Fatalf("posted to (-want +got):\n%s", diff)
	}
	if got := render(posts[1].Blocks); !strings.Contains(got, "已由 li 转交 zhang") {
		t.Fatalf("reassignment:\n%s", got)
	}
}

// A submission is a Block Kit request in the first approver's DM, with the
// note, the evidence links and the two buttons naming the task; the next
// approver gets the same once the first signs off, and the first request
// loses its buttons.
func TestSlackSignOffRequestsGoToTheApprover(t *testing.T) {
	f := newFixture(t)
	f.act(-10*day, submit())
	posts := f.api.Calls(slackfake.PostMessage)
	if diff := cmp.Diff([]string{"U_LI", "U_ZHAO"}, to(posts)); diff != "" {
		t.Fatalf("posted to (-want +got):\n%s", diff)
	}
	toZhao := posts[1]
	got := render(toZhao.Blocks)
	for _, want := range []string{
		"任务「清理借调人员」已提交,请您审核销号。",
		"*审核 Sign-off*\n1 / 2",
		"> 名单已清理 &lt;all&gt;",
		"<https://docs.example.org/list?a=1&amp;b=2|清理名单>",
		"<https://docs.example.org/minutes|会议纪要>",
		"⏳ 待 zhao 审核 waiting for sign-off by zhao (1/2)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("request lacks %q:\n%s", want, got)
		}
	}
	ref := notify.SignOffRef{Campaign: "xmlc", Task: "T01", Attempt: 1}
	want := map[string]string{notify.SlackActionApprove: ref.Encode(), notify.SlackActionReturn: ref.Encode()}
	if diff := cmp.Diff(want, buttons(toZhao.Blocks)); diff != "" {
		t.Fatalf("buttons (-want +got):\n%s", diff)
	}

	f.act(-9*day, approve("zhao"))
	posts = f.api.Calls(slackfake.PostMessage)
	if diff := cmp.Diff([]string{"U_LI", "U_ZHAO", "U_WANG"}, to(posts)); diff != "" {
		t.Fatalf("posted to (-want +got):\n%s", diff)
	}
	toWang := posts[2]
	if got := render(toWang.Blocks); !strings.Contains(got, "|清理名单>") || !strings.Contains(got, "2 / 2") {
		t.Errorf("the next approver sees the same evidence:\n%s", got)
	}
	if len(buttons(toWang.Blocks)) != 2 {
		t.Errorf("the next approver has the buttons:\n%s", render(toWang.Blocks))
	}
	zhaos := lastUpdateOf(t, f.api, toZhao)
	if len(buttons(zhaos.Blocks)) != 0 || !strings.Contains(render(zhaos.Blocks), "waiting for sign-off by wang (2/2)") {
		t.Errorf("zhao's request, once signed:\n%s", render(zhaos.Blocks))
	}
}

// An escalation is one post in the campaign's channel mentioning the people
// of that level; someone without a Slack id is named. Nobody gets a DM.
func TestSlackEscalationsMentionTheLevelInTheChannel(t *testing.T) {
	f := newFixture(t)
	f.tick(time.Hour)
	var escalations []slackfake.Call
	for _, c := range f.api.Calls(slackfake.PostMessage) {
		if strings.Contains(c.Text, "督办") {
			escalations = append(escalations, c)
		}
	}
	if diff := cmp.Diff([]string{channel}, to(escalations)); diff != "" {
		t.Fatalf("level 1 posted to (-want +got):\n%s", diff)
	}
	if got := render(escalations[0].Blocks); !strings.HasPrefix(got, "<@U_LI> <@U_ZHAO>\n督办:任务「清理借调人员」已超期") {
		t.Fatalf("level 1:\n%s", got)
	}
	f.tick(3*day + time.Hour)
	last := f.api.Calls(slackfake.PostMessage)
	level2 := last[len(last)-1]
	if level2.Channel != channel || !strings.HasPrefix(render(level2.Blocks), "<@U_WANG> Boss\n督办") {
		t.Fatalf("level 2 to %s:\n%s", level2.Channel, render(level2.Blocks))
	}
	if !strings.Contains(render(level2.Blocks), "🔴 办理中 open · 督办第 2 级 escalation level 2") {
		t.Fatalf("level 2 state:\n%s", render(level2.Blocks))
	}
}

// Closing the task posts in the channel and updates every earlier message:
// "closed out by wang", no buttons anywhere.
func TestSlackClosureUpdatesEveryMessage(t *testing.T) {
	f := newFixture(t)
	f.act(-10*day, submit())
	f.act(-9*day, approve("zhao"))
	f.act(-8*day, approve("wang"))
	posts := f.api.Calls(slackfake.PostMessage)
	if diff := cmp.Diff([]string{"U_LI", "U_ZHAO", "U_WANG", channel}, to(posts)); diff != "" {
		t.Fatalf("posted to (-want +got):\n%s", diff)
	}
	closed := render(posts[3].Blocks)
	if !strings.Contains(closed, "<@U_LI> <@U_ZHAO>\n任务「清理借调人员」已销号。") || !strings.Contains(closed, "✅ 已销号 closed out by wang") {
		t.Fatalf("closure post:\n%s", closed)
	}
	for _, p := range posts[:3] {
		u := lastUpdateOf(t, f.api, p)
		if got := render(u.Blocks); !strings.Contains(got, "✅ 已销号 closed out by wang") || len(buttons(u.Blocks)) != 0 {
			t.Errorf("message to %s after the close:\n%s", p.Channel, got)
		}
	}
}

// A return is the owner's DM with the reason; the request loses its buttons
// and says who returned it and why. The next submission is a new request
// with buttons for the new attempt.
func TestSlackReturnTellsTheOwnerAndDisarmsTheRequest(t *testing.T) {
	f := newFixture(t)
	f.act(-10*day, submit())
	f.act(-9*day, task.ReturnRequest{Actor: task.Actor{ID: "zhao"}, Reason: "名单不全"})
	posts := f.api.Calls(slackfake.PostMessage)
	if diff := cmp.Diff([]string{"U_LI", "U_ZHAO", "U_LI"}, to(posts)); diff != "" {
		t.Fatalf("posted to (-want +got):\n%s", diff)
	}
	if got := render(posts[2].Blocks); !strings.Contains(got, "任务「清理借调人员」被退回:名单不全") {
		t.Fatalf("return:\n%s", got)
	}
	u := lastUpdateOf(t, f.api, posts[1])
	if got := render(u.Blocks); !strings.Contains(got, "↩️ 已退回 returned by zhao: 名单不全 · 第 2 次办理 open again, attempt 2") || len(buttons(u.Blocks)) != 0 {
		t.Fatalf("the request after the return:\n%s", got)
	}

	f.act(-8*day, submit())
	posts = f.api.Calls(slackfake.PostMessage)
	again := posts[len(posts)-1]
	ref := notify.SignOffRef{Campaign: "xmlc", Task: "T01", Attempt: 2}
	if again.Channel != "U_ZHAO" || buttons(again.Blocks)[notify.SlackActionApprove] != ref.Encode() {
		t.Fatalf("second request to %s: %v", again.Channel, buttons(again.Blocks))
	}
	if u := lastUpdateOf(t, f.api, posts[1]); len(buttons(u.Blocks)) != 0 {
		t.Fatal("the first request must not come back to life with the second submission")
	}
}

// A repeated send (the activity retrying after another notifier failed)
// posts nothing twice.
func TestSlackRepeatPostsNothingTwice(t *testing.T) {
	f := newFixture(t)
	events, err := f.db.TaskEvents(context.Background(), "xmlc", "T01")
	if err != nil {
		t.Fatal(err)
	}
	m := notify.Message{Task: f.state.View(f.now), Event: events[0], To: []notify.Recipient{{ID: "li", SlackID: "U_LI"}}}
	for range 2 {
		if err := f.slack.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(f.api.Calls(slackfake.PostMessage)); n != 1 {
		t.Fatalf("%d posts, want 1", n)
	}
}

// Slack's 429 is waited out: the notifier answers RetryAfter with Slack's
// delay, and the Notify activity turns it into the next retry's delay
// (NextRetryDelay, which Temporal honours instead of its backoff). The retry
// then posts once.
func TestSlackRateLimitIsWaitedOut(t *testing.T) {
	f := newFixture(t)
	f.api.Throttle(slackfake.PostMessage, "", 1, 7)
	f.now = deadline.Add(-10 * day)
	errs := f.commitErrs(mustApply(t, f.state, submit(), f.now))
	var app *temporal.ApplicationError
	if len(errs) != 1 || !errors.As(errs[0], &app) {
		t.Fatalf("Notify answered %v", errs)
	}
	if app.NextRetryDelay() != 7*time.Second {
		t.Fatalf("next retry in %s, want 7s (Slack's Retry-After)", app.NextRetryDelay())
	}

	events, err := f.db.TaskEvents(context.Background(), "xmlc", "T01")
	if err != nil {
		t.Fatal(err)
	}
	submitted := events[len(events)-1]
	n := task.Notification{Task: f.state.View(f.now), Event: submitted, To: []string{"zhao"}}
	f.api.Throttle(slackfake.PostMessage, "", 1, 7)
	var slow *notify.RetryAfter
	if err := f.slack.Send(context.Background(), notify.Message{Task: n.Task, Event: n.Event,
		To: []notify.Recipient{{ID: "zhao", SlackID: "U_ZHAO"}}}); !errors.As(err, &slow) || slow.Delay != 7*time.Second {
		t.Fatalf("Send answered %v, want RetryAfter 7s", err)
	}
	if _, err := f.acts.Notify(context.Background(), asTemporalCarriesIt(t, n)); err != nil {
		t.Fatalf("the retry: %v", err)
	}
	if diff := cmp.Diff([]string{"U_LI", "U_ZHAO"}, to(f.api.Calls(slackfake.PostMessage))); diff != "" {
		t.Fatalf("posted to (-want +got):\n%s", diff)
	}
}

// The digest goes to the campaign's channel; a campaign without one gets none.
func TestSlackDigestGoesToTheChannel(t *testing.T) {
	f := newFixture(t)
	r := report.Report{Title: "小马拉大车", SummaryZH: "目前30项任务已完成18项,占60%,其余12项正按时序推进。",
		SummaryEN: "18 of 30 tasks are closed (60%); the other 12 are on schedule.",
		Totals:    report.Totals{Tasks: 30, Closed: 18, ClosedPct: 60, Open: 12}}
	ctx := context.Background()
	if err := f.slack.SendDigest(ctx, notify.Digest{Campaign: notify.Campaign{ID: "xmlc", Title: "小马拉大车", SlackChannel: channel}, Report: r}); err != nil {
		t.Fatal(err)
	}
	if err := f.slack.SendDigest(ctx, notify.Digest{Campaign: notify.Campaign{ID: "quiet"}, Report: r}); err != nil {
		t.Fatal(err)
	}
	posts := f.api.Calls(slackfake.PostMessage)
	digest := posts[len(posts)-1]
	got := render(digest.Blocks)
	if len(posts) != 2 || digest.Channel != channel || !strings.Contains(got, r.SummaryZH) || !strings.Contains(got, "18 / 30 (60%)") {
		t.Fatalf("digest to %s:\n%s", digest.Channel, got)
	}
}

func mustApply(t *testing.T, s *task.State, a task.Action, at time.Time) task.Effects {
	t.Helper()
	e, err := s.Apply(a, at)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
