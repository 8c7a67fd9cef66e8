package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/platform/store"
)

// testWorld is the fuzz targets' world for an ordinary test.
func testWorld(t *testing.T) *fuzzWorld {
	t.Helper()
	worldOnce.Do(func() { world, worldErr = buildWorld() })
	if worldErr != nil {
		t.Fatalf("build the world: %v", worldErr)
	}
	return world
}

// Units through the API: created by managers, refused to members, changed
// by admins (the rule's cases are in unitrights and the security battery),
// each wrong field named; read one with its people and children,
// and all; tasks listed by unit.
func TestUnitsAPI(t *testing.T) {
	w := testWorld(t)
	post := func(as, body string) *httptest.ResponseRecorder {
		t.Helper()
		r := w.send(as, "POST", "/api/v1/units", "application/json", []byte(body))
		checkAnswer(t, r, []byte(body))
		return r
	}
	decode := func(r *httptest.ResponseRecorder) store.Unit {
		t.Helper()
		var u store.Unit
		if err := json.Unmarshal(r.Body.Bytes(), &u); err != nil {
			t.Fatalf("%v: %s", err, r.Body)
		}
		return u
	}

	mustStatus(t, post("chen", `{"id":"t-prov","name":"Province"}`), http.StatusForbidden, "a member creates a unit")
	prov := decode(post("boss", `{"id":"t-prov","name":"Province"}`))
	if prov.ID != "t-prov" || prov.Members == nil || prov.Children == nil {
		t.Fatalf("created %+v", prov)
	}
	r := post("boss", `{"id":"t-city","name":"City","parent":"t-prov","head":"chen","contacts":["li"],"members":["li","wang","li"]}`)
	mustStatus(t, r, http.StatusCreated, "create a city")
	if city := decode(r); city.Head != "chen" || !slices.Equal(city.Contacts, []string{"li"}) || !slices.Equal(city.Members, []string{"li", "wang"}) {
		t.Fatalf("city %+v", city)
	}
	r = post("admin", `{"id":"t-city","name":"City","parent":"t-prov","members":["zhao"]}`)
	mustStatus(t, r, http.StatusOK, "replace the city")
	if city := decode(r); city.Head != "" || len(city.Contacts) != 0 || !slices.Equal(city.Members, []string{"zhao"}) {
		t.Fatalf("replaced city %+v", city)
	}

	for _, c := range []struct {
		body   string
		status int
		fields []string
	}{
		{`{"id":"Bad id!","name":" "}`, 422, []string{"id", "name"}},
		{`{"id":"t-x","name":"x","parent":"t-nope"}`, 422, []string{"parent"}},
		{`{"id":"t-x","name":"x","parent":"t-x"}`, 422, []string{"parent"}},
		{`{"id":"t-x","name":"x","head":"ghost","contacts":["li","ghost2"],"members":["ghost"]}`, 422, []string{"head", "contacts[1]"}},
		{`{"id":"t-x","name":"x","members":["unit:t-prov"]}`, 422, []string{"members[0]"}},
		{`{"id":"t-x","name":"x","children":["t-city"]}`, 400, []string{"children"}},
		{`{"id":"t-x","name":"x","members":"li"}`, 400, []string{"members"}},
	} {
		r := post("boss", c.body)
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
	if _, err := w.db.GetUnit(t.Context(), "t-x"); err == nil {
		t.Fatal("a refused unit was created")
	}
	// A cycle, sent by whom may move t-prov (an admin); boss may not
	// change t-prov at all, and learns no more than that.
	cycle := `{"id":"t-prov","name":"x","parent":"t-city"}`
	if r := post("admin", cycle); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), `"field":"parent"`) {
		t.Errorf("a cycle: answered %d %s, want 422 naming parent", r.Code, r.Body)
	}
	mustStatus(t, post("boss", cycle), http.StatusForbidden, "boss changes a unit they do not head")

	r = w.send("li", "GET", "/api/v1/units/t-prov", "", nil)
	mustStatus(t, r, http.StatusOK, "get a unit")
	if u := decode(r); !slices.Equal(u.Children, []string{"t-city"}) {
		t.Fatalf("unit t-prov: %+v", u)
	}
	r = w.send("li", "GET", "/api/v1/units/t-nope", "", nil)
	checkAnswer(t, r)
	mustStatus(t, r, http.StatusNotFound, "an unknown unit")
	r = w.send("li", "GET", "/api/v1/units", "", nil)
	mustStatus(t, r, http.StatusOK, "list units")
	var all list[store.Unit]
	if err := json.Unmarshal(r.Body.Bytes(), &all); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(all.Items, func(u store.Unit) bool { return u.ID == "t-city" && u.Parent == "t-prov" }) {
		t.Fatalf("units: %s", r.Body)
	}

	r = w.send("li", "GET", "/api/v1/tasks?unit=t-city", "", nil)
	mustStatus(t, r, http.StatusOK, "tasks of a unit")
	if !bytes.HasPrefix(r.Body.Bytes(), []byte(`{"items":[]`)) {
		t.Fatalf("tasks of t-city: %s", r.Body)
	}
	for _, q := range []string{"unit=bad%20id", "unit=unit:t-city", "parent=a/b"} {
		r = w.send("li", "GET", "/api/v1/tasks?"+q, "", nil)
		checkAnswer(t, r)
		mustStatus(t, r, http.StatusBadRequest, q)
	}
	r = w.send("li", "GET", "/api/v1/tasks?parent=t-progress&campaign="+fixtureCampaign, "", nil)
	mustStatus(t, r, http.StatusOK, "children of a task")
}

// unitIDs are the only units FuzzCreateUnit lets a body create.
var unitIDs = map[string]bool{"fz-unit-1": true, "fz-unit-2": true}

// FuzzCreateUnit posts units as a manager (POST /units).
func FuzzCreateUnit(f *testing.F) {
	for _, s := range []string{
		`{"id":"fz-unit-1","name":"一号","head":"chen","contacts":["li"],"members":["li","wang"]}`,
		`{"id":"fz-unit-2","name":"Two","parent":"fz-unit-1","members":["zhao"]}`,
		`{"id":"fz-unit-1","name":"cycle","parent":"fz-unit-2"}`,
		`{"id":"fz-unit-2","name":"self","parent":"fz-unit-2"}`,
		`{"id":"fz-unit-2","name":"ghost","members":["ghost"]}`,
		`{"id":"","name":""}`, `{"id":"x y","name":"x"}`, `{"id":"fz-unit-1","name":"nul\u0000"}`,
		`{"id":"fz-unit-1","name":"x","members":[null]}`, `{"id":"fz-unit-1","name":"x","parent":"../../etc"}`,
		`{"id":"x' OR '1'='1","name":"x"}`,
	} {
		f.Add([]byte(s))
	}
	for _, s := range badBodies {
		f.Add([]byte(s))
	}
	w := sharedWorld(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		if w == nil {
			t.Fatal("no world: see fuzzCoordinator")
		}
		var req unitRequest
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if dec.Decode(&req) == nil && len(req.validate()) == 0 && !unitIDs[req.ID] {
			t.Skip("a valid unit this target does not create")
		}
		checkAnswer(t, w.send("boss", "POST", "/api/v1/units", "application/json", body), body)
	})
}
