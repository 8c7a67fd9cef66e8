package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/web/api"
)

// GET /tasks?q= finds tasks by substrings of their titles across campaigns,
// every word matching, a page at a time like the list, and refuses a
// search mixed with the list's other filters.
func TestSearchTasksAPI(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, storetest.SQLite)
	now := time.Date(2027, 1, 4, 4, 0, 0, 0, time.UTC)
	token := auth.NewToken()
	if err := db.CreatePerson(ctx, store.Person{ID: "li", Name: "李明", Roles: []string{store.RoleMember}, CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddToken(ctx, "li", auth.HashToken(token), now); err != nil {
		t.Fatal(err)
	}
	var tasks []task.View
	for _, v := range [][3]string{{"c1", "T1", "清理借调人员"}, {"c1", "T2", "整改公车私用"}, {"c2", "T1", "清理借调人员台账"}, {"c2", "T9", "借调期满返岗"}} {
		tasks = append(tasks, task.View{Campaign: v[0], ID: v[1], Title: v[2], Owner: "li", Status: task.StatusOpen,
			Light: task.LightGreen, Deadline: now.AddDate(0, 1, 0), Version: 1})
	}
	if err := db.SeedTasks(ctx, tasks); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.New(api.Options{Store: db, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }}).Handler())
	t.Cleanup(srv.Close)
	type page struct {
		Items      []task.View `json:"items"`
		NextCursor string      `json:"next_cursor"`
	}
	get := func(query url.Values) (int, page) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/tasks?"+query.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		var p page
		if resp.StatusCode == http.StatusOK {
			if err := json.Unmarshal(body, &p); err != nil {
				t.Fatalf("%s: %v", body, err)
			}
		}
		return resp.StatusCode, p
	}
	ids := func(p page) []string {
		var out []string
		for _, v := range p.Items {
			out = append(out, v.Campaign+"/"+v.ID)
		}
		return out
	}

	// Two pages of one item, then the last.
	var all []string
	query := url.Values{"q": {"借调"}, "limit": {"2"}}
	for {
		code, p := get(query)
		if code != http.StatusOK {
			t.Fatalf("search: %d", code)
		}
		all = append(all, ids(p)...)
		if p.NextCursor == "" {
			break
		}
		query.Set("cursor", p.NextCursor)
	}
	if want := []string{"c1/T1", "c2/T1", "c2/T9"}; !slices.Equal(all, want) {
		t.Fatalf("借调: %v, want %v", all, want)
	}
	if _, p := get(url.Values{"q": {"借调 台账"}}); !slices.Equal(ids(p), []string{"c2/T1"}) {
		t.Fatalf("two words: %v", ids(p))
	}
	if _, p := get(url.Values{"q": {"借调"}, "campaign": {"c1"}}); !slices.Equal(ids(p), []string{"c1/T1"}) {
		t.Fatalf("one campaign: %v", ids(p))
	}
	if _, p := get(url.Values{"q": {"李明 公车"}}); !slices.Equal(ids(p), []string{"c1/T2"}) {
		t.Fatalf("owner and title: %v", ids(p))
	}
	if _, p := get(url.Values{"q": {"无此任务"}}); p.Items == nil || len(p.Items) != 0 {
		t.Fatalf("nothing found must be an empty list: %+v", p)
	}
	for _, bad := range []url.Values{{"q": {" "}}, {"q": {"借调"}, "status": {"open"}}, {"q": {"借调"}, "cursor": {"!"}}} {
		if code, _ := get(bad); code != http.StatusBadRequest {
			t.Errorf("%v: %d, want 400", bad, code)
		}
	}
}
