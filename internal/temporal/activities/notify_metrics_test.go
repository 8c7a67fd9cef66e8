package activities_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/activities"
)

// flaky is a notifier that fails its first fails sends.
type flaky struct{ fails int }

func (*flaky) Name() string { return "flaky" }
func (f *flaky) Send(context.Context, notify.Message) error {
	if f.fails > 0 {
		f.fails--
		return errors.New("unavailable")
	}
	return nil
}
func (*flaky) SendDigest(context.Context, notify.Digest) error { return nil }
func (*flaky) SendBundle(context.Context, notify.Bundle) error { return nil }

// Sends are counted per attempt, by notifier and outcome; a reminder or an
// escalation once, by the attempt that completes its delivery.
func TestNotifyCounts(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	now := time.Now()
	if _, _, err := db.SaveCampaign(ctx, store.Campaign{
		ID: "c1", Title: "metrics", Owner: "boss", Timezone: "UTC", Calendar: json.RawMessage(`"none"`),
		Start: now, Deadline: now.Add(time.Hour), Status: store.CampaignActive, PlanHash: "h", CreatedAt: now,
	}); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	acts := &activities.Activities{Store: db, Notifiers: []notify.Notifier{&messages{}, &flaky{fails: 1}}, Metrics: metrics.NewDomain(reg)}
	send := func(seq int64, typ string, data map[string]any) error {
		_, err := acts.Notify(ctx, task.Notification{
			Task:  task.View{Campaign: "c1", ID: "T1", Owner: "li"},
			Event: task.Event{Seq: seq, At: now, Actor: task.SystemActor, Type: typ, Data: data},
			To:    []string{"li"},
		})
		return err
	}
	if err := send(1, task.EventReminder, nil); err == nil {
		t.Fatal("the flaky notifier's failure was not reported")
	}
	if err := send(1, task.EventReminder, nil); err != nil { // the retry
		t.Fatal(err)
	}
	if err := send(1, task.EventReminder, nil); err != nil { // a retry after all was delivered
		t.Fatal(err)
	}
	// The level as it arrives through JSON, a float64.
	if err := send(2, task.EventEscalated, map[string]any{"level": float64(2)}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"closeout_notifications_total", map[string]string{"notifier": "messages", "outcome": "sent"}, 2},
		{"closeout_notifications_total", map[string]string{"notifier": "flaky", "outcome": "failed"}, 1},
		{"closeout_notifications_total", map[string]string{"notifier": "flaky", "outcome": "sent"}, 2},
		{"closeout_reminders_total", nil, 1},
		{"closeout_escalations_total", map[string]string{"level": "2"}, 1},
	} {
		if got := counterValue(t, reg, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}

// counterValue is the counter of name with labels in reg (0 if none).
func counterValue(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) float64 {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
	next:
		for _, m := range f.GetMetric() {
			got := map[string]string{}
			for _, l := range m.GetLabel() {
				got[l.GetName()] = l.GetValue()
			}
			for k, v := range labels {
				if got[k] != v {
					continue next
				}
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}
