package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/routers/legacy"
)

// A plan's scoring: and its units' classes go through the import like any
// field: a bad value is 422 at its field, worded in the reader's language,
// and a good plan matches the documented Plan. The scores and an
// adjustment are answered as the document says, in every format.
func TestScoringThroughTheImportAndTheContract(t *testing.T) {
	doc := loadOpenAPI(t)
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	w := testWorld(t)
	campaign := fmt.Sprintf("score-%d", time.Now().UnixNano()%1e9)
	planWith := func(scoring, class string) string {
		return fmt.Sprintf(`{"id":%q,"title":"scores","owner":"boss","timezone":"Asia/Shanghai","calendar":"none","start":"2026-01-01",
			"units":[{"id":%q,"name":"海口市","class":%s}],
			"scoring":%s,
			"tracks":[{"id":"a","title":"A","tasks":[{"id":"T1","title":"one","owner":"unit:%s","supervisor":"zhao","deadline":"2099-12-31"}]}]}`,
			campaign, campaign+"-hk", class, scoring, campaign+"-hk")
	}

	bad := planWith(`{"overdue_cap":-1,"per_return":"a lot"}`, `""`)
	r := w.send("boss", "POST", "/api/v1/campaigns?dry_run=true", "application/json", []byte(bad), "Accept-Language", "zh")
	var refusal struct {
		Errors []struct{ Field, Message string } `json:"errors"`
	}
	if r.Code != http.StatusUnprocessableEntity || json.Unmarshal(r.Body.Bytes(), &refusal) != nil {
		t.Fatalf("a bad scoring: %d %s", r.Code, r.Body)
	}
	fields := map[string]string{}
	for _, e := range refusal.Errors {
		fields[e.Field] = e.Message
	}
	if fields["scoring.overdue_cap"] != "不能为负数：它是一项任务因逾期最多扣的分（0 表示不封顶）" || fields["scoring.per_return"] == "" || fields["units[0].class"] == "" || len(fields) != 3 {
		t.Errorf("errors = %+v, want scoring.overdue_cap (in Chinese), scoring.per_return and units[0].class", refusal.Errors)
	}

	good := planWith(`{"closed_on_time":2,"overdue_cap":0}`, `"市县"`)
	send := func(as, method, path, body string, want int) {
		t.Helper()
		r := w.send(as, method, path, "application/json", []byte(body))
		if r.Code != want {
			t.Fatalf("%s %s: %d, want %d: %.500s", method, path, r.Code, want, r.Body)
		}
		contentType := "application/json"
		if body == "" {
			contentType = ""
		}
		validateExchange(t, router, as, w.tokens[as], method, path, contentType, body, r)
	}
	send("boss", "POST", "/api/v1/campaigns?dry_run=true", good, http.StatusOK)
	send("boss", "POST", "/api/v1/campaigns", good, http.StatusCreated)
	adjust := "/api/v1/campaigns/" + campaign + "/scores/adjustments"
	send("boss", "POST", adjust, fmt.Sprintf(`{"unit":%q,"points":1.5,"reason":"经验被推广"}`, campaign+"-hk"), http.StatusCreated)
	send("li", "POST", adjust, fmt.Sprintf(`{"unit":%q,"points":1,"reason":"x"}`, campaign+"-hk"), http.StatusForbidden)
	send("li", "GET", "/api/v1/campaigns/"+campaign+"/scores?class=市县", "", http.StatusOK)
	// The validator decodes JSON bodies only: the documents are checked
	// for their status and media type, which the document lists.
	for format, media := range map[string]string{"md": "text/markdown", "csv": "text/csv", "xlsx": ledgerContentType} {
		r := w.send("li", "GET", "/api/v1/campaigns/"+campaign+"/scores?class=市县&format="+format, "", nil)
		content := doc.Paths.Find("/api/v1/campaigns/{campaign}/scores").Get.Responses.Status(http.StatusOK).Value.Content
		if r.Code != http.StatusOK || !strings.HasPrefix(r.Header().Get("Content-Type"), media) || content.Get(media) == nil {
			t.Errorf("format=%s: %d %q (documented: %v)", format, r.Code, r.Header().Get("Content-Type"), content.Get(media) != nil)
		}
	}
}
