// Package metrics defines the Prometheus metrics an operator watches
// closeout by: the actions people take, the reminders, escalations and
// notifications the workers send, import progress, tasks by light per
// campaign (rollups.go). The Temporal SDK's own metrics are
// internal/temporal/sdkmetrics's, so this package does not depend on the SDK.
// Everything is registered in a registry the caller passes in; nothing here
// touches Prometheus's default registry, so tests and the dev process (api
// and worker in one) each get exactly one set.
package metrics

import (
	"strconv"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/prometheus/client_golang/prometheus"
)

// ActionCreate is the action label of a task added after the import.
const ActionCreate = "create"

// Outcomes of one send by one notifier.
const (
	NotificationSent   = "sent"
	NotificationFailed = "failed"
)

// Domain counts what closeout does. Its methods may be called on a nil
// *Domain, which counts nothing: tests and one-shot commands need no
// registry.
type Domain struct {
	actions       *prometheus.CounterVec
	reminders     prometheus.Counter
	escalations   *prometheus.CounterVec
	notifications *prometheus.CounterVec
	importStarted *prometheus.CounterVec
	importPlanned *prometheus.GaugeVec
}

// NewDomain registers closeout's own metrics in reg.
func NewDomain(reg prometheus.Registerer) *Domain {
	d := &Domain{
		actions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "closeout_actions_total",
			Help: "Actions on tasks from the API, the dashboard and Slack, by action and outcome " +
				"(ok, refused, conflict, invalid, not_found, error). A repeat under the same Idempotency-Key counts again.",
		}, []string{"action", "outcome"}),
		reminders: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "closeout_reminders_total",
			Help: "Reminders sent: Notify attempts that delivered a reminder through every notifier, sending at least one.",
		}),
		escalations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "closeout_escalations_total",
			Help: "Escalations sent, by ladder level: Notify attempts that delivered an escalation through every notifier, sending at least one.",
		}, []string{"level"}),
		notifications: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "closeout_notifications_total",
			Help: "Sends of a notification by a notifier, by notifier and outcome (sent, failed); each activity attempt counts.",
		}, []string{"notifier", "outcome"}),
		importStarted: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "closeout_import_tasks_started_total",
			Help: "Tasks whose workflows an import started (or found started), by campaign.",
		}, []string{"campaign"}),
		importPlanned: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "closeout_import_tasks_planned",
			Help: "Tasks in the plan of a campaign this worker imported, by campaign.",
		}, []string{"campaign"}),
	}
	reg.MustRegister(d.actions, d.reminders, d.escalations, d.notifications, d.importStarted, d.importPlanned)
	// Every series exists (and rate() reads 0, not nothing) before its
	// first action: each action of the table, and creation.
	for _, a := range append(actionNames(), ActionCreate) {
		for _, o := range task.Outcomes {
			d.actions.WithLabelValues(a, string(o))
		}
	}
	// Every ladder starts at level 1; the levels above it appear when they
	// first fire, since a plan's policy says how many there are.
	d.escalations.WithLabelValues("1")
	return d
}

// Action counts an action that ended with outcome (taskops.Meter).
func (d *Domain) Action(action string, outcome task.Outcome) {
	if d == nil {
		return
	}
	d.actions.WithLabelValues(action, string(outcome)).Inc()
}

// Notifiers creates the sent and failed series of each notifier, so that a
// failure rate reads 0 before the first failure.
func (d *Domain) Notifiers(names ...string) {
	if d == nil {
		return
	}
	for _, n := range names {
		d.notifications.WithLabelValues(n, NotificationSent)
		d.notifications.WithLabelValues(n, NotificationFailed)
	}
}

// Notified counts one send by a notifier; err is what it answered.
func (d *Domain) Notified(notifier string, err error) {
	if d == nil {
		return
	}
	outcome := NotificationSent
	if err != nil {
		outcome = NotificationFailed
	}
	d.notifications.WithLabelValues(notifier, outcome).Inc()
}

// Reminded counts a reminder delivered.
func (d *Domain) Reminded() {
	if d == nil {
		return
	}
	d.reminders.Inc()
}

// Escalated counts an escalation delivered at level.
func (d *Domain) Escalated(level int) {
	if d == nil {
		return
	}
	d.escalations.WithLabelValues(strconv.Itoa(level)).Inc()
}

// ImportStarted counts n more tasks of campaign started, of total in its
// plan.
func (d *Domain) ImportStarted(campaign string, n, total int) {
	if d == nil {
		return
	}
	campaign = strings.ToValidUTF8(campaign, "?") // a label value must be UTF-8, or the counter panics
	d.importStarted.WithLabelValues(campaign).Add(float64(n))
	d.importPlanned.WithLabelValues(campaign).Set(float64(total))
}

// actionNames are the metric labels of the table's actions.
func actionNames() []string {
	out := make([]string, len(task.Kinds))
	for i, k := range task.Kinds {
		out[i] = k.Name
	}
	return out
}
