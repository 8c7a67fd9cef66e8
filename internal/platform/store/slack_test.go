package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// Posted Slack messages are found again by task, oldest event first; a
// retried post of the same event to the same place keeps the first record,
// and an update records what the message shows.
func TestSlackMessagesRoundTrip(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			at := time.UnixMilli(1717200000000).UTC()
			approval := store.SlackMessage{Campaign: "c1", Task: "T1", Seq: 4, Dest: "U2", Channel: "D2", TS: "1.2",
				Kind: store.SlackKindApproval, Person: "zhao", Body: `[{"type":"section"}]`, Text: "sign off", Shown: "waiting", CreatedAt: at}
			assigned := store.SlackMessage{Campaign: "c1", Task: "T1", Seq: 1, Dest: "U1", Channel: "D1", TS: "1.1",
				Kind: store.SlackKindDM, Person: "li", Body: `[]`, Text: "yours", Shown: "open", CreatedAt: at}
			other := store.SlackMessage{Campaign: "c1", Task: "T2", Seq: 1, Dest: "C1", Channel: "C1", TS: "1.3",
				Kind: store.SlackKindChannel, Body: `[]`, CreatedAt: at}
			for _, m := range []store.SlackMessage{approval, assigned, other} {
				if err := db.SaveSlackMessage(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			retried := approval
			retried.TS = "9.9"
			if err := db.SaveSlackMessage(ctx, retried); err != nil {
				t.Fatal(err)
			}
			approval.Shown = "closed by wang"
			if err := db.MarkSlackMessageShown(ctx, approval); err != nil {
				t.Fatal(err)
			}
			got, err := db.SlackMessages(ctx, "c1", "T1")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]store.SlackMessage{assigned, approval}, got); diff != "" {
				t.Fatalf("messages (-want +got):\n%s", diff)
			}
		})
	}
}
