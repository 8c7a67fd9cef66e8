package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"testing"
)

// personIDs are the only people FuzzCreatePerson lets a body create; a
// valid body for anyone else is skipped, so the fuzzing adds at most these.
var personIDs = map[string]bool{"fz-person-1": true, "fz-person-2": true}

// FuzzCreatePerson posts people as an admin (POST /people).
func FuzzCreatePerson(f *testing.F) {
	for _, s := range []string{
		`{"id":"fz-person-1","name":"Person One","email":"one@example.org","slack_id":"U01","roles":["manager"]}`,
		`{"id":"fz-person-2","name":"二号"}`,
		`{"id":"li","name":"exists already"}`,
		`{"id":"Upper","name":"x"}`, `{"id":"","name":""}`, `{"id":"fz-person-1","name":"x","roles":["root"]}`,
		`{"id":"fz-person-2","name":"x","roles":"admin"}`, `{"id":"fz-person-2","name":"nul\u0000","email":"\u0000"}`,
		`{"id":"x' OR '1'='1","name":"x"}`, `{"id":"../../etc/passwd","name":"x"}`,
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
		// Decoded and validated as the handler does, to tell whether the
		// body would create someone.
		var req personRequest
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if dec.Decode(&req) == nil && len(req.validate()) == 0 && !personIDs[req.ID] {
			t.Skip("a valid person this target does not create")
		}
		checkAnswer(t, w.send("admin", "POST", "/api/v1/people", "application/json", body), body)
	})
}

// tokensIssued counts the tokens FuzzIssueToken had issued; past
// maxTokensIssued it skips inputs that would issue another, so the store
// keeps a bounded number.
var tokensIssued atomic.Int64

const maxTokensIssued = 50

// FuzzIssueToken fuzzes the person id in POST /people/{id}/tokens, sent by a
// member: a token for themself is issued (201), one for anyone else refused
// (403). The id is put in the path as a client's would arrive decoded, so it
// may hold slashes, dots and any bytes.
func FuzzIssueToken(f *testing.F) {
	for _, id := range []string{"chen", "li", "nobody", "", ".", "..", "../../etc/passwd", "chen/../li", "chen%2fli",
		"x' OR '1'='1", "1; DROP TABLE people", "chen\x00", "chen\xff", "é", "chen\n", string(bytes.Repeat([]byte("a"), 5000))} {
		f.Add(id)
	}
	w := sharedWorld(f)
	f.Fuzz(func(t *testing.T, id string) {
		if w == nil {
			t.Fatal("no world: see fuzzCoordinator")
		}
		if id == "chen" && tokensIssued.Load() >= maxTokensIssued {
			t.Skip("enough tokens issued")
		}
		r := w.send("chen", "POST", "/api/v1/people/"+id+"/tokens", "", nil)
		checkAnswer(t, r, []byte(id))
		if r.Code == http.StatusCreated {
			if id != "chen" {
				t.Fatalf("chen was issued a token for %q: %s", id, r.Body)
			}
			tokensIssued.Add(1)
		}
	})
}
