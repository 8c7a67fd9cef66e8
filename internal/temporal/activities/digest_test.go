package activities_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/activities"
	"github.com/closeout/closeout/internal/temporal/workflows"
	"github.com/closeout/closeout/internal/testworld"
)

// capture is a notifier that hands every digest to the test.
type capture struct{ digests chan notify.Digest }

func (capture) Name() string                                    { return "capture" }
func (capture) Send(context.Context, notify.Message) error      { return nil }
func (capture) SendBundle(context.Context, notify.Bundle) error { return nil }
func (c capture) SendDigest(_ context.Context, d notify.Digest) error {
	c.digests <- d
	return nil
}

// A campaign's digest cron becomes a Temporal Schedule that posts the report
// through the notifiers; without a cron the schedule goes away.
func TestDigestSchedule(t *testing.T) {
	got := capture{digests: make(chan notify.Digest, 1)}
	world := testworld.New(t, testworld.Options{Activities: func(w *testworld.World) *activities.Activities {
		return &activities.Activities{ImportStore: w.DB, Reports: w.DB, Temporal: w.Temporal, Notifiers: []notify.Notifier{got}}
	}})
	tc, db, acts := world.Temporal, world.DB, world.Activities
	ctx := context.Background()
	c := store.Campaign{
		ID: "dg", Title: "digest", Owner: "boss", Timezone: "Asia/Shanghai", Calendar: json.RawMessage(`"none"`),
		Start: time.Now(), Deadline: time.Now().Add(time.Hour), Status: store.CampaignImporting, Digest: "0 9 * * MON",
		SlackChannel: "C1", Tracks: []store.Track{{ID: "a", Title: "A"}}, PlanHash: "h", CreatedAt: time.Now(),
	}
	if _, _, err := db.SaveCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	var views []task.View
	for i, status := range []task.Status{task.StatusClosed, task.StatusOpen, task.StatusOpen} {
		onTime := true
		v := task.View{Campaign: "dg", ID: string(rune('A' + i)), Track: "a", Owner: "li", Status: status,
			Light: task.LightGreen, Deadline: time.Now().Add(time.Hour)}
		if status == task.StatusClosed {
			v.Light, v.ClosedOnTime = task.LightDone, &onTime
		}
		views = append(views, v)
	}
	if err := db.SeedTasks(ctx, views); err != nil {
		t.Fatal(err)
	}

	if err := acts.FinishImport(ctx, "dg"); err != nil {
		t.Fatal(err)
	}
	h := tc.ScheduleClient().GetHandle(ctx, workflows.DigestScheduleID("dg"))
	desc, err := h.Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The server stores the cron "0 9 * * MON" as a calendar: 09:00 on Mondays.
	spec := desc.Schedule.Spec
	if len(spec.Calendars) != 1 || spec.TimeZoneName != "Asia/Shanghai" {
		t.Fatalf("schedule spec: %+v", spec)
	}
	cal := spec.Calendars[0]
	if cal.Hour[0].Start != 9 || cal.Minute[0].Start != 0 || cal.DayOfWeek[0].Start != 1 || cal.DayOfWeek[0].End != 1 {
		t.Fatalf("schedule calendar: %+v", cal)
	}
	if err := h.Trigger(ctx, client.ScheduleTriggerOptions{}); err != nil {
		t.Fatal(err)
	}
	select {
	case d := <-got.digests:
		if d.Report.Totals.Tasks != 3 || d.Report.Totals.Closed != 1 || d.Campaign.SlackChannel != "C1" {
			t.Fatalf("digest: %+v", d.Report.Totals)
		}
		if want := "目前3项任务已完成1项,占33%,其余2项正按时序推进。"; d.Report.SummaryZH != want {
			t.Fatalf("digest sentence %q", d.Report.SummaryZH)
		}
	case <-time.After(time.Minute):
		t.Fatal("the triggered digest never arrived")
	}

	// Importing again keeps one schedule (updated, not duplicated).
	if err := acts.FinishImport(ctx, "dg"); err != nil {
		t.Fatal(err)
	}
	// A campaign without a cron has no schedule.
	c.ID, c.Digest = "nodigest", ""
	if _, _, err := db.SaveCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := acts.FinishImport(ctx, "nodigest"); err != nil {
		t.Fatal(err)
	}
	if _, err := tc.ScheduleClient().GetHandle(ctx, workflows.DigestScheduleID("nodigest")).Describe(ctx); err == nil {
		t.Fatal("a campaign without a digest got a schedule")
	}
}
