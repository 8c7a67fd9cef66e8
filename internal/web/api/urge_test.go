package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
)

// An urge through the API: the supervisor's is taken (200, the task counts
// it); a second inside four working hours is 429 with Retry-After and the
// next time in the problem's detail, in either language; the owner may not
// urge (403).
func TestUrgeAPI(t *testing.T) {
	w := testWorld(t)
	campaign := fmt.Sprintf("fz-urge-%d", time.Now().UnixNano()%1e9) // a campaign of this run only
	if r := w.send("boss", "POST", "/api/v1/campaigns", "application/json", []byte(fixturePlan(campaign, "t-urge"))); r.Code != http.StatusCreated {
		t.Fatalf("import: %d %s", r.Code, r.Body)
	}
	path := "/api/v1/tasks/" + campaign + "/t-urge/" + task.Urge.Path
	r := w.send("zhao", "POST", path, "application/json", []byte(`{"note":"请本周内报送"}`))
	if r.Code != http.StatusOK {
		t.Fatalf("first urge: %d %s", r.Code, r.Body)
	}
	var v task.View
	if err := json.Unmarshal(r.Body.Bytes(), &v); err != nil || v.Urges != 1 {
		t.Fatalf("first urge answered %s (%v), want urges 1", r.Body, err)
	}

	for _, lang := range []struct{ accept, words string }{
		{"zh", "下次催办时间不早于"}, {"en", "the next urge is allowed from"},
	} {
		r = w.send("boss", "POST", path, "application/json", []byte(`{}`), "Accept-Language", lang.accept)
		if r.Code != http.StatusTooManyRequests {
			t.Fatalf("second urge (%s): %d %s", lang.accept, r.Code, r.Body)
		}
		// The campaign's calendar is "none": every day works, so the
		// window is four plain hours.
		secs, err := strconv.Atoi(r.Header().Get("Retry-After"))
		if err != nil || secs < 4*3600-60 || secs > 4*3600 {
			t.Errorf("second urge (%s): Retry-After %q, want about 4 hours", lang.accept, r.Header().Get("Retry-After"))
		}
		var p problemAnswer
		if err := json.Unmarshal(r.Body.Bytes(), &p); err != nil || !strings.Contains(p.Detail, lang.words) {
			t.Errorf("second urge (%s): problem %s", lang.accept, r.Body)
		}
	}
	if r := w.send("li", "POST", path, "application/json", []byte(`{}`)); r.Code != http.StatusForbidden {
		t.Errorf("the owner urges: %d %s", r.Code, r.Body)
	}
}
