package accounts_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// A claim maps by email (any case) or, for any other claim, by
// oidc_subject; an unverified email, a missing claim and an unknown
// person are refused; auto-creation makes a member whose id comes from the
// claim, unique, and who is found by the same claim next time.
func TestSignOnMapsClaims(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range []store.Person{
		{ID: "li", Name: "李明", Email: "li@example.gov.cn", Roles: []string{store.RoleMember}, CreatedAt: now},
		{ID: "wang", Name: "王芳", Roles: []string{store.RoleMember}, CreatedAt: now},
	} {
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	sub := "E1024"
	if _, err := db.UpdateAccount(ctx, "wang", store.AccountChange{OIDCSubject: &sub}, now); err != nil {
		t.Fatal(err)
	}
	byEmail := &accounts.SignOn{Store: db}
	if p, err := byEmail.Person(ctx, accounts.Claims{"email": "Li@Example.gov.cn", "email_verified": true}); err != nil || p.ID != "li" {
		t.Errorf("li by email: %v %v", p.ID, err)
	}
	for name, c := range map[string]struct {
		claims accounts.Claims
		want   error
	}{
		"unverified": {accounts.Claims{"email": "li@example.gov.cn", "email_verified": false}, accounts.ErrUnverified},
		"no claim":   {accounts.Claims{"sub": "x"}, accounts.ErrNoClaim},
		"unknown":    {accounts.Claims{"email": "li@elsewhere.org"}, accounts.ErrUnknown},
	} {
		if _, err := byEmail.Person(ctx, c.claims); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	bySubject := &accounts.SignOn{Store: db, Claim: "employee_id"}
	if p, err := bySubject.Person(ctx, accounts.Claims{"employee_id": "E1024", "email": "li@example.gov.cn"}); err != nil || p.ID != "wang" {
		t.Errorf("wang by employee_id: %v %v", p.ID, err)
	}

	create := &accounts.SignOn{Store: db, AutoCreate: accounts.AutoCreateMember, Now: func() time.Time { return now }}
	p, err := create.Person(ctx, accounts.Claims{"email": "li@other.example.org", "name": "李四"})
	if err != nil || p.ID != "li-2" || p.Name != "李四" || !p.Has(store.RoleMember) || p.Has(store.RoleAdmin) {
		t.Fatalf("auto-created: %+v %v, want li-2, a member named 李四", p, err)
	}
	if again, err := create.Person(ctx, accounts.Claims{"email": "li@other.example.org"}); err != nil || again.ID != "li-2" {
		t.Errorf("the second sign-on: %v %v, want li-2 again", again.ID, err)
	}
	createBySub := &accounts.SignOn{Store: db, Claim: "sub", AutoCreate: accounts.AutoCreateMember}
	p, err = createBySub.Person(ctx, accounts.Claims{"sub": "A/B 99"})
	if err != nil || p.ID != "a-b-99" {
		t.Fatalf("auto-created by sub: %+v %v", p, err)
	}
	if a, err := db.AccountByOIDCSubject(ctx, "A/B 99"); err != nil || a.ID != "a-b-99" {
		t.Errorf("the created person's subject: %v %v", a.ID, err)
	}
}
