package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/platform/store"
)

// addUnitTree adds 市政府 (gov, head wang) over 督查室 (ducha, head zhao)
// over 一科 (ke1).
func (f *fixture) addUnitTree(t *testing.T) {
	t.Helper()
	err := f.db.UpsertUnits(context.Background(), []store.Unit{
		{ID: "gov", Name: "市政府", Head: "wang", CreatedAt: testNow},
		{ID: "ducha", Name: "督查室", Parent: "gov", Head: "zhao", Members: []string{"zhou"}, CreatedAt: testNow},
		{ID: "ke1", Name: "一科", Parent: "ducha", CreatedAt: testNow},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The tree lists every unit after its parent, indented; the page offers
// to edit only the units the reader may change (section 15) and to create
// only to a manager or an admin.
func TestUnitsTreeOffersOnlyWhatIsAllowed(t *testing.T) {
	f := newFixture(t)
	f.addUnitTree(t)
	for _, tc := range []struct {
		person string
		edits  []string
		create bool
	}{
		{"root", []string{"gov", "ducha", "ke1"}, true},
		{"wang", []string{"gov", "ducha", "ke1"}, false},
		{"zhao", []string{"ducha", "ke1"}, false},
		{"zhou", nil, false},
	} {
		b := f.browser(t)
		b.signIn(tc.person)
		rec := b.get("/units")
		body := rec.Body.String()
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", tc.person, rec.Code)
		}
		assertOnlyLocalResources(t, "/units", body)
		gov, ducha, ke1 := strings.Index(body, `data-unit="gov" data-depth="0"`), strings.Index(body, `data-unit="ducha" data-depth="1"`),
			strings.Index(body, `data-unit="ke1" data-depth="2"`)
		if gov < 0 || ducha < gov || ke1 < ducha {
			t.Errorf("%s: the tree is not in order (%d %d %d)", tc.person, gov, ducha, ke1)
		}
		for _, u := range []string{"gov", "ducha", "ke1"} {
			offered := strings.Contains(body, `id="edit-`+u+`"`)
			want := false
			for _, e := range tc.edits {
				want = want || e == u
			}
			if offered != want {
				t.Errorf("%s: edit %s offered %v, want %v", tc.person, u, offered, want)
			}
		}
		if c := strings.Contains(body, `id="create-unit-form"`); c != tc.create {
			t.Errorf("%s: create offered %v", tc.person, c)
		}
	}
}

// The server checks the rule again whatever the page offered: a member
// cannot create a unit, the head of ducha cannot change gov (above them)
// but can change ke1 (below), and an admin creates a unit.
func TestUnitsWritesCheckedAgain(t *testing.T) {
	f := newFixture(t)
	f.addUnitTree(t)
	ctx := context.Background()

	member := f.browser(t)
	member.signIn("zhou")
	csrf := member.csrf("/units")
	if rec := member.post("/units", url.Values{"csrf": {csrf}, "id": {"new"}, "name": {"新单位"}}); rec.Code != http.StatusForbidden {
		t.Errorf("a member creating a unit: %d, want 403", rec.Code)
	}
	if rec := member.get("/units/ducha"); rec.Code != http.StatusForbidden {
		t.Errorf("a member opening the edit form: %d, want 403", rec.Code)
	}

	head := f.browser(t)
	head.signIn("zhao")
	csrf = head.csrf("/units")
	if rec := head.post("/units/gov", url.Values{"csrf": {csrf}, "name": {"改名"}}); rec.Code != http.StatusForbidden {
		t.Errorf("the head of ducha changing gov: %d, want 403", rec.Code)
	}
	if u, _ := f.db.GetUnit(ctx, "gov"); u.Name != "市政府" {
		t.Errorf("gov changed: %+v", u)
	}
	rec := head.post("/units/ke1", url.Values{"csrf": {csrf}, "name": {"督查一科"}, "parent": {"ducha"}, "head": {"li"}, "members": {"li, zhou"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/units/ke1?done=saved" {
		t.Fatalf("the head of ducha changing ke1: %d\n%s", rec.Code, rec.Body)
	}
	if u, _ := f.db.GetUnit(ctx, "ke1"); u.Name != "督查一科" || u.Head != "li" || len(u.Members) != 2 {
		t.Errorf("ke1 after the change: %+v", u)
	}
	// Moving ke1 to the top needs the right on the top's side too: refused.
	if rec := head.post("/units/ke1", url.Values{"csrf": {csrf}, "name": {"督查一科"}, "parent": {"gov"}}); rec.Code != http.StatusForbidden {
		t.Errorf("moving ke1 under gov: %d, want 403", rec.Code)
	}
	rec = head.post("/units/ke1", url.Values{"csrf": {csrf}, "name": {"督查一科"}, "parent": {"ducha"}, "head": {"nobody"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="problem-head"`) {
		t.Errorf("an unknown head: %d", rec.Code)
	}

	admin := f.browser(t)
	admin.signIn("root")
	csrf = admin.csrf("/units")
	rec = admin.post("/units", url.Values{"csrf": {csrf}, "id": {"ke2"}, "name": {"二科"}, "parent": {"ducha"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("an admin creating ke2: %d\n%s", rec.Code, rec.Body)
	}
	mustContain(t, admin.get("/units?done=created").Body.String(), `data-unit="ke2" data-depth="2"`, `id="flash"`)
	if rec := admin.post("/units", url.Values{"csrf": {csrf}, "id": {"ke2"}, "name": {"二科"}}); rec.Code != http.StatusConflict {
		t.Errorf("creating ke2 again: %d, want 409", rec.Code)
	}
	if rec := admin.post("/units/gov", url.Values{"csrf": {csrf}, "name": {"市政府"}, "parent": {"ke1"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("a cycle: %d, want 422", rec.Code)
	}
}
