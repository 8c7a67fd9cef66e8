package workflows

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/closeout/closeout/internal/domain/quiethours"
)

// fakeActivities stand in for the store and the notifiers. The projection keeps
// what a real one keeps (events by seq, the newest task version), so tests read
// the log the way the API would.
type fakeActivities struct {
	mu           sync.Mutex
	events       map[int64]task.Event
	task         task.View
	notified     []task.Notification
	failNotify   bool
	failNotices  int // the next this many notifications fail (retryably)
	rescheduleTo func(task.RescheduleRequest) task.Plan
	dependents   []task.DependentPlan // PlanExtension's answer for the tasks the task depends on
	// quiet are people's quiet hours, decided the way the real Notify does
	// with the quiethours package; now is the test clock (activities run on
	// the wall clock). deliveries are the messages that reached a person.
	quiet      map[string]quietSetting
	now        func() time.Time
	deliveries []delivery
}

type quietSetting struct {
	window quiethours.Window
	loc    *time.Location
}

// delivery is one notification reaching one person.
type delivery struct {
	At       time.Time
	To       string
	Type     string
	Seq      int64
	Released bool
}

func (f *fakeActivities) ProjectTask(_ context.Context, w task.ProjectionWrite) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range w.Events {
		if _, dup := f.events[e.Seq]; !dup {
			f.events[e.Seq] = e
		}
	}
	if w.Task.Version > f.task.Version {
		f.task = w.Task
	}
	return nil
}

// Notify delivers n to each recipient, except that a holdable, not yet
// released notification for someone in quiet hours is held until they end.
func (f *fakeActivities) Notify(_ context.Context, n task.Notification) (task.NotifyResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failNotify {
		return task.NotifyResult{}, temporal.NewNonRetryableApplicationError("slack is down", "Unavailable", nil)
	}
	if f.failNotices > 0 {
		f.failNotices--
		return task.NotifyResult{}, temporal.NewApplicationError("slack is slow", "Unavailable")
	}
	now := f.now()
	var res task.NotifyResult
	sent := n
	sent.To = nil
	for _, to := range n.To {
		if q, ok := f.quiet[to]; ok && n.Holdable && !n.Released {
			if until, inside := q.window.Until(now, q.loc); inside {
				res.Held = append(res.Held, task.HeldDelivery{To: to, Until: until})
				continue
			}
		}
		sent.To = append(sent.To, to)
		f.deliveries = append(f.deliveries, delivery{At: now, To: to, Type: n.Event.Type, Seq: n.Event.Seq, Released: n.Released})
	}
	if len(sent.To) > 0 || sent.Channel {
		f.notified = append(f.notified, sent)
	}
	return res, nil
}

// setQuiet gives person quiet hours ("22:00-08:00") in loc.
func (f *fakeActivities) setQuiet(t *testing.T, person, window string, loc *time.Location) {
	t.Helper()
	w, err := quiethours.Parse(window)
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.quiet[person] = quietSetting{window: w, loc: loc}
}

// delivered lists the deliveries of events of type typ as "person@time"
// (time in loc, "01-02 15:04:05"), with "(released)" for held ones, in time
// order and by person at the same time (notifications run concurrently).
func (f *fakeActivities) delivered(typ string, loc *time.Location) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	ds := slices.Clone(f.deliveries)
	slices.SortStableFunc(ds, func(a, b delivery) int {
		return cmp.Or(a.At.Compare(b.At), strings.Compare(a.To, b.To))
	})
	var out []string
	for _, d := range ds {
		if d.Type != typ {
			continue
		}
		s := d.To + "@" + d.At.In(loc).Format("01-02 15:04:05")
		if d.Released {
			s += "(released)"
		}
		out = append(out, s)
	}
	return out
}

func (f *fakeActivities) Reschedule(_ context.Context, r task.RescheduleRequest) (task.Plan, error) {
	return f.rescheduleTo(r), nil
}

func (f *fakeActivities) PlanExtension(_ context.Context, r task.RescheduleRequest) (task.ExtensionPlan, error) {
	return task.ExtensionPlan{Plan: f.rescheduleTo(r), Dependents: f.dependents, Reason: "an extension of " + r.Task}, nil
}

// log returns the projected events in seq order, failing on a gap.
func (f *fakeActivities) log(t *testing.T) []task.Event {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]task.Event, 0, len(f.events))
	for _, e := range f.events {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	for i, e := range out {
		if e.Seq != int64(i+1) {
			t.Fatalf("gap in the event log at seq %d", i+1)
		}
	}
	return out
}

// timeline renders the log as "type@offset" from the deadline, with the actor
// for actions, like the pure timer tests.
func (f *fakeActivities) timeline(t *testing.T) []string {
	var out []string
	for _, e := range f.log(t) {
		s := fmt.Sprintf("%s@%s%s", e.Type, rel(e.At), detail(e))
		if e.Actor != task.SystemActor {
			s += " by " + e.Actor
		}
		out = append(out, s)
	}
	return out
}

type harness struct {
	t        *testing.T
	env      *testsuite.TestWorkflowEnvironment
	acts     *fakeActivities
	outcomes []string
}

func newHarness(t *testing.T, start time.Time) *harness {
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(log.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	env.SetTestTimeout(30 * time.Second)
	acts := &fakeActivities{
		events: map[int64]task.Event{},
		quiet:  map[string]quietSetting{},
		now:    env.Now,
		rescheduleTo: func(r task.RescheduleRequest) task.Plan {
			p := fixtureSpec().Plan
			p.EffectiveDeadline = r.Deadline
			p.Milestones = []task.Milestone{{Name: "check", Due: r.Deadline}}
			return p
		},
	}
	env.RegisterWorkflowWithOptions(TaskWorkflow, registerWorkflow(TaskWorkflowName))
	env.RegisterActivityWithOptions(acts.ProjectTask, activity.RegisterOptions{Name: ActivityProjectTask})
	env.RegisterActivityWithOptions(acts.Notify, activity.RegisterOptions{Name: ActivityNotify})
	env.RegisterActivityWithOptions(acts.Reschedule, activity.RegisterOptions{Name: ActivityReschedule})
	env.RegisterActivityWithOptions(acts.PlanExtension, activity.RegisterOptions{Name: ActivityPlanExtension})
	return &harness{t: t, env: env, acts: acts}
}

// at sends an update at start+offset and records its outcome as "name ok",
// "name <ErrType>" (rejected or failed).
func (h *harness) at(offset time.Duration, name string, req any) {
	h.env.RegisterDelayedCallback(func() {
		h.env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
			OnReject: func(err error) { h.outcomes = append(h.outcomes, name+" "+errType(err)) },
			OnComplete: func(_ any, err error) {
				if err != nil {
					h.outcomes = append(h.outcomes, name+" "+errType(err))
					return
				}
				h.outcomes = append(h.outcomes, name+" ok")
			},
		}, req)
	}, offset)
}

func errType(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return app.Type()
	}
	return err.Error()
}

func (h *harness) run(in TaskInput) {
	h.env.ExecuteWorkflow(TaskWorkflowName, in)
}

func registerWorkflow(name string) workflow.RegisterOptions {
	return workflow.RegisterOptions{Name: name}
}
