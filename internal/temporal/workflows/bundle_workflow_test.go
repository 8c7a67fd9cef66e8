package workflows

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
)

// bundleHarness runs BundleWorkflow with a SendBundle that records each
// message (its items' keys, and when it was sent, from the start) and takes
// sendTakes of the workflow clock to answer.
type bundleHarness struct {
	env    *testsuite.TestWorkflowEnvironment
	mu     sync.Mutex
	sent   [][]string
	sentAt []time.Duration
}

func newBundleHarness(sendTakes time.Duration) *bundleHarness {
	var suite testsuite.WorkflowTestSuite
	h := &bundleHarness{env: suite.NewTestWorkflowEnvironment()}
	h.env.SetStartTime(fixtureStart)
	h.env.SetTestTimeout(30 * time.Second)
	h.env.RegisterWorkflowWithOptions(BundleWorkflow, registerWorkflow(BundleWorkflowName))
	send := func(_ context.Context, b Bundle) error {
		h.mu.Lock()
		defer h.mu.Unlock()
		var keys []string
		for _, it := range b.Items {
			keys = append(keys, it.Key)
		}
		h.sent = append(h.sent, keys)
		h.sentAt = append(h.sentAt, h.env.Now().Sub(fixtureStart))
		return nil
	}
	h.env.RegisterActivityWithOptions(send, activity.RegisterOptions{Name: ActivitySendBundle})
	h.env.OnActivity(ActivitySendBundle, mock.Anything, mock.Anything).After(sendTakes).Return(send)
	return h
}

// add signals a reminder for the bundle at start+offset.
func (h *bundleHarness) add(offset time.Duration, key string) {
	h.env.RegisterDelayedCallback(func() {
		h.env.SignalWorkflow(SignalBundleAdd, BundleItem{Key: key, Notification: task.Notification{
			Event: task.Event{Type: task.EventReminder}, To: []string{"li"}, Holdable: true,
		}})
	}, offset)
}

func (h *bundleHarness) run(t *testing.T, sendAt time.Duration) {
	t.Helper()
	h.env.ExecuteWorkflow(BundleWorkflowName, BundleInput{Person: "li", Day: "2024-06-01", SendAt: fixtureStart.Add(sendAt)})
	if !h.env.IsWorkflowCompleted() || h.env.GetWorkflowError() != nil {
		t.Fatalf("bundle workflow: completed %v, error %v", h.env.IsWorkflowCompleted(), h.env.GetWorkflowError())
	}
}

// (d) Three reminders of a morning go out as one message, at SendAt; a
// reminder signalled twice (a retried signal) counts once.
func TestBundleSendsTheDaysRemindersAsOne(t *testing.T) {
	h := newBundleHarness(0)
	h.add(time.Minute, "xmlc/T01/4")
	h.add(2*time.Minute, "xmlc/T02/7")
	h.add(3*time.Minute, "xmlc/T01/4")
	h.add(4*time.Minute, "xmlc/T03/2")
	h.run(t, BundleGather)
	if diff := cmp.Diff([][]string{{"xmlc/T01/4", "xmlc/T02/7", "xmlc/T03/2"}}, h.sent); diff != "" {
		t.Fatalf("bundles sent (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]time.Duration{BundleGather}, h.sentAt); diff != "" {
		t.Fatalf("sent at (-want +got):\n%s", diff)
	}
}

// A reminder that arrives while the bundle is being sent goes out in a
// second message before the workflow ends (one already sent is not sent
// again).
func TestBundleSendsLateRemindersInASecondMessage(t *testing.T) {
	h := newBundleHarness(time.Minute)
	h.add(time.Minute, "xmlc/T01/4")
	h.add(BundleGather+20*time.Second, "xmlc/T02/7")
	h.add(BundleGather+30*time.Second, "xmlc/T01/4")
	h.run(t, BundleGather)
	if diff := cmp.Diff([][]string{{"xmlc/T01/4"}, {"xmlc/T02/7"}}, h.sent); diff != "" {
		t.Fatalf("bundles sent (-want +got):\n%s", diff)
	}
}

// A bundle whose SendAt has already passed when it starts (its first
// reminder came late) sends what it was started with at once.
func TestBundleDueAtStartSendsAtOnce(t *testing.T) {
	h := newBundleHarness(0)
	h.add(0, "xmlc/T01/4")
	h.run(t, -time.Minute)
	if diff := cmp.Diff([][]string{{"xmlc/T01/4"}}, h.sent); diff != "" || h.sentAt[0] != 0 {
		t.Fatalf("bundles sent at %v (-want +got):\n%s", h.sentAt, diff)
	}
}
