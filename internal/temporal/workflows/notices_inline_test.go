package workflows

import (
	"context"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
)

// noticeCounter counts the notifications started as local activities and as
// activities.
type noticeCounter struct{ local, remote []string }

func countNotices(h *harness) *noticeCounter {
	c := &noticeCounter{}
	h.env.SetOnLocalActivityStartedListener(func(info *activity.Info, _ context.Context, args []any) {
		if info.ActivityType.Name == ActivityNotify {
			c.local = append(c.local, args[0].(task.Notification).Event.Type)
		}
	})
	h.env.SetOnActivityStartedListener(func(info *activity.Info, _ context.Context, args converter.EncodedValues) {
		if info.ActivityType.Name == ActivityNotify {
			var n task.Notification
			if args.Get(&n) == nil {
				c.remote = append(c.remote, n.Event.Type)
			}
		}
	})
	return c
}

// cancelledTask runs a task without milestones, started with or without
// InlineNotices, that boss cancels after cancelAt, with the next failing
// notifications failing, and counts its notices.
func cancelledTask(t *testing.T, inline bool, failing int, cancelAt time.Duration) (*harness, *noticeCounter, task.Spec) {
	h := newHarness(t, fixtureStart)
	c := countNotices(h)
	h.acts.failNotices = failing
	h.at(cancelAt, task.Cancel.Name, task.CancelRequest{Actor: actor("boss"), Reason: "stop"})
	spec := fixtureSpec()
	spec.Plan.Milestones = nil
	h.run(TaskInput{Spec: spec, InlineNotices: inline})
	return h, c, spec
}

// A task started with InlineNotices tells its owner inside the first
// workflow task; later notices (here the cancellation's) are activities.
func TestCreationNoticeInline(t *testing.T) {
	h, c, spec := cancelledTask(t, true, 0, time.Hour)
	if diff := cmp.Diff([]string{task.EventCreated}, c.local); diff != "" {
		t.Fatalf("local notices (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{task.EventCancelled}, c.remote); diff != "" {
		t.Fatalf("activity notices (-want +got):\n%s", diff)
	}
	if len(h.acts.notified) == 0 || h.acts.notified[0].Event.Type != task.EventCreated || h.acts.notified[0].To[0] != spec.Owner {
		t.Fatalf("the owner was not told first: %+v", h.acts.notified)
	}
}

// Without the flag (runs started before it existed) the creation notice is
// an activity, as their histories recorded it.
func TestCreationNoticeActivityWithoutFlag(t *testing.T) {
	_, c, _ := cancelledTask(t, false, 0, time.Hour)
	if len(c.local) != 0 {
		t.Fatalf("local notices %v, want none", c.local)
	}
	if diff := cmp.Diff([]string{task.EventCreated, task.EventCancelled}, c.remote); diff != "" {
		t.Fatalf("activity notices (-want +got):\n%s", diff)
	}
}

// When the one inline try fails, the activity with its retries delivers the
// notice: the owner is told, and the log records no failure.
func TestCreationNoticeInlineFallsBack(t *testing.T) {
	h, c, _ := cancelledTask(t, true, 2, 2*time.Hour) // fails the inline try and the activity's first attempt
	if diff := cmp.Diff([]string{task.EventCreated}, c.local); diff != "" {
		t.Fatalf("local notices (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{task.EventCreated, task.EventCreated, task.EventCancelled}, c.remote); diff != "" {
		t.Fatalf("activity notices (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"created", "cancelled"}, eventTypes(h.acts.log(t))); diff != "" {
		t.Fatalf("log (-want +got):\n%s", diff)
	}
	if len(h.acts.notified) != 2 || h.acts.notified[0].Event.Type != task.EventCreated {
		t.Fatalf("delivered %+v, want the creation then the cancellation", h.acts.notified)
	}
}
