package api_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/web/api"
)

// GET /campaigns/{id}/units ranks the owning units in each format, and
// answers unknown campaigns and formats as the report does.
func TestCampaignUnits(t *testing.T) {
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
	if err := db.UpsertUnits(ctx, []store.Unit{{ID: "hn-haikou", Name: "海口市", CreatedAt: now}}); err != nil {
		t.Fatal(err)
	}
	onTime := true
	closedAt := now.AddDate(0, 0, -3)
	for _, v := range []task.View{
		{Campaign: "c1", ID: "T01.hn-haikou", Parent: "T01", Owner: "unit:hn-haikou", Status: task.StatusClosed, Light: task.LightDone,
			Deadline: now.AddDate(0, 0, -1), ClosedAt: &closedAt, ClosedOnTime: &onTime, Version: 1,
			Indicators: []task.IndicatorView{{ID: "returned", Name: "返岗人数", Unit: "名", Value: 532}}},
		{Campaign: "c1", ID: "T01.hn-sanya", Parent: "T01", Owner: "unit:hn-sanya", Status: task.StatusOpen, Light: task.LightRed,
			Deadline: now.AddDate(0, 0, -2), Version: 1},
	} {
		if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: v}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(api.New(api.Options{Store: db, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }}).Handler())
	t.Cleanup(srv.Close)
	// get answers the response's head and its body, read and closed.
	get := func(path string) (head, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return head{StatusCode: resp.StatusCode, Header: resp.Header}, string(body)
	}

	resp, body := get("/api/v1/campaigns/c1/units")
	var list struct {
		Items []store.UnitRank `json:"items"`
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &list) != nil || len(list.Items) != 2 {
		t.Fatalf("json: %d %s", resp.StatusCode, body)
	}
	if u := list.Items[0]; u.ID != "hn-haikou" || u.Name != "海口市" || u.OnTimePct != 100 || u.Indicators[0].Value != 532 {
		t.Fatalf("first: %+v", u)
	}
	if u := list.Items[1]; u.ID != "hn-sanya" || u.Name != "hn-sanya" || u.Overdue != 1 || u.AvgDaysLate != 2 {
		t.Fatalf("second: %+v", u)
	}

	resp, body = get("/api/v1/campaigns/c1/units?format=md")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/markdown") ||
		!strings.Contains(body, "| 1 | 海口市 (hn-haikou) | 1 | 1 | 1 | 0 | 100 | 0 | 返岗人数532名 | returned 532 |") {
		t.Fatalf("markdown: %d %s", resp.StatusCode, body)
	}
	resp, body = get("/api/v1/campaigns/c1/units?format=csv")
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if resp.StatusCode != 200 || err != nil || len(recs) != 3 || recs[2][1] != "hn-sanya" || recs[2][6] != "1" ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "c1-units.csv") {
		t.Fatalf("csv: %d %v %s", resp.StatusCode, err, body)
	}

	for path, status := range map[string]int{
		"/api/v1/campaigns/nope/units":          404,
		"/api/v1/campaigns/c1/units?format=pdf": 400,
	} {
		resp, body := get(path)
		if resp.StatusCode != status || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}

	// The report carries the same rows.
	resp, body = get("/api/v1/campaigns/c1/report")
	var rep struct {
		Units []store.UnitRank `json:"units"`
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &rep) != nil || len(rep.Units) != 2 || rep.Units[1].Overdue != 1 {
		t.Fatalf("report: %d %s", resp.StatusCode, body)
	}
}

// head is what a test reads of a response besides its body.
type head struct {
	StatusCode int
	Header     http.Header
}
