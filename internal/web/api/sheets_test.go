package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/formats/sheet"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/internal/web/api"
)

// sheetWorld is a campaign of five tasks (T5 closed) with people in each role a sheet
// cares about, served by the API over a database of one kind.
type sheetWorld struct {
	t      *testing.T
	db     *store.DB
	url    string
	tokens map[string]string
}

// 2026-12-07 is a Monday: three working days on is Thursday the 10th.
var sheetNow = time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)

func newSheetWorld(t *testing.T, kind string, o api.Options) *sheetWorld {
	t.Helper()
	ctx := context.Background()
	w := &sheetWorld{t: t, db: storetest.Open(t, kind), tokens: map[string]string{}}
	for _, p := range []store.Person{
		{ID: "li", Name: "李明", Roles: []string{store.RoleMember}},    // the campaign's owner
		{ID: "wang", Name: "王芳", Roles: []string{store.RoleMember}},  // T1's supervisor
		{ID: "zhao", Name: "赵强", Roles: []string{store.RoleMember}},  // nobody to these tasks
		{ID: "qian", Name: "钱军", Roles: []string{store.RoleManager}}, // a manager
	} {
		p.CreatedAt = sheetNow
		if err := w.db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		w.tokens[p.ID] = auth.NewToken()
		if err := w.db.AddToken(ctx, p.ID, auth.HashToken(w.tokens[p.ID]), sheetNow); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := w.db.SaveCampaign(ctx, store.Campaign{ID: "c1", Title: "营商环境攻坚行动", Owner: "li", Timezone: "Asia/Shanghai",
		Calendar: []byte(`"weekdays"`), Start: sheetNow.AddDate(0, -2, 0), Deadline: sheetNow.AddDate(0, 6, 0),
		Status: store.CampaignActive, CreatedAt: sheetNow}); err != nil {
		t.Fatal(err)
	}
	if err := w.db.UpsertUnits(ctx, []store.Unit{{ID: "hk", Name: "海口市", CreatedAt: sheetNow}}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 5; i++ {
		v := task.View{Campaign: "c1", ID: fmt.Sprintf("T%d", i), Title: fmt.Sprintf("企业开办事项<%d>", i), Owner: "unit:hk",
			Supervisor: "wang", Status: task.StatusOpen, Light: task.LightRed, Flagged: true, Version: 1,
			OwnDeadline: sheetNow.AddDate(0, 0, -9), Deadline: sheetNow.AddDate(0, 0, -4)}
		if i > 1 {
			v.Supervisor = "li"
		}
		if i == 5 {
			v.Status, v.Light = task.StatusClosed, task.LightDone
		}
		if err := w.db.ProjectTask(ctx, task.ProjectionWrite{Task: v}); err != nil {
			t.Fatal(err)
		}
	}
	o.Store, o.Logger, o.Now = w.db, slog.New(slog.DiscardHandler), func() time.Time { return sheetNow }
	srv := httptest.NewServer(api.New(o).Handler())
	t.Cleanup(srv.Close)
	w.url = srv.URL
	return w
}

// do sends a request as person and answers the status and body.
func (w *sheetWorld) do(person, method, path, body string, header ...string) (int, []byte, http.Header) {
	w.t.Helper()
	req, _ := http.NewRequest(method, w.url+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+w.tokens[person])
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Error(err)
		return 0, nil, nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		w.t.Error(err)
	}
	return resp.StatusCode, b, resp.Header
}

type sheetAnswer struct {
	ID      string        `json:"id"`
	Number  string        `json:"number"`
	Seq     int64         `json:"seq"`
	Task    string        `json:"task"`
	Content sheet.Content `json:"content"`
}

// 50 sheets issued at once over four tasks take the numbers 1 to 50, each
// once, on both databases; the list shows them in number order.
func TestSheetNumbersAreGapFreeUnderConcurrency(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			w := newSheetWorld(t, kind, api.Options{})
			const n = 50
			seqs := make([]int64, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					status, body, _ := w.do("li", "POST", fmt.Sprintf("/api/v1/campaigns/c1/tasks/T%d/sheets", i%4+1),
						`{"grade":"yellow","note":"请限期整改"}`)
					var a sheetAnswer
					if status != http.StatusCreated || json.Unmarshal(body, &a) != nil {
						t.Errorf("issue %d: %d %s", i, status, body)
						return
					}
					seqs[i] = a.Seq
				})
			}
			wg.Wait()
			slices.Sort(seqs)
			for i, s := range seqs {
				if s != int64(i+1) {
					t.Fatalf("numbers taken: %v, want 1…%d each once", seqs, n)
				}
			}
			status, body, _ := w.do("zhao", "GET", "/api/v1/campaigns/c1/sheets", "")
			var list struct{ Items []sheetAnswer }
			if status != 200 || json.Unmarshal(body, &list) != nil || len(list.Items) != n {
				t.Fatalf("list: %d %s", status, body)
			}
			for i, it := range list.Items {
				if it.Seq != int64(i+1) || it.Number != fmt.Sprintf("〔2026〕督办第%d号", i+1) {
					t.Fatalf("item %d: %+v", i, it)
				}
			}
		})
	}
}

// What a sheet says, and who may issue one.
func TestIssueSheet(t *testing.T) {
	w := newSheetWorld(t, storetest.SQLite, api.Options{})
	status, body, header := w.do("wang", "POST", "/api/v1/campaigns/c1/tasks/T1/sheets", `{"grade":"red","note":"  请于三日内反馈  "}`)
	var a sheetAnswer
	if status != http.StatusCreated || json.Unmarshal(body, &a) != nil {
		t.Fatalf("supervisor: %d %s", status, body)
	}
	c := a.Content
	if a.Number != "〔2026〕督办第1号" || c.TaskTitle != "企业开办事项<1>" || c.OwnerName != "海口市" || c.Grade != "red" ||
		c.Note != "请于三日内反馈" || c.IssuedByName != "王芳" || c.DaysOverdue != 4 || c.Light != "red" ||
		c.PlannedDeadline.String() != "2026-11-28" || c.Deadline.String() != "2026-12-03" ||
		c.Date.String() != "2026-12-07" || c.RespondBy.String() != "2026-12-10" || c.CampaignTitle != "营商环境攻坚行动" {
		t.Fatalf("sheet: %s", body)
	}
	if header.Get("Location") != "/api/v1/sheets/"+a.ID {
		t.Errorf("Location %q", header.Get("Location"))
	}
	status, body, _ = w.do("zhao", "GET", "/api/v1/sheets/"+a.ID, "")
	var again sheetAnswer
	if status != 200 || json.Unmarshal(body, &again) != nil || again.Content != c {
		t.Fatalf("read back: %d %s", status, body)
	}
	entries, _, err := w.db.AuditLog(context.Background(), store.AuditFilter{Action: "sheet.issued"})
	if err != nil || len(entries) != 1 || entries[0].Actor != "wang" || entries[0].Target != "sheet:"+a.ID {
		t.Fatalf("audit: %v %+v", err, entries)
	}

	for _, tc := range []struct {
		who, path, body string
		status          int
	}{
		{"zhao", "/api/v1/campaigns/c1/tasks/T1/sheets", `{"grade":"normal","note":"x"}`, http.StatusForbidden},
		{"wang", "/api/v1/campaigns/c1/tasks/T2/sheets", `{"grade":"normal","note":"x"}`, http.StatusForbidden}, // not T2's supervisor
		{"li", "/api/v1/campaigns/c1/tasks/T2/sheets", `{"grade":"normal","note":"x"}`, http.StatusCreated},     // the campaign's owner
		{"qian", "/api/v1/campaigns/c1/tasks/T3/sheets", `{"grade":"normal","note":"x"}`, http.StatusCreated},   // a manager
		{"li", "/api/v1/campaigns/c1/tasks/T2/sheets", `{"grade":"orange","note":"x"}`, http.StatusUnprocessableEntity},
		{"li", "/api/v1/campaigns/c1/tasks/T2/sheets", `{"grade":"normal","note":"  "}`, http.StatusUnprocessableEntity},
		{"li", "/api/v1/campaigns/c1/tasks/T9/sheets", `{"grade":"normal","note":"x"}`, http.StatusNotFound},
		{"li", "/api/v1/campaigns/c1/tasks/T5/sheets", `{"grade":"normal","note":"x"}`, http.StatusConflict}, // closed
		{"li", "/api/v1/campaigns/c9/tasks/T1/sheets", `{"grade":"normal","note":"x"}`, http.StatusNotFound},
	} {
		status, body, header := w.do(tc.who, "POST", tc.path, tc.body)
		if status != tc.status || (status >= 400 && header.Get("Content-Type") != "application/problem+json") {
			t.Errorf("%s %s %s: %d %s", tc.who, tc.path, tc.body, status, body)
		}
	}
	// The refusals took no number: the next is the fourth.
	status, body, _ = w.do("li", "POST", "/api/v1/campaigns/c1/tasks/T4/sheets", `{"grade":"normal","note":"x"}`)
	if status != http.StatusCreated || json.Unmarshal(body, &a) != nil || a.Seq != 4 {
		t.Fatalf("after the refusals: %d %s", status, body)
	}
	if status, body, _ := w.do("li", "GET", "/api/v1/sheets/nope", ""); status != http.StatusNotFound {
		t.Errorf("unknown sheet: %d %s", status, body)
	}
}

// A retried request with the same Idempotency-Key gets the same sheet and
// takes no second number.
func TestIssueSheetRetriedIsTheSameSheet(t *testing.T) {
	w := newSheetWorld(t, storetest.Postgres, api.Options{})
	send := func(key string) sheetAnswer {
		t.Helper()
		status, body, _ := w.do("li", "POST", "/api/v1/campaigns/c1/tasks/T2/sheets", `{"grade":"normal","note":"请反馈"}`, "Idempotency-Key", key)
		var a sheetAnswer
		if status != http.StatusCreated || json.Unmarshal(body, &a) != nil {
			t.Fatalf("%s: %d %s", key, status, body)
		}
		return a
	}
	first, retried, other := send("k-1"), send("k-1"), send("k-2")
	if retried.ID != first.ID || retried.Seq != 1 || other.Seq != 2 {
		t.Fatalf("first %s, retried %s, another key %s", first.Number, retried.Number, other.Number)
	}
	status, body, _ := w.do("li", "GET", "/api/v1/campaigns/c1/sheets", "")
	var list struct{ Items []sheetAnswer }
	if status != 200 || json.Unmarshal(body, &list) != nil || len(list.Items) != 2 {
		t.Fatalf("list: %d %s", status, body)
	}
}

// The PDF reads back with its number, title and task; without its font
// the answer is a 503 in the reader's language, not a PDF of empty boxes.
func TestSheetPDF(t *testing.T) {
	missing := newSheetWorld(t, storetest.SQLite, api.Options{PDFFont: filepath.Join(t.TempDir(), "none.ttf")})
	_, body, _ := missing.do("li", "POST", "/api/v1/campaigns/c1/tasks/T2/sheets", `{"grade":"red","note":"请反馈"}`)
	var a sheetAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatal(err, string(body))
	}
	status, body, header := missing.do("li", "GET", "/api/v1/sheets/"+a.ID+"?format=pdf", "")
	if status != http.StatusServiceUnavailable || header.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(body), "服务器未安装所需字体") {
		t.Errorf("no font, zh: %d %s", status, body)
	}
	status, body, _ = missing.do("li", "GET", "/api/v1/sheets/"+a.ID+"?format=pdf", "", "Accept-Language", "en")
	if status != http.StatusServiceUnavailable || !strings.Contains(string(body), "its fonts are not installed") {
		t.Errorf("no font, en: %d %s", status, body)
	}
	if status, body, _ := missing.do("li", "GET", "/api/v1/sheets/"+a.ID+"?format=doc", ""); status != http.StatusBadRequest {
		t.Errorf("format=doc: %d %s", status, body)
	}

	if !sheet.DefaultFonts.Available() {
		t.Skipf("the fonts %s and %s are not installed (apt-get install fonts-droid-fallback fonts-dejavu-core)", sheet.DefaultFont, sheet.DefaultLatinFont)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
	}
	w := newSheetWorld(t, storetest.SQLite, api.Options{})
	_, body, _ = w.do("li", "POST", "/api/v1/campaigns/c1/tasks/T2/sheets", `{"grade":"red","note":"请反馈"}`)
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatal(err, string(body))
	}
	status, pdf, header := w.do("zhao", "GET", "/api/v1/sheets/"+a.ID+"?format=pdf", "")
	if status != 200 || header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("pdf: %d %s", status, header)
	}
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"〔2026〕督办第1号", "红牌督办单", "企业开办事项<2>", "海口市"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
}
