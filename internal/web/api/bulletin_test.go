package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/formats/ledger"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// The bulletin through HTTP on both databases: in scoresServer's campaign
// (A and B closed on 7 March, C overdue since 5 March) C is urged once in
// the period and once before it. Its end, now, says what the report says
// now; each format lists the period's urge and not the earlier one, typed
// text escaped; a bad from is 422 naming it, in either language.
func TestBulletinAPI(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db, h, tokens := scoresServer(t, kind)
			ctx := context.Background()
			c, err := db.GetTask(ctx, "c1", "C")
			if err != nil {
				t.Fatal(err)
			}
			// As the task's workflow writes it once its deadline has passed.
			c.Urges, c.Seq, c.Version, c.Overdue = 2, 2, 2, true
			urge := func(seq int64, at time.Time, note string) task.Event {
				return task.Event{Seq: seq, At: at, Actor: "li", Type: task.EventUrged, Data: map[string]any{"note": note}}
			}
			if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: c, Events: []task.Event{
				urge(1, time.Date(2027, 2, 20, 2, 0, 0, 0, time.UTC), "before the period"),
				urge(2, time.Date(2027, 3, 8, 2, 0, 0, 0, time.UTC), "<script>alert(1)</script> | 请速办"),
			}}); err != nil {
				t.Fatal(err)
			}
			const bulletin = "/api/v1/campaigns/c1/bulletin?from=2027-03-01&to=2027-03-31"

			rec := sendAs(h, tokens["li"], "GET", "/api/v1/campaigns/c1/report", "")
			var reported struct {
				SummaryZH string `json:"summary_zh"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &reported); err != nil || reported.SummaryZH == "" {
				t.Fatalf("report: %d %s", rec.Code, rec.Body)
			}
			if want := "目前3项任务已完成2项,占67%,其余1项均已超期。"; reported.SummaryZH != want {
				t.Fatalf("the report says %s, want %s", reported.SummaryZH, want)
			}

			md := sendAs(h, tokens["li"], "GET", bulletin+"&format=md", "")
			page := sendAs(h, tokens["li"], "GET", bulletin, "")
			for name, rec := range map[string]string{"md": md.Body.String(), "html": page.Body.String()} {
				if !strings.Contains(rec, reported.SummaryZH) {
					t.Errorf("%s does not say what the report says (%s):\n%s", name, reported.SummaryZH, rec)
				}
				if !strings.Contains(rec, "请速办") || strings.Contains(rec, "before the period") {
					t.Errorf("%s lists the wrong urges:\n%s", name, rec)
				}
				if strings.Contains(rec, "<script>") {
					t.Errorf("%s carries the typed script:\n%s", name, rec)
				}
			}
			if md.Code != http.StatusOK || !strings.HasPrefix(md.Header().Get("Content-Type"), "text/markdown") ||
				page.Code != http.StatusOK || !strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") {
				t.Errorf("md %d %s, html %d %s", md.Code, md.Header().Get("Content-Type"), page.Code, page.Header().Get("Content-Type"))
			}

			if csp := page.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("html page's CSP %q", csp)
			}

			xlsx := sendAs(h, tokens["li"], "GET", bulletin+"&format=xlsx", "")
			f, err := excelize.OpenReader(bytes.NewReader(xlsx.Body.Bytes()))
			if xlsx.Code != http.StatusOK || err != nil {
				t.Fatalf("xlsx: %d %v", xlsx.Code, err)
			}
			if rows, _ := f.GetRows(ledger.BulletinClosedSheet); len(rows) != 4 {
				t.Errorf("closed sheet rows = %q, want A and B under the title and header", rows)
			}
			if rows, _ := f.GetRows(ledger.BulletinUrgesSheet); len(rows) != 3 || rows[2][5] != "<script>alert(1)</script> | 请速办" {
				t.Errorf("urges sheet rows = %q", rows)
			}

			for _, lang := range []struct{ accept, words string }{{"en", "must be a date"}, {"zh", "须为日期"}} {
				req := "/api/v1/campaigns/c1/bulletin?from=2027-02-30&to=2027-03-31"
				rec := sendLang(h, tokens["li"], req, lang.accept)
				var p struct {
					Errors []struct{ Field, Message string } `json:"errors"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &p); rec.Code != http.StatusUnprocessableEntity || err != nil ||
					len(p.Errors) != 1 || p.Errors[0].Field != "from" || !strings.Contains(p.Errors[0].Message, lang.words) {
					t.Errorf("bad from (%s): %d %s", lang.accept, rec.Code, rec.Body)
				}
			}
			if rec := sendAs(h, tokens["li"], "GET", "/api/v1/campaigns/c1/bulletin?from=2027-03-02&to=2027-03-01", ""); rec.Code != http.StatusUnprocessableEntity ||
				!strings.Contains(rec.Body.String(), `"to"`) {
				t.Errorf("to before from: %d %s", rec.Code, rec.Body)
			}
			if rec := sendAs(h, tokens["li"], "GET", "/api/v1/campaigns/nope/bulletin", ""); rec.Code != http.StatusNotFound {
				t.Errorf("unknown campaign: %d %s", rec.Code, rec.Body)
			}
		})
	}
}

func sendLang(h http.Handler, token, path, lang string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept-Language", lang)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
