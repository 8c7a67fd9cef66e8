package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store"
)

// A substitute window through the API: only the person or an admin sets
// one; each wrong field is named; the person reads it as active and the
// substitute sees whom they stand in for.
func TestSubstituteAPI(t *testing.T) {
	w := testWorld(t)
	id := fmt.Sprintf("t-sub-%d", time.Now().UnixNano()%1e9) // a person of this run only
	if err := w.db.CreatePerson(t.Context(), store.Person{ID: id, Name: "Sub", Roles: []string{store.RoleMember}, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/people/" + id + "/substitute"
	until := time.Now().Add(time.Hour).Format(time.RFC3339)
	past := time.Now().Add(-time.Hour).Format(time.RFC3339)
	for _, c := range []struct {
		body   string
		status int
		fields []string
	}{
		{`{"until":"` + until + `"}`, 422, []string{"substitute"}},
		{`{"substitute":"` + id + `","until":"` + until + `"}`, 422, []string{"substitute"}},
		{`{"substitute":"ghost","until":"` + until + `"}`, 422, []string{"substitute"}},
		{`{"substitute":"chen"}`, 422, []string{"until"}},
		{`{"substitute":"chen","until":"tomorrow"}`, 422, []string{"until"}},
		{`{"substitute":"chen","until":"` + past + `"}`, 422, []string{"until"}},
		{`{"substitute":"chen","from":"` + until + `","until":"` + until + `"}`, 422, []string{"until"}},
		{`{"substitute":"chen","from":"monday","until":"` + until + `"}`, 422, []string{"from"}},
		{`{"substitute":"chen","until":"` + until + `","note":"x"}`, 400, []string{"note"}},
	} {
		r := w.send("admin", "PUT", path, "application/json", []byte(c.body))
		checkAnswer(t, r, []byte(c.body))
		var p problemBody
		if err := json.Unmarshal(r.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		var fields []string
		for _, e := range p.Errors {
			fields = append(fields, e.Field)
		}
		if r.Code != c.status || !slices.Equal(fields, c.fields) {
			t.Errorf("%s: answered %d %s, want %d naming %v", c.body, r.Code, r.Body, c.status, c.fields)
		}
	}
	body := []byte(`{"substitute":"chen","until":"` + until + `","reason":"training"}`)
	mustStatus(t, w.send("li", "PUT", path, "application/json", body), http.StatusForbidden, "li names someone else's substitute")
	mustStatus(t, w.send("admin", "PUT", "/api/v1/people/ghost/substitute", "application/json", body), http.StatusNotFound, "an unknown person")
	r := w.send("admin", "PUT", path, "application/json", body)
	mustStatus(t, r, http.StatusCreated, "set the window")
	var set substitution
	if err := json.Unmarshal(r.Body.Bytes(), &set); err != nil || set.State != windowActive || set.Substitute != "chen" || set.CreatedBy != "admin" {
		t.Fatalf("set %+v %v", set, err)
	}

	r = w.send("chen", "GET", "/api/v1/people/chen/substitute", "", nil)
	mustStatus(t, r, http.StatusOK, "chen's windows")
	var chen substitutes
	if err := json.Unmarshal(r.Body.Bytes(), &chen); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(chen.StandsInFor, func(s substitution) bool { return s.ID == set.ID }) {
		t.Fatalf("chen does not stand in for %s: %s", id, r.Body)
	}
	r = w.send("admin", "DELETE", path, "", nil)
	mustStatus(t, r, http.StatusOK, "end the window")
	var ended substitution
	if err := json.Unmarshal(r.Body.Bytes(), &ended); err != nil || ended.State != windowOver || ended.EndedAt == nil {
		t.Fatalf("ended %+v %v", ended, err)
	}
}

// A person's settings: checked field by field on creation and on change,
// changed only by the person or an admin, and shown on /me at once.
func TestPersonSettingsAPI(t *testing.T) {
	w := testWorld(t)
	r := w.send("admin", "POST", "/api/v1/people", "application/json",
		[]byte(`{"id":"t-settings","name":"S","mobile":"138 0000","timezone":"Mars/Base","quiet_hours":"22:00","reminders":"weekly"}`))
	var p problemBody
	if err := json.Unmarshal(r.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, e := range p.Errors {
		fields = append(fields, e.Field)
	}
	if r.Code != http.StatusUnprocessableEntity || !slices.Equal(fields, []string{"mobile", "timezone", "quiet_hours", "reminders"}) {
		t.Fatalf("bad settings: %d %s", r.Code, r.Body)
	}
	mustStatus(t, w.send("chen", "PATCH", "/api/v1/people/li", "application/json", []byte(`{"reminders":"daily"}`)), http.StatusForbidden, "chen changes li")
	r = w.send("chen", "PATCH", "/api/v1/people/chen", "application/json", []byte(`{"quiet_hours":"22:00-22:00"}`))
	mustStatus(t, r, http.StatusUnprocessableEntity, "a window of no length")
	r = w.send("chen", "PATCH", "/api/v1/people/chen", "application/json", []byte(`{"quiet_hours":" 22:00-07:30 ","timezone":"Asia/Shanghai"}`))
	mustStatus(t, r, http.StatusOK, "chen changes chen")
	r = w.send("chen", "GET", "/api/v1/me", "", nil)
	var me store.Person
	if err := json.Unmarshal(r.Body.Bytes(), &me); err != nil || me.QuietHours != "22:00-07:30" || me.Timezone != "Asia/Shanghai" {
		t.Fatalf("me after the change: %s %v", r.Body, err)
	}
	mustStatus(t, w.send("chen", "PATCH", "/api/v1/people/chen", "application/json", []byte(`{"quiet_hours":"","timezone":""}`)), http.StatusOK, "clear them")
}
