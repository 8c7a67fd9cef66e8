package metrics_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/metrics/metricstest"
)

// Every outcome taskops can name has its series from the start, at 0, so a
// refusal rate is 0 rather than nothing before the first refusal.
func TestDomainActionSeriesExistFromZero(t *testing.T) {
	reg := prometheus.NewRegistry()
	d := metrics.NewDomain(reg)
	for _, err := range []error{
		nil,
		&task.RuleError{Type: task.ErrTypeForbidden},
		&task.RuleError{Type: task.ErrTypeConflict},
		&task.RuleError{Type: task.ErrTypeInvalid},
		taskops.ErrNotFound,
		fmt.Errorf("approve: %w", taskops.ErrFinished),
		errors.New("temporal unavailable"),
	} {
		outcome := taskops.Outcome(err)
		if s, ok := metricstest.Find(t, reg, "closeout_actions_total", map[string]string{"action": task.Approve.Name, "outcome": string(outcome)}); !ok || s.Value != 0 {
			t.Errorf("outcome %q of %v: %+v, %v; want a series at 0", outcome, err, s, ok)
		}
	}
	d.Action(task.Approve.Name, taskops.Outcome(nil))
	if s, _ := metricstest.Find(t, reg, "closeout_actions_total", map[string]string{"action": "approve", "outcome": "ok"}); s.Value != 1 {
		t.Errorf("approve ok: %v, want 1", s.Value)
	}
}

// The notification, reminder, escalation and import counters count what
// they are told; a nil Domain counts nothing and does not fail.
func TestDomainCounts(t *testing.T) {
	reg := prometheus.NewRegistry()
	d := metrics.NewDomain(reg)
	d.Notifiers("console", "slack")
	d.Notified("slack", nil)
	d.Notified("slack", errors.New("rate limited"))
	d.Notified("slack", errors.New("rate limited"))
	d.Reminded()
	d.Escalated(2)
	d.ImportStarted("c1", 200, 250)
	d.ImportStarted("c1", 50, 250)
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"closeout_notifications_total", map[string]string{"notifier": "console", "outcome": "failed"}, 0},
		{"closeout_notifications_total", map[string]string{"notifier": "slack", "outcome": "sent"}, 1},
		{"closeout_notifications_total", map[string]string{"notifier": "slack", "outcome": "failed"}, 2},
		{"closeout_reminders_total", nil, 1},
		{"closeout_escalations_total", map[string]string{"level": "1"}, 0},
		{"closeout_escalations_total", map[string]string{"level": "2"}, 1},
		{"closeout_import_tasks_started_total", map[string]string{"campaign": "c1"}, 250},
		{"closeout_import_tasks_planned", map[string]string{"campaign": "c1"}, 250},
	} {
		if s, ok := metricstest.Find(t, reg, c.name, c.labels); !ok || s.Value != c.want {
			t.Errorf("%s%v: %+v, %v; want %v", c.name, c.labels, s, ok, c.want)
		}
	}
	var none *metrics.Domain
	none.Action("approve", "ok")
	none.Notified("x", nil)
	none.Reminded()
	none.Escalated(1)
	none.ImportStarted("c", 1, 1)
	none.Notifiers("x")
}
