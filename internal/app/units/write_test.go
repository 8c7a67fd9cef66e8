package units

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/unitrights"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// Write checks the fields, then the right, then what the unit names, and
// writes only what passed all three.
func TestWrite(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, storetest.SQLite)
	now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	people := map[string][]string{"boss": {store.RoleAdmin}, "mgr": {store.RoleManager}, "li": {store.RoleMember}, "zhao": {store.RoleMember}}
	for id, roles := range people {
		if err := db.CreatePerson(ctx, store.Person{ID: id, Name: id, Roles: roles, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	as := func(id string) store.Person { return store.Person{ID: id, Roles: people[id]} }

	_, _, err := Write(ctx, db, as("li"), Unit{ID: "gov", Name: "市政府"}, false, now)
	var refused *unitrights.Refusal
	if !errors.As(err, &refused) || refused.Rule != unitrights.RuleCreate {
		t.Fatalf("a member creating: %v", err)
	}
	u, created, err := Write(ctx, db, as("mgr"), Unit{ID: "gov", Name: "市政府", Head: "zhao"}, false, now)
	if err != nil || !created || u.Head != "zhao" {
		t.Fatalf("a manager creating: %+v %v %v", u, created, err)
	}
	if _, created, err := Write(ctx, db, as("zhao"), Unit{ID: "ke1", Name: "一科", Parent: "gov", Members: []string{"li"}}, false, now); err == nil || created {
		t.Fatalf("a member (head of gov) creating a unit: %v", err)
	}
	if _, _, err := Write(ctx, db, as("boss"), Unit{ID: "ke1", Name: "一科", Parent: "gov", Members: []string{"nobody"}}, false, now); !isInvalid(err, ProblemUnknownPerson) {
		t.Fatalf("an unknown member: %v", err)
	}
	if _, _, err := Write(ctx, db, as("boss"), Unit{ID: "ke1", Name: "一科", Parent: "gov"}, false, now); err != nil {
		t.Fatal(err)
	}
	if _, created, err := Write(ctx, db, as("zhao"), Unit{ID: "ke1", Name: "督查一科", Parent: "gov"}, true, now); err != nil || created {
		t.Fatalf("the head of gov changing ke1 below: %v", err)
	}
	if _, _, err := Write(ctx, db, as("boss"), Unit{ID: "gov", Name: "市政府", Parent: "ke1"}, true, now); !isInvalid(err, ProblemCycle) {
		t.Fatalf("a cycle: %v", err)
	}
	if _, _, err := Write(ctx, db, as("boss"), Unit{ID: "nosuch", Name: "x"}, true, now); !errors.Is(err, ErrNotFound) {
		t.Fatalf("changing a unit that does not exist: %v", err)
	}
	if _, _, err := Write(ctx, db, as("boss"), Unit{ID: "bad id", Name: " "}, false, now); !isInvalid(err, ProblemBadID) || !isInvalid(err, ProblemNoName) {
		t.Fatalf("bad fields: %v", err)
	}
}

func isInvalid(err error, code string) bool {
	var invalid *InvalidError
	if !errors.As(err, &invalid) {
		return false
	}
	for _, p := range invalid.Problems {
		if p.Code == code {
			return true
		}
	}
	return false
}

// Each problem says what is wrong in both languages, as the API answers it.
func TestProblemsInBothLanguages(t *testing.T) {
	got := Validate(Unit{ID: "gov", Name: strings.Repeat("县", MaxName+1), Parent: "gov/x"})
	want := []struct{ field, en, zh string }{
		{"name", "is too long: at most 200 characters", "太长：最多 200 个字符"},
		{"parent", "must be a unit id, matching " + ID.String(), "须为单位编号，符合 " + ID.String()},
	}
	if len(got) != len(want) {
		t.Fatalf("problems %+v", got)
	}
	for i, w := range want {
		if p := got[i]; p.Field != w.field || p.Text().In(i18n.EN) != w.en || p.Text().In(i18n.ZH) != w.zh {
			t.Errorf("problem %d: %+v, want %+v", i, p, w)
		}
	}
}
