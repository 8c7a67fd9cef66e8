package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// A sheet whose recording fails after its number was counted gives the
// number back: the counter moves in the sheet's transaction, so the next
// sheet takes it. Years count apart.
func TestIssueSheetFailureTakesNoNumber(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, kind)
			now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
			if _, _, err := db.SaveCampaign(ctx, store.Campaign{ID: "c1", Title: "t", Owner: "li", Timezone: "UTC",
				Calendar: []byte(`"weekdays"`), Start: now, Deadline: now, Status: store.CampaignActive, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
			issue := func(year int, fail bool) (store.Sheet, error) {
				return db.IssueSheet(ctx, store.NewSheet{Campaign: "c1", Task: "T1", Grade: "normal", IssuedBy: "li", Year: year, IssuedAt: now,
					Compose: func(seq int64) (string, json.RawMessage, error) {
						if fail {
							return "", nil, errors.New("composing failed")
						}
						return "No. " + strconv.FormatInt(seq, 10), json.RawMessage(`{}`), nil
					}})
			}
			if _, err := issue(2026, false); err != nil {
				t.Fatal(err)
			}
			if _, err := issue(2026, true); err == nil {
				t.Fatal("a failing compose issued a sheet")
			}
			second, err := issue(2026, false)
			if err != nil || second.Seq != 2 || second.Number != "No. 2" {
				t.Fatalf("after the failure: %+v %v", second, err)
			}
			next, err := issue(2027, false)
			if err != nil || next.Seq != 1 {
				t.Fatalf("a new year: %+v %v", next, err)
			}
			got, err := db.GetSheet(ctx, second.ID)
			if err != nil || got.Number != "No. 2" || !got.IssuedAt.Equal(now) || string(got.Doc) != `{}` {
				t.Fatalf("read back: %+v %v", got, err)
			}
			if _, err := db.GetSheet(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("unknown: %v", err)
			}
			all, err := db.CampaignSheets(ctx, "c1")
			if err != nil || len(all) != 3 || all[0].Seq != 1 || all[1].Seq != 2 || all[2].Year != 2027 {
				t.Fatalf("the campaign's sheets: %+v %v", all, err)
			}
			if none, err := db.TaskSheets(ctx, "c1", "T2"); err != nil || len(none) != 0 {
				t.Fatalf("T2's sheets: %+v %v", none, err)
			}
		})
	}
}
