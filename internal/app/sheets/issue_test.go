package sheets_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/app/sheets"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
)

// fakeStore holds one task and numbers sheets from 1; the numbering's own
// guarantees are the store's (store.IssueSheet) and tested there.
type fakeStore struct {
	task task.View
	seq  int64
}

func (f *fakeStore) GetTask(_ context.Context, _, id string) (task.View, error) {
	if id != f.task.ID {
		return task.View{}, store.ErrNotFound
	}
	return f.task, nil
}

func (f *fakeStore) GetUnit(context.Context, string) (store.Unit, error) {
	return store.Unit{ID: "hk", Name: "海口市"}, nil
}

func (f *fakeStore) GetPerson(_ context.Context, id string) (store.Person, error) {
	return store.Person{ID: id}, nil
}

func (f *fakeStore) IssueSheet(_ context.Context, n store.NewSheet) (store.Sheet, error) {
	f.seq++
	number, doc, err := n.Compose(f.seq)
	return store.Sheet{Seq: f.seq, Number: number, Doc: doc}, err
}

// The response date counts working days on the campaign's calendar: from
// Wednesday 30 September 2026, three working days are Saturday 10 October
// on cn (国庆 off, the 10th worked) and Monday 5 October on weekdays. A
// closed task is refused, and an open one counts its days overdue in the
// campaign's timezone.
func TestIssueCountsOnTheCampaignsCalendar(t *testing.T) {
	now := time.Date(2026, 9, 30, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai
	for cal, want := range map[string]string{"cn": "2026-10-10", "weekdays": "2026-10-05"} {
		st := &fakeStore{task: task.View{Campaign: "c1", ID: "T1", Title: "t", Owner: "unit:hk", Supervisor: "wang",
			Status: task.StatusOpen, Light: task.LightRed, Deadline: time.Date(2026, 9, 27, 15, 59, 0, 0, time.UTC)}}
		is := &sheets.Issuer{Store: st, Now: func() time.Time { return now }}
		camp := store.Campaign{ID: "c1", Owner: "li", Timezone: "Asia/Shanghai", Calendar: json.RawMessage(`"` + cal + `"`)}
		sh, c, err := is.Issue(context.Background(), sheets.Request{Campaign: camp, Task: "T1", Grade: "yellow", Note: "x", By: store.Person{ID: "wang"}})
		if err != nil {
			t.Fatal(err)
		}
		if c.RespondBy.String() != want || c.DaysOverdue != 3 || c.OwnerName != "海口市" || c.Year != 2026 ||
			sh.Number != "〔2026〕督办第1号" || c.PlannedDeadline.String() != "2026-09-27" {
			t.Errorf("%s: %+v", cal, c)
		}
		var stored map[string]any
		if err := json.Unmarshal(sh.Doc, &stored); err != nil || stored["number"] != sh.Number || stored["respond_by"] != want {
			t.Errorf("%s: the stored document %s", cal, sh.Doc)
		}

		st.task.Status = task.StatusClosed
		if _, _, err := is.Issue(context.Background(), sheets.Request{Campaign: camp, Task: "T1", Grade: "yellow", Note: "x",
			By: store.Person{ID: "wang"}}); !errors.Is(err, sheets.ErrFinished) {
			t.Errorf("%s: a closed task: %v", cal, err)
		}
	}
}
