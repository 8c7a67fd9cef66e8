package api_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/web/api"
)

// Units equal in on-time percent and overdue share their rank (并列) in
// every format of GET /campaigns/{id}/units: two units at 100% are both
// first, the next is third.
func TestCampaignUnitsShareRanks(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, storetest.SQLite)
	now := time.Date(2024, 7, 10, 4, 0, 0, 0, time.UTC)
	token := auth.NewToken()
	if err := db.CreatePerson(ctx, store.Person{ID: "li", Roles: []string{store.RoleMember}, CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddToken(ctx, "li", auth.HashToken(token), now); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.SaveCampaign(ctx, store.Campaign{ID: "c1", Title: "攻坚行动", Owner: "li", Timezone: "Asia/Shanghai",
		Calendar: []byte(`"weekdays"`), Start: now, Deadline: now.AddDate(0, 6, 0), Status: store.CampaignActive, CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	onTime := true
	closedAt := now.AddDate(0, 0, -3)
	closed := func(id, unit string) task.View {
		return task.View{Campaign: "c1", ID: id, Owner: "unit:" + unit, Status: task.StatusClosed, Light: task.LightDone,
			Deadline: now.AddDate(0, 0, -1), ClosedAt: &closedAt, ClosedOnTime: &onTime, Version: 1}
	}
	for _, v := range []task.View{
		closed("T01", "hn-wenchang"),
		closed("T02", "hn-haikou"),
		{Campaign: "c1", ID: "T03", Owner: "unit:hn-sanya", Status: task.StatusOpen, Light: task.LightRed, Deadline: now.AddDate(0, 0, -2), Version: 1},
	} {
		if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: v}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(api.New(api.Options{Store: db, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }}).Handler())
	t.Cleanup(srv.Close)
	get := func(path string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %d %v %s", path, resp.StatusCode, err, body)
		}
		return string(body)
	}
	want := map[string]string{"hn-haikou": "1", "hn-wenchang": "1", "hn-sanya": "3"}

	var list struct {
		Items []struct {
			ID   string `json:"id"`
			Rank *int   `json:"rank"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(get("/api/v1/campaigns/c1/units")), &list); err != nil || len(list.Items) != 3 {
		t.Fatalf("json: %v %+v", err, list)
	}
	for _, u := range list.Items {
		if u.Rank == nil || want[u.ID] != strconv.Itoa(*u.Rank) {
			t.Errorf("json: %s rank %v, want %s", u.ID, u.Rank, want[u.ID])
		}
	}

	md := get("/api/v1/campaigns/c1/units?format=md")
	for unit, rank := range want { // the units are not in the units table: named by their ids
		if !strings.Contains(md, "| "+rank+" | "+unit+" |") {
			t.Errorf("markdown: no row of rank %s for %s:\n%s", rank, unit, md)
		}
	}

	recs, err := csv.NewReader(strings.NewReader(get("/api/v1/campaigns/c1/units?format=csv"))).ReadAll()
	if err != nil || len(recs) != 4 || recs[0][0] != "rank" {
		t.Fatalf("csv: %v %v", err, recs)
	}
	for _, rec := range recs[1:] {
		if rec[0] != want[rec[1]] {
			t.Errorf("csv: %s rank %s, want %s", rec[1], rec[0], want[rec[1]])
		}
	}
}
