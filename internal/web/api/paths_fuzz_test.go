package api

import (
	"encoding/base64"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// Targets for what is not a body: the query of GET /tasks (filters, cursor,
// limit), ids in paths, and the Idempotency-Key header.

// FuzzListTasks fuzzes the raw query string of GET /tasks, forged cursors
// included.
func FuzzListTasks(f *testing.F) {
	forged := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, q := range []string{
		"", "campaign=fz", "campaign=fz&status=open&light=green&owner=li&track=a&flagged=false&limit=2",
		"limit=1", "limit=0", "limit=-1", "limit=501", "limit=99999999999999999999", "limit=1e3", "limit=0x10", "limit=%20%35",
		"status=done", "light=blue", "flagged=maybe", "approver=zhao",
		"cursor=garbage", "cursor=" + forged("fz\x00t-progress"), "cursor=" + forged("\xff\x00\xfe"), "cursor=" + forged("fz\x00a\x00b"),
		"cursor=" + forged("x' OR '1'='1\x00t"), "cursor=%00", "cursor=====",
		"campaign=%00", "owner=%ff%fe", "track=x%27%20OR%20%271%27%3D%271", "campaign=fz&campaign=other",
		"%zz=1", "a=%", ";;&&==", "campaign=" + strings.Repeat("a", 5000),
	} {
		f.Add(q)
	}
	w := sharedWorld(f)
	f.Fuzz(func(t *testing.T, query string) {
		if w == nil {
			t.Fatal("no world: see fuzzCoordinator")
		}
		r := w.send("chen", "GET", "/api/v1/tasks?"+query, "", nil)
		checkAnswer(t, r, []byte(query))
	})
}

// FuzzTaskIDs fuzzes the campaign and task ids in task paths: read the
// task, its events and its campaign's report, and report progress on it as
// its owner. The ids arrive as a server sees them once the path is decoded,
// so they may hold slashes, dots, NUL and any bytes. Only the fixture's
// t-progress task accepts the progress, which keeps the state bounded.
func FuzzTaskIDs(f *testing.F) {
	for _, ids := range [][2]string{
		{fixtureCampaign, "t-progress"}, {fixtureCampaign, "nope"}, {"nope", "t-progress"},
		{"fz\x00", "t-progress"}, {"fz", "t-progress\xff"}, {"fz", "t-progress\n"}, {"фз", "задача"},
		{"x' OR '1'='1", "1; DROP TABLE tasks"}, {"..", "../../etc/passwd"}, {"%2e%2e%2f", "%2F"},
		{"fz/t-progress", ""}, {"", ""}, {"fz", strings.Repeat("t", 3000)},
	} {
		f.Add(ids[0], ids[1])
	}
	w := sharedWorld(f)
	f.Fuzz(func(t *testing.T, campaign, task string) {
		if w == nil {
			t.Fatal("no world: see fuzzCoordinator")
		}
		input := []byte(campaign + task)
		base := "/api/v1/tasks/" + campaign + "/" + task
		checkAnswer(t, w.send("li", "GET", base, "", nil), input)
		checkAnswer(t, w.send("li", "GET", base+"/events", "", nil), input)
		checkAnswer(t, w.send("li", "GET", "/api/v1/campaigns/"+campaign+"/report?format=csv", "", nil), input)
		checkAnswer(t, w.send("li", "POST", base+"/progress", "application/json", []byte(`{"note":"ids"}`)), input)
	})
}

// keysUsed counts the usable Idempotency-Keys FuzzIdempotencyKey sent (each
// is kept in the store); past maxKeys they are skipped.
var keysUsed atomic.Int64

const maxKeys = 200

// FuzzIdempotencyKey fuzzes the Idempotency-Key header on an action whose
// answer the rules fix (a member asking to cancel: 403), so a repeat must get
// the same answer and any key either works or is refused with a 4xx.
func FuzzIdempotencyKey(f *testing.F) {
	for _, k := range []string{"k-1", "k-1", "", " ", "\t", "\xff\xfe", "é", "k\x7f", strings.Repeat("k", 255), strings.Repeat("k", 256),
		"x' OR '1'='1", "../../etc/passwd"} {
		f.Add(k)
	}
	w := sharedWorld(f)
	f.Fuzz(func(t *testing.T, key string) {
		if w == nil {
			t.Fatal("no world: see fuzzCoordinator")
		}
		if strings.ContainsAny(key, "\r\n\x00") {
			t.Skip("net/http itself refuses such header values before any handler")
		}
		if key != "" && len(key) <= 255 && printableASCII(key) && keysUsed.Add(1) > maxKeys {
			t.Skip("enough keys stored")
		}
		body := []byte(`{"reason":"idempotency"}`)
		path := taskActionPath("t-cancel", "cancel")
		first := w.send("chen", "POST", path, "application/json", body, "Idempotency-Key", key)
		checkAnswer(t, first, []byte(key))
		again := w.send("chen", "POST", path, "application/json", body, "Idempotency-Key", key)
		checkAnswer(t, again, []byte(key))
		if first.Code/100 == 2 {
			t.Fatalf("chen, who may not cancel, was let through: %s", first.Body)
		}
		if first.Code == http.StatusForbidden && (again.Code != first.Code || again.Body.String() != first.Body.String()) {
			t.Fatalf("a repeat with key %q answered %d %s, the first %d %s", key, again.Code, again.Body, first.Code, first.Body)
		}
	})
}
