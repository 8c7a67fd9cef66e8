package slackapp_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/web/slackapp"
	"github.com/closeout/closeout/internal/web/slackapp/slackfake"
)

// The Slack buttons against closeout running for real: the embedded Temporal
// server, the task workflow, the worker's Slack notifier and the projection.
// Subtests share the server (it takes seconds to start), each on a task of
// its own.
func TestSlackInteractions(t *testing.T) {
	w := newWorld(t)
	t.Run("ApproveClosesTheTask", func(t *testing.T) { approveClosesTheTask(t, w) })
	t.Run("ReturnAsksWhyThenReturns", func(t *testing.T) { returnAsksWhyThenReturns(t, w) })
	t.Run("RefusalsChangeNothing", func(t *testing.T) { refusalsChangeNothing(t, w) })
	t.Run("RateLimitIsWaitedOut", func(t *testing.T) { rateLimitIsWaitedOut(t, w) })
	t.Run("UnitMembersSignOff", func(t *testing.T) { unitMembersSignOff(t, w) })
}

// A unit signs off through its members: the request goes to them (the unit
// names no contacts), a member's click signs off for the unit, and a person
// outside it is refused.
func unitMembersSignOff(t *testing.T, w *world) {
	ctx := context.Background()
	if err := w.db.UpsertUnits(ctx, []store.Unit{{ID: "review", Name: "督查室", Members: []string{"zhao"}, CreatedAt: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	tk := w.createTaskFor(t, "T05", "li", task.UnitRef("review"), "wang")
	req := &task.SubmitRequest{Actor: task.Actor{ID: "li"}, Note: "done"}
	if _, err := w.ops.Act(ctx, tk, taskops.Action{Kind: task.Submit, Request: req}); err != nil {
		t.Fatal(err)
	}
	w.api.WaitFor(t, wait, "the sign-off request to the unit's member", func(c slackfake.Call) bool {
		return c.Method == slackfake.PostMessage && c.Channel == "U_ZHAO" && strings.Contains(c.Text, "任务 T05") && strings.Contains(c.Text, "已提交")
	})
	// The buttons' value, as the request would carry it.
	click := func(user, ts string) {
		t.Helper()
		value := notify.SignOffRef{Campaign: "xmlc", Task: "T05", Attempt: tk.Attempt}.Encode()
		payload := map[string]any{"type": "block_actions", "user": map[string]any{"id": user},
			"response_url": w.api.ResponseURLFor("unit-" + ts),
			"actions":      []map[string]any{{"block_id": "closeout_signoff", "action_id": notify.SlackActionApprove, "value": value, "action_ts": ts}}}
		if rec := w.post(t, signed(payload, time.Now(), secret)); rec.Code != http.StatusOK {
			t.Fatalf("answered %d %s", rec.Code, rec.Body)
		}
	}
	click("U_ZHANG", "5.1")
	var re *task.RuleError
	if o := w.outcome(t); !errors.As(o.Err, &re) || re.Type != task.ErrTypeForbidden {
		t.Fatalf("zhang, outside the unit, signing off: %+v", o)
	}
	click("U_ZHAO", "5.2")
	if o := w.outcome(t); o.Err != nil || o.View.CurrentApprover != "wang" {
		t.Fatalf("zhao's approval for the unit: %+v", o)
	}
	events := w.snapshot(t, "T05").events
	if last := events[len(events)-1]; last.Type != task.EventApproved || last.Actor != "zhao" || last.Data["unit"] != "review" {
		t.Fatalf("last event %+v", last)
	}
}

// Approve, twice: zhao's click moves the sign-off to wang, whose request
// arrives in his DM; wang's click closes the task. Slack is answered before
// the action is applied; afterwards the messages show the new state and the
// closure is posted in the channel.
func approveClosesTheTask(t *testing.T, w *world) {
	tk := w.createTask(t, "T01", "li")
	toZhao := w.submit(t, tk)

	release := w.tasks.hold()
	rec, _ := w.click(t, "U_ZHAO", toZhao, notify.SlackActionApprove)
	if rec.Code != http.StatusOK {
		t.Fatalf("answered %d %s", rec.Code, rec.Body)
	}
	select {
	case o := <-w.outcomes:
		t.Fatalf("Slack was answered only after the work: %+v", o)
	default: // answered while the action is still held back
	}
	close(release)
	o := w.outcome(t)
	if o.Err != nil || o.Person != "zhao" || o.View.CurrentApprover != "wang" {
		t.Fatalf("zhao's approval: %+v", o)
	}
	if u := lastUpdate(w, toZhao); buttonValue(u, notify.SlackActionApprove) != "" || !strings.Contains(u.Text+texts(u), "waiting for sign-off by wang") {
		t.Fatalf("zhao's request after his approval:\n%s", texts(u))
	}

	toWang := w.request(t, "U_WANG", "T01", 1)
	rec, _ = w.click(t, "U_WANG", toWang, notify.SlackActionApprove)
	if rec.Code != http.StatusOK {
		t.Fatalf("answered %d %s", rec.Code, rec.Body)
	}
	if o := w.outcome(t); o.Err != nil || o.View.Status != task.StatusClosed {
		t.Fatalf("wang's approval: %+v", o)
	}
	if s := w.snapshot(t, "T01"); s.task.Status != task.StatusClosed || s.events[len(s.events)-1].Actor != "wang" {
		t.Fatalf("projected %s, last event %+v", s.task.Status, s.events[len(s.events)-1])
	}
	for _, m := range []slackfake.Call{toZhao, toWang} {
		u := lastUpdate(w, m)
		if buttonValue(u, notify.SlackActionApprove) != "" || !strings.Contains(texts(u), "✅ 已销号 closed out by wang") {
			t.Errorf("request to %s after the close:\n%s", m.Channel, texts(u))
		}
	}
	w.api.WaitFor(t, wait, "closure in the channel", func(c slackfake.Call) bool {
		return c.Method == slackfake.PostMessage && c.Channel == channel && strings.Contains(c.Text, "任务 T01") && strings.Contains(c.Text, "已销号")
	})
}

// Return opens a modal asking why; submitting it without a reason is
// answered in the modal and changes nothing; with a reason, the task goes
// back to its owner and the request says so.
func returnAsksWhyThenReturns(t *testing.T, w *world) {
	tk := w.createTask(t, "T02", "li")
	toZhao := w.submit(t, tk)

	rec, _ := w.click(t, "U_ZHAO", toZhao, notify.SlackActionReturn)
	if rec.Code != http.StatusOK {
		t.Fatalf("answered %d %s", rec.Code, rec.Body)
	}
	if o := w.outcome(t); o.Err != nil || o.Action != slackapp.ActionOpenReturn {
		t.Fatalf("opening the modal: %+v", o)
	}
	modal := w.api.WaitFor(t, wait, "the return modal", func(c slackfake.Call) bool { return c.Method == slackfake.OpenView })
	if modal.TriggerID != "trigger-"+strconv.Itoa(w.clicks) || modal.View.CallbackID == "" || len(modal.View.Blocks.BlockSet) != 2 {
		t.Fatalf("modal %+v", modal)
	}
	if _, ok := modal.View.Blocks.BlockSet[1].(*slack.InputBlock); !ok {
		t.Fatalf("the modal asks nothing: %T", modal.View.Blocks.BlockSet[1])
	}

	before := w.snapshot(t, "T02")
	rec = w.submitModal(t, "U_ZHAO", modal, "   ")
	var answer slack.ViewSubmissionResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil || rec.Code != http.StatusOK ||
		answer.ResponseAction != slack.RAErrors || !strings.Contains(answer.Errors["closeout_reason"], "is required") {
		t.Fatalf("no reason: %d %s", rec.Code, rec.Body)
	}
	if diff := cmp.Diff(before, w.snapshot(t, "T02"), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Fatalf("a missing reason changed the task (-before +after):\n%s", diff)
	}

	rec = w.submitModal(t, "U_ZHAO", modal, "名单不全")
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Fatalf("with a reason: %d %q (an empty answer closes the modal)", rec.Code, rec.Body)
	}
	o := w.outcome(t)
	if o.Err != nil || o.Action != slackapp.ActionReturn || o.View.Status != task.StatusOpen || o.View.Attempt != 2 {
		t.Fatalf("the return: %+v", o)
	}
	events := w.snapshot(t, "T02").events
	if last := events[len(events)-1]; last.Type != task.EventReturned || last.Actor != "zhao" || last.Data["reason"] != "名单不全" {
		t.Fatalf("last event %+v", last)
	}
	if u := lastUpdate(w, toZhao); buttonValue(u, notify.SlackActionReturn) != "" || !strings.Contains(texts(u), "↩️ 已退回 returned by zhao: 名单不全") {
		t.Fatalf("zhao's request after the return:\n%s", texts(u))
	}
	w.api.WaitFor(t, wait, "the owner told", func(c slackfake.Call) bool {
		return c.Method == slackfake.PostMessage && c.Channel == "U_LI" && strings.Contains(c.Text, "被退回:名单不全")
	})
}

// Unsigned, forged and stale requests are refused before anything is read;
// an unknown Slack user and a person who is not the current approver are
// refused with an ephemeral reply saying why. None changes the task.
func refusalsChangeNothing(t *testing.T, w *world) {
	tk := w.createTask(t, "T03", "li")
	toZhao := w.submit(t, tk)
	before := w.snapshot(t, "T03")
	unchanged := func(what string) {
		t.Helper()
		if diff := cmp.Diff(before, w.snapshot(t, "T03"), cmp.AllowUnexported(snapshot{})); diff != "" {
			t.Fatalf("%s changed the task (-before +after):\n%s", what, diff)
		}
	}
	payload := map[string]any{"type": "block_actions", "user": map[string]any{"id": "U_ZHAO"},
		"actions": []map[string]any{{"block_id": "closeout_signoff", "action_id": notify.SlackActionApprove,
			"value": buttonValue(toZhao, notify.SlackActionApprove), "action_ts": "1.1"}}}

	forged := signed(payload, time.Now(), "not-the-secret")
	stale := signed(payload, time.Now().Add(-6*time.Minute), secret)
	noSignature := signed(payload, time.Now(), secret)
	noSignature.Header.Del("X-Slack-Signature")
	noTimestamp := signed(payload, time.Now(), secret)
	noTimestamp.Header.Del("X-Slack-Request-Timestamp")
	tampered := signed(payload, time.Now(), secret)
	tampered.Body = unsigned(strings.Replace(formBody(payload), "U_ZHAO", "U_WANG", 1)).Body
	for name, r := range map[string]*http.Request{
		"forged signature": forged, "stale timestamp": stale, "missing signature": noSignature,
		"missing timestamp": noTimestamp, "body changed after signing": tampered,
	} {
		if rec := w.post(t, r); rec.Code != http.StatusUnauthorized {
			t.Errorf("%s: answered %d %s", name, rec.Code, rec.Body)
		}
	}
	w.app.Wait()
	select {
	case o := <-w.outcomes:
		t.Fatalf("a refused request started work: %+v", o)
	default:
	}
	unchanged("refused requests")

	for _, tc := range []struct {
		name, user, action string
		err                func(error) bool
		says               string
	}{
		{"unknown user approves", "U_NOBODY", notify.SlackActionApprove,
			func(err error) bool { return errors.Is(err, slackapp.ErrUnknownUser) }, "not linked to a closeout person"},
		{"unknown user returns", "U_NOBODY", notify.SlackActionReturn,
			func(err error) bool { return errors.Is(err, slackapp.ErrUnknownUser) }, "not linked to a closeout person"},
		{"not the current approver", "U_WANG", notify.SlackActionApprove, func(err error) bool {
			var re *task.RuleError
			return errors.As(err, &re) && re.Type == task.ErrTypeForbidden
		}, "only the current approver (zhao) signs off"},
	} {
		opened := len(w.api.Calls(slackfake.OpenView))
		rec, respondTo := w.click(t, tc.user, toZhao, tc.action)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: answered %d", tc.name, rec.Code)
		}
		if o := w.outcome(t); !tc.err(o.Err) {
			t.Fatalf("%s: outcome %+v", tc.name, o)
		}
		reply := w.api.WaitFor(t, wait, "ephemeral reply", func(c slackfake.Call) bool {
			return c.Method == slackfake.ResponseURL && c.Channel == respondTo
		})
		if reply.ResponseType != slack.ResponseTypeEphemeral || !strings.Contains(reply.Text, tc.says) {
			t.Fatalf("%s: replied %s %q", tc.name, reply.ResponseType, reply.Text)
		}
		if len(w.api.Calls(slackfake.OpenView)) != opened {
			t.Fatalf("%s: a modal was opened", tc.name)
		}
		unchanged(tc.name)
	}
}

// A 429 from Slack is waited out: the Notify activity's next attempt comes
// after Slack's Retry-After (1s), not after the retry policy's first
// interval (5s).
func rateLimitIsWaitedOut(t *testing.T, w *world) {
	w.api.Throttle(slackfake.PostMessage, "U_ZHANG", 1, 1)
	w.createTask(t, "T04", "zhang")
	posted := w.api.WaitFor(t, wait, "the assignment once Slack allows", func(c slackfake.Call) bool {
		return c.Method == slackfake.PostMessage && c.Channel == "U_ZHANG"
	})
	throttled := w.api.Throttled()
	if len(throttled) != 1 {
		t.Fatalf("%d calls answered 429", len(throttled))
	}
	if gap := posted.At.Sub(throttled[0].At); gap < time.Second || gap >= 5*time.Second {
		t.Fatalf("retried %s after the 429, want Retry-After (1s), not the backoff (5s)", gap)
	}
}

// lastUpdate is the latest chat.update of the message m. An interaction's
// outcome is reported after the messages were refreshed, so there is nothing
// to wait for.
func lastUpdate(w *world, m slackfake.Call) slackfake.Call {
	var last slackfake.Call
	for _, u := range w.api.Calls(slackfake.Update) {
		if u.Channel == m.Conversation && u.TS == m.TS {
			last = u
		}
	}
	return last
}

// texts are a message's texts, one per line.
func texts(m slackfake.Call) string {
	var b strings.Builder
	for _, block := range m.Blocks.BlockSet {
		switch bl := block.(type) {
		case *slack.SectionBlock:
			if bl.Text != nil {
				b.WriteString(bl.Text.Text + "\n")
			}
		case *slack.ContextBlock:
			for _, el := range bl.ContextElements.Elements {
				if txt, ok := el.(*slack.TextBlockObject); ok {
					b.WriteString(txt.Text + "\n")
				}
			}
		}
	}
	return b.String()
}

// formBody is the body Slack would send for payload.
func formBody(payload map[string]any) string {
	b, _ := io.ReadAll(signed(payload, time.Now(), secret).Body)
	return string(b)
}
