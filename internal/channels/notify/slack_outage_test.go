package notify_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/activities"
	"github.com/closeout/closeout/internal/temporal/worker"
	"github.com/closeout/closeout/internal/temporal/workflows"
	"github.com/closeout/closeout/internal/web/slackapp/slackfake"
)

// Slack down for a day: the real task workflow, with the real activities and
// the Slack notifier, on Temporal's test suite (its clock skips the retry
// backoff). Every action is applied and projected on time; the notifications
// that exhausted their retries during the outage are notification_failed
// events; once Slack is back, the next notifications go out.
func TestSlackOutageLosesNoStateChange(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	seed(t, db, channel)
	api := slackfake.New(t)
	api.Fail(slackfake.PostMessage, http.StatusInternalServerError)
	sl := notify.NewSlack(notify.NewSlackClient("xoxb-test", api.APIURL()), db, nil)
	acts := &activities.Activities{Store: db, Notifiers: []notify.Notifier{sl}}

	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	env.SetTestTimeout(time.Minute)
	worker.Register(env, acts)

	var outcomes []string
	at := func(offset time.Duration, name string, req any) {
		env.RegisterDelayedCallback(func() {
			env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
				OnReject:   func(err error) { outcomes = append(outcomes, name+" rejected: "+err.Error()) },
				OnComplete: func(_ any, err error) { outcomes = append(outcomes, name+" "+errText(err)) },
			}, req)
		}, offset)
	}
	at(day, task.Submit.Name, task.SubmitRequest{Actor: task.Actor{ID: "li"}, Note: "done"})
	env.RegisterDelayedCallback(func() { api.Fail(slackfake.PostMessage, 0) }, day+time.Hour)
	at(2*day, task.Approve.Name, task.ApproveRequest{Actor: task.Actor{ID: "zhao"}})
	at(3*day, task.Approve.Name, task.ApproveRequest{Actor: task.Actor{ID: "wang"}})
	env.ExecuteWorkflow(workflows.TaskWorkflowName, workflows.TaskInput{Spec: taskSpec()})

	if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil {
		t.Fatalf("the task did not close: %v", env.GetWorkflowError())
	}
	if diff := cmp.Diff([]string{"submit ok", "approve ok", "approve ok"}, outcomes); diff != "" {
		t.Fatalf("actions (-want +got):\n%s", diff)
	}
	ctx := context.Background()
	tk, err := db.GetTask(ctx, "xmlc", "T01")
	if err != nil || tk.Status != task.StatusClosed {
		t.Fatalf("projected task %v, %v", tk.Status, err)
	}
	events, err := db.TaskEvents(ctx, "xmlc", "T01")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		s := e.Type
		if e.Type == task.EventNotificationFailed {
			s += " for " + e.Data["type"].(string)
			if msg, _ := e.Data["error"].(string); !strings.Contains(msg, "500") {
				t.Errorf("failure without Slack's answer: %q", msg)
			}
		}
		got = append(got, s)
	}
	want := []string{
		"created", "notification_failed for created",
		"submitted", "notification_failed for submitted",
		"approved", "approved", "closed",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("log (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"U_WANG", channel}, to(api.Calls(slackfake.PostMessage))); diff != "" {
		t.Fatalf("posted after the outage (-want +got):\n%s", diff)
	}
}

func errText(err error) string {
	if err != nil {
		return err.Error()
	}
	return "ok"
}
