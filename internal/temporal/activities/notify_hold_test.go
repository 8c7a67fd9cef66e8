package activities_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/activities"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a wall-clock time in Shanghai on 1 March 2027.
func at(hour, minute int) time.Time { return time.Date(2027, 3, 1, hour, minute, 0, 0, shanghai) }

// holdWorld is a campaign in Shanghai with a default of 22:00-07:00 quiet
// hours, its people, and activities whose clock reads *now.
type holdWorld struct {
	t    *testing.T
	db   *store.DB
	got  *messages
	acts *activities.Activities
	now  time.Time
}

func newHoldWorld(t *testing.T, kind string, people ...store.Person) *holdWorld {
	t.Helper()
	db := storetest.Open(t, kind)
	ctx := context.Background()
	if _, _, err := db.SaveCampaign(ctx, store.Campaign{
		ID: "c1", Title: "quiet", Owner: "boss", Timezone: "Asia/Shanghai", Calendar: json.RawMessage(`"none"`), QuietHours: "22:00-07:00",
		Start: at(0, 0), Deadline: at(0, 0).AddDate(0, 1, 0), Status: store.CampaignActive, PlanHash: "h", CreatedAt: at(0, 0),
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		p.Name, p.Roles, p.CreatedAt = "Person "+p.ID, []string{store.RoleMember}, at(0, 0)
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	w := &holdWorld{t: t, db: db, got: &messages{}}
	w.acts = &activities.Activities{Store: db, Notifiers: []notify.Notifier{w.got}, Now: func() time.Time { return w.now }}
	return w
}

// notify sends event seq of task T1 to to and returns the result and the
// ids of the message sent, nil when none was.
func (w *holdWorld) notify(n task.Notification) (task.NotifyResult, []string) {
	w.t.Helper()
	before := len(w.got.sent)
	res, err := w.acts.Notify(context.Background(), n)
	if err != nil {
		w.t.Fatal(err)
	}
	if len(w.got.sent) == before {
		return res, nil
	}
	var ids []string
	for _, r := range w.got.sent[len(w.got.sent)-1].To {
		ids = append(ids, r.ID)
	}
	return res, ids
}

func note(seq int64, typ string, holdable bool, to ...string) task.Notification {
	return task.Notification{
		Task:     task.View{Campaign: "c1", ID: "T1", Owner: "li"},
		Event:    task.Event{Seq: seq, At: at(0, 0), Actor: task.SystemActor, Type: typ},
		To:       to,
		Holdable: holdable,
	}
}

// The substitute of each person told is told too, once, with whom they
// stand in for; a window not yet begun tells nobody; a released copy adds
// no substitutes (they had theirs with the first send).
func TestNotifyTellsSubstitutes(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			w := newHoldWorld(t, kind, store.Person{ID: "li"}, store.Person{ID: "zhao"}, store.Person{ID: "wang"},
				store.Person{ID: "zhou"}, store.Person{ID: "wu"})
			w.now = at(12, 0)
			ctx := context.Background()
			if err := w.db.UpsertUnits(ctx, []store.Unit{{ID: "hk", Name: "海口", Contacts: []string{"zhou"}, CreatedAt: w.now}}); err != nil {
				t.Fatal(err)
			}
			for _, s := range []store.Substitution{
				{Person: "zhao", Substitute: "wang", From: at(9, 0), Until: at(18, 0)},
				{Person: "zhou", Substitute: "li", From: at(9, 0), Until: at(18, 0)}, // li is told anyway
				{Person: "li", Substitute: "wu", From: at(13, 0), Until: at(18, 0)},  // not yet
			} {
				s.CreatedBy, s.CreatedAt = s.Person, w.now
				if _, _, err := w.db.AddSubstitution(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			_, ids := w.notify(note(1, task.EventSubmitted, false, "li", "zhao", "unit:hk"))
			if diff := cmp.Diff([]string{"li", "zhao", "wang", "zhou"}, ids); diff != "" {
				t.Fatalf("recipients (-want +got):\n%s", diff)
			}
			wang := w.got.sent[0].To[2]
			if wang.For != "zhao" || wang.Via != "" || w.got.sent[0].To[0].For != "" {
				t.Fatalf("wang is not told as zhao's substitute: %+v", w.got.sent[0].To)
			}
			// Through a unit: the substitute is told for the unit too.
			if err := w.db.UpsertUnits(ctx, []store.Unit{{ID: "hk", Name: "海口", Contacts: []string{"zhao"}, CreatedAt: w.now}}); err != nil {
				t.Fatal(err)
			}
			w.notify(note(2, task.EventSubmitted, false, "unit:hk"))
			if to := w.got.sent[1].To; len(to) != 2 || to[1].ID != "wang" || to[1].Via != "unit:hk" || to[1].For != "zhao" {
				t.Fatalf("through the unit: %+v", to)
			}
			released := note(3, task.EventReminder, true, "zhao")
			released.Released = true
			if _, ids := w.notify(released); !cmp.Equal([]string{"zhao"}, ids) {
				t.Fatalf("released copy went to %v", ids)
			}
		})
	}
}

// A holdable notice is not sent to whoever is in quiet hours (their own,
// else the campaign's, read in their timezone, else the campaign's): they
// are returned with the instant the quiet ends, and no delivery is
// recorded for a notice nobody was sent. Released, it goes to them once,
// quiet hours or not. What may not wait is sent to everyone.
func TestNotifyHoldsInQuietHours(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			w := newHoldWorld(t, kind,
				store.Person{ID: "li", PersonSettings: store.PersonSettings{QuietHours: "22:00-08:00"}},
				store.Person{ID: "wang", PersonSettings: store.PersonSettings{Timezone: "Europe/London"}}, // 15:00 there
				store.Person{ID: "chen"}) // the campaign's hours, in Shanghai
			w.now = at(23, 0)
			ctx := context.Background()
			next := func(h int) time.Time { return at(h, 0).AddDate(0, 0, 1) }

			res, ids := w.notify(note(1, task.EventReminder, true, "li", "wang", "chen"))
			want := []task.HeldDelivery{{To: "li", Until: next(8)}, {To: "chen", Until: next(7)}}
			if diff := cmp.Diff(want, res.Held, cmp.Comparer(time.Time.Equal)); diff != "" {
				t.Fatalf("held (-want +got):\n%s", diff)
			}
			if !cmp.Equal([]string{"wang"}, ids) {
				t.Fatalf("sent to %v, want wang only", ids)
			}

			sent := len(w.got.sent)
			res, ids = w.notify(note(2, task.EventReminder, true, "li", "chen"))
			if len(res.Held) != 2 || ids != nil || len(w.got.sent) != sent {
				t.Fatalf("everyone held: held %v, sent to %v", res.Held, ids)
			}
			if done, err := w.db.Delivered(ctx, "c1", "T1", 2, "messages"); err != nil || done {
				t.Fatalf("a notice held for all is recorded as delivered: %v %v", done, err)
			}

			if res, ids := w.notify(note(3, task.EventEscalated, false, "li", "chen")); len(res.Held) != 0 || len(ids) != 2 {
				t.Fatalf("an escalation that may not wait: held %v, sent to %v", res.Held, ids)
			}

			released := note(2, task.EventReminder, true, "li")
			released.Released = true
			w.now = next(8)
			if _, ids := w.notify(released); !cmp.Equal([]string{"li"}, ids) {
				t.Fatalf("released to %v", ids)
			}
			if again, ids := w.notify(released); ids != nil || len(again.Held) != 0 {
				t.Fatalf("a retried release sent again to %v", ids)
			}
			chen := note(2, task.EventReminder, true, "chen")
			chen.Released = true
			w.now = at(6, 0) // released early by a clock the workflow trusts: no second look
			if _, ids := w.notify(chen); !cmp.Equal([]string{"chen"}, ids) {
				t.Fatalf("chen's release went to %v", ids)
			}
			released1 := note(1, task.EventReminder, true, "li")
			released1.Released = true
			if _, ids := w.notify(released1); !cmp.Equal([]string{"li"}, ids) {
				t.Fatalf("li's copy of seq 1, whose first send reached wang: %v", ids)
			}
		})
	}
}

// signals stands in for the Temporal client: it keeps what
// SignalWithStartWorkflow was asked (the only call Notify makes).
type signals struct {
	client.Client
	calls []signalCall
}

type signalCall struct {
	ID, Signal string
	Item       workflows.BundleItem
	Options    client.StartWorkflowOptions
	Workflow   any
	Input      workflows.BundleInput
}

func (s *signals) SignalWithStartWorkflow(_ context.Context, id, signal string, arg any, opts client.StartWorkflowOptions,
	wf any, args ...any) (client.WorkflowRun, error) {
	s.calls = append(s.calls, signalCall{ID: id, Signal: signal, Item: arg.(workflows.BundleItem), Options: opts, Workflow: wf,
		Input: args[0].(workflows.BundleInput)})
	return nil, nil
}

// A holdable reminder for someone who reads reminders daily is not sent:
// it is signalled, with start, to their bundle of today in their timezone,
// keyed by campaign/task/seq. Other notices, and reminders that may not
// wait, are sent as usual.
func TestNotifyBundlesDailyReminders(t *testing.T) {
	w := newHoldWorld(t, storetest.SQLite,
		store.Person{ID: "li", PersonSettings: store.PersonSettings{Reminders: "daily", Timezone: "America/New_York"}},
		store.Person{ID: "wang"})
	tc := &signals{}
	w.acts.Temporal = tc
	w.now = at(9, 0) // 20:00 on 28 February in New York

	res, ids := w.notify(note(4, task.EventReminder, true, "li", "wang"))
	if len(res.Held) != 0 || !cmp.Equal([]string{"wang"}, ids) {
		t.Fatalf("held %v, sent to %v", res.Held, ids)
	}
	if len(tc.calls) != 1 {
		t.Fatalf("%d signals", len(tc.calls))
	}
	c := tc.calls[0]
	if c.ID != "bundle/li/2027-02-28" || c.Options.ID != c.ID || c.Options.TaskQueue != workflows.TaskQueue ||
		c.Signal != workflows.SignalBundleAdd || c.Workflow != workflows.BundleWorkflowName {
		t.Fatalf("signal %+v", c)
	}
	if c.Item.Key != "c1/T1/4" || !cmp.Equal([]string{"li"}, c.Item.Notification.To) || c.Item.Notification.Event.Seq != 4 {
		t.Fatalf("item %+v", c.Item)
	}
	if c.Input != (workflows.BundleInput{Person: "li", Day: "2027-02-28", SendAt: w.now.Add(workflows.BundleGather)}) {
		t.Fatalf("input %+v", c.Input)
	}
	// Everyone bundled: nothing sent, nothing recorded.
	if _, ids := w.notify(note(5, task.EventReminder, true, "li")); ids != nil || len(tc.calls) != 2 {
		t.Fatalf("sent to %v, %d signals", ids, len(tc.calls))
	}
	if _, ids := w.notify(note(6, task.EventCreated, true, "li")); !cmp.Equal([]string{"li"}, ids) {
		t.Fatalf("a notice that is not a reminder went to %v", ids)
	}
	if _, ids := w.notify(note(7, task.EventReminder, false, "li")); !cmp.Equal([]string{"li"}, ids) {
		t.Fatalf("a reminder that may not wait went to %v", ids)
	}
	if len(tc.calls) != 2 {
		t.Fatalf("%d signals, want 2", len(tc.calls))
	}
}

// SendBundle sends one message per notifier listing every reminder, with
// each item's campaign; a retry sends it again through no notifier that
// already did.
func TestSendBundle(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) { sendBundleOn(t, kind) })
	}
}

func sendBundleOn(t *testing.T, kind string) {
	w := newHoldWorld(t, kind, store.Person{ID: "li", PersonSettings: store.PersonSettings{Mobile: "13800000001"}})
	w.now = at(9, 10)
	b := workflows.Bundle{Person: "li", Day: "2027-03-01", Items: []workflows.BundleItem{
		{Key: "c1/T1/4", Notification: note(4, task.EventReminder, true, "li")},
		{Key: "c1/T2/2", Notification: note(2, task.EventReminder, true, "li")},
	}}
	b.Items[1].Notification.Task.ID = "T2"
	ctx := context.Background()
	for range 2 {
		if err := w.acts.SendBundle(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if len(w.got.bundles) != 1 || len(w.got.sent) != 0 {
		t.Fatalf("%d bundles and %d single messages sent", len(w.got.bundles), len(w.got.sent))
	}
	got := w.got.bundles[0]
	if got.To.ID != "li" || got.To.Name != "Person li" || got.Day != "2027-03-01" || len(got.Items) != 2 ||
		got.Items[1].Task.ID != "T2" || got.Items[0].Campaign.Title != "quiet" || got.Key == "" {
		t.Fatalf("bundle %+v", got)
	}
	text := notify.RenderBundle(got)
	if text.EN == "" || text.ZH == "" {
		t.Fatal("a bundle with no words")
	}
}
