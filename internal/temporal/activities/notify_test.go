package activities_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/temporal/activities"
)

// messages is a notifier that keeps what it is sent.
type messages struct {
	sent    []notify.Message
	bundles []notify.Bundle
}

func (*messages) Name() string { return "messages" }
func (m *messages) Send(_ context.Context, msg notify.Message) error {
	m.sent = append(m.sent, msg)
	return nil
}
func (*messages) SendDigest(context.Context, notify.Digest) error { return nil }
func (m *messages) SendBundle(_ context.Context, b notify.Bundle) error {
	m.bundles = append(m.bundles, b)
	return nil
}

// A notification to a unit goes to its contacts, or to every member when it
// names none, each person once; an unknown unit tells nobody and fails
// nothing; a delivered notification is not sent again.
func TestNotifyExpandsUnits(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			now := time.Now()
			if _, _, err := db.SaveCampaign(ctx, store.Campaign{
				ID: "c1", Title: "units", Owner: "boss", Timezone: "Asia/Shanghai", Calendar: json.RawMessage(`"none"`),
				Start: now, Deadline: now.Add(time.Hour), Status: store.CampaignActive, PlanHash: "h", CreatedAt: now,
			}); err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"li", "zhou", "wu", "chen"} {
				if err := db.CreatePerson(ctx, store.Person{ID: id, Name: "Person " + id, Roles: []string{store.RoleMember}, CreatedAt: now}); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.UpsertUnits(ctx, []store.Unit{
				{ID: "hk", Name: "海口", Head: "chen", Contacts: []string{"zhou"}, Members: []string{"zhou", "wu"}, CreatedAt: now},
				{ID: "sy", Name: "三亚", Members: []string{"wu", "li"}, CreatedAt: now},
			}); err != nil {
				t.Fatal(err)
			}
			got := &messages{}
			acts := &activities.Activities{Store: db, Notifiers: []notify.Notifier{got}}
			send := func(seq int64, to ...string) []string {
				t.Helper()
				n := task.Notification{
					Task:  task.View{Campaign: "c1", ID: "T1", Owner: "unit:hk"},
					Event: task.Event{Seq: seq, At: now, Actor: task.SystemActor, Type: task.EventReminder},
					To:    to,
				}
				before := len(got.sent)
				if _, err := acts.Notify(ctx, n); err != nil {
					t.Fatal(err)
				}
				if len(got.sent) == before {
					return nil
				}
				var ids []string
				for _, r := range got.sent[len(got.sent)-1].To {
					ids = append(ids, r.ID)
				}
				return ids
			}
			for _, c := range []struct {
				to   []string
				want []string
			}{
				{[]string{"unit:hk"}, []string{"zhou"}},
				{[]string{"li", "unit:sy", "unit:hk", "zhou"}, []string{"li", "wu", "zhou"}},
				{[]string{"unit:nope", "li"}, []string{"li"}},
				{[]string{"unit:nope"}, nil},
			} {
				seq := int64(len(got.sent) + 10)
				if diff := cmp.Diff(c.want, send(seq, c.to...)); diff != "" {
					t.Fatalf("recipients of %v (-want +got):\n%s", c.to, diff)
				}
				if again := send(seq, c.to...); again != nil {
					t.Fatalf("notification %d delivered twice, to %v", seq, again)
				}
			}
			if got.sent[0].To[0].Name != "Person zhou" {
				t.Fatalf("a unit's contact without their details: %+v", got.sent[0].To[0])
			}
		})
	}
}
