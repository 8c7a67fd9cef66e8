package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/web/api"
)

const scoredPlan = `
id: c1
title: 攻坚行动
owner: wang
timezone: Asia/Shanghai
calendar: weekdays
start: 2027-03-01
deadline: 2027-12-31
units:
  - {id: haikou, name: 海口市, class: 市县}
  - {id: sanya, name: 三亚市, class: 市县}
  - {id: edu, name: 教育厅, class: 省直部门}
tracks:
  - id: main
    tasks:
      - {id: A, title: 清理, owner: "unit:haikou", supervisor: li}
      - {id: B, title: 评估, owner: "unit:sanya", supervisor: li}
      - {id: C, title: 整改, owner: "unit:edu", supervisor: li}
`

// scoresServer is the API over a fresh store of kind holding campaign c1
// (owned by wang) with three unit-owned tasks: A and B closed on time, C
// open two working days past its deadline; wang, li and admin hold tokens.
func scoresServer(t *testing.T, kind string) (*store.DB, http.Handler, map[string]string) {
	t.Helper()
	return scoresServerWith(t, kind, api.Options{})
}

// scoresServerWith is scoresServer with opts (its Store and Now set here).
func scoresServerWith(t *testing.T, kind string, opts api.Options) (*store.DB, http.Handler, map[string]string) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, kind)
	now := time.Date(2027, 3, 10, 4, 0, 0, 0, time.UTC) // Wednesday, noon in Shanghai
	tokens := map[string]string{}
	for id, role := range map[string]string{"wang": store.RoleManager, "li": store.RoleMember, "admin": store.RoleAdmin} {
		if err := db.CreatePerson(ctx, store.Person{ID: id, Name: id, Roles: []string{role}, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		tokens[id] = auth.NewToken()
		if err := db.AddToken(ctx, id, auth.HashToken(tokens[id]), now); err != nil {
			t.Fatal(err)
		}
	}
	known := func(string) bool { return true }
	p, err := plan.Parse([]byte(scoredPlan), plan.YAML, plan.ParseOptions{Now: now, PersonExists: known, UnitExists: known})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := p.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.SaveCampaign(ctx, store.Campaign{ID: "c1", Title: p.Title, Owner: "wang", Timezone: p.Timezone,
		Calendar: []byte(`"weekdays"`), Start: now.AddDate(0, 0, -9), Deadline: now.AddDate(0, 9, 0), Status: store.CampaignActive,
		Tracks: []store.Track{{ID: "main"}}, Plan: doc, PlanHash: p.Hash(), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	onTime, closedAt := true, now.AddDate(0, 0, -3)
	friday := time.Date(2027, 3, 5, 18, 0, 0, 0, p.Location())
	for _, v := range []task.View{
		{ID: "A", Owner: "unit:haikou", Status: task.StatusClosed, Light: task.LightDone, Deadline: friday, ClosedAt: &closedAt, ClosedOnTime: &onTime},
		{ID: "B", Owner: "unit:sanya", Status: task.StatusClosed, Light: task.LightDone, Deadline: friday, ClosedAt: &closedAt, ClosedOnTime: &onTime},
		{ID: "C", Owner: "unit:edu", Status: task.StatusOpen, Light: task.LightRed, Deadline: friday},
	} {
		v.Campaign, v.Title, v.Track, v.Version = "c1", v.ID, "main", 1
		if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: v}); err != nil {
			t.Fatal(err)
		}
	}
	opts.Store, opts.Now = db, func() time.Time { return now }
	return db, api.New(opts).Handler(), tokens
}

func sendAs(h http.Handler, token, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Only the campaign's owner adjusts its scores, each adjustment is in the
// audit log, and the scores answer in every format with the same figures,
// ranked within each class. On both databases.
func TestScoresAndAdjustments(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db, h, tokens := scoresServer(t, kind)
			const adjustments = "/api/v1/campaigns/c1/scores/adjustments"

			for _, who := range []string{"li", "admin"} {
				if rec := sendAs(h, tokens[who], "POST", adjustments, `{"unit": "sanya", "points": 1, "reason": "x"}`); rec.Code != http.StatusForbidden {
					t.Errorf("%s adjusting: %d %s, want 403", who, rec.Code, rec.Body)
				}
			}
			rec := sendAs(h, tokens["wang"], "POST", adjustments, `{"unit": "nowhere", "points": 0, "reason": " "}`)
			var refusal struct {
				Errors []struct{ Field string } `json:"errors"`
			}
			if rec.Code != http.StatusUnprocessableEntity || json.Unmarshal(rec.Body.Bytes(), &refusal) != nil || len(refusal.Errors) != 3 ||
				refusal.Errors[0].Field != "unit" || refusal.Errors[1].Field != "points" || refusal.Errors[2].Field != "reason" {
				t.Errorf("a bad adjustment: %d %s, want 422 naming unit, points and reason", rec.Code, rec.Body)
			}
			if rec := sendAs(h, tokens["wang"], "POST", "/api/v1/campaigns/nope/scores/adjustments", `{"unit": "sanya", "points": 1, "reason": "x"}`); rec.Code != http.StatusNotFound {
				t.Errorf("an unknown campaign: %d, want 404", rec.Code)
			}
			for _, body := range []string{`{"unit": "sanya", "points": -1.5, "reason": "材料不实"}`, `{"unit": "edu", "points": 2, "reason": "经验被推广"}`} {
				if rec := sendAs(h, tokens["wang"], "POST", adjustments, body); rec.Code != http.StatusCreated {
					t.Fatalf("adjusting %s: %d %s", body, rec.Code, rec.Body)
				}
			}
			entries, _, err := db.AuditLog(context.Background(), store.AuditFilter{Action: audit.ScoreAdjusted})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 2 || entries[0].Actor != "wang" || entries[0].Target != audit.CampaignTarget("c1") || entries[0].Detail["unit"] != "edu" {
				t.Errorf("audit entries = %+v, want wang's two adjustments of c1", entries)
			}

			// haikou +1, sanya +1 -1.5, edu: 3 working days overdue (Mon,
			// Tue, Wed) -1.5, +2.
			rec = sendAs(h, tokens["li"], "GET", "/api/v1/campaigns/c1/scores", "")
			var scores report.Scores
			if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &scores) != nil {
				t.Fatalf("json: %d %s", rec.Code, rec.Body)
			}
			type standing struct {
				Unit, Class string
				Score       float64
				Rank        int
			}
			var got []standing
			for _, u := range scores.Units {
				got = append(got, standing{u.Unit, u.Class, u.Score, u.Rank})
			}
			want := []standing{{"haikou", "市县", 1, 1}, {"sanya", "市县", -0.5, 2}, {"edu", "省直部门", 0.5, 1}}
			if len(got) != len(want) {
				t.Fatalf("scores = %+v, want %+v", got, want)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("unit %d = %+v, want %+v", i, got[i], want[i])
				}
			}

			rec = sendAs(h, tokens["li"], "GET", "/api/v1/campaigns/c1/scores?class=省直部门", "")
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"unit":"edu"`) || strings.Contains(rec.Body.String(), "haikou") {
				t.Errorf("class 省直部门: %d %s", rec.Code, rec.Body)
			}
			rec = sendAs(h, tokens["li"], "GET", "/api/v1/campaigns/c1/scores?format=md", "")
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "| 2 | 三亚市 (sanya) | -0.5 | 按时办结 B +1；人工调整：材料不实 -1.5 |") {
				t.Errorf("md: %d %s", rec.Code, rec.Body)
			}
			rec = sendAs(h, tokens["li"], "GET", "/api/v1/campaigns/c1/scores?format=csv", "")
			records, err := csv.NewReader(rec.Body).ReadAll()
			if rec.Code != http.StatusOK || err != nil || len(records) != 6 || records[0][0] != "class" {
				t.Errorf("csv: %d %v %q", rec.Code, err, records)
			}
			rec = sendAs(h, tokens["li"], "GET", "/api/v1/campaigns/c1/scores?format=xlsx", "")
			if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Disposition"), "c1-scores.xlsx") {
				t.Fatalf("xlsx: %d %v", rec.Code, rec.Header())
			}
			f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := f.GetCellValue("考评得分", "E3"); v != "1" {
				t.Errorf("xlsx: haikou's score reads %q", v)
			}
			if rec := sendAs(h, tokens["li"], "GET", "/api/v1/campaigns/c1/scores?format=pdf", ""); rec.Code != http.StatusBadRequest {
				t.Errorf("format=pdf: %d, want 400", rec.Code)
			}
			if rec := sendAs(h, tokens["li"], "GET", "/api/v1/campaigns/nope/scores", ""); rec.Code != http.StatusNotFound {
				t.Errorf("an unknown campaign's scores: %d, want 404", rec.Code)
			}
		})
	}
}
