package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/store"
	"github.com/closeout/closeout/store/storetest"
)

// A revoked token authenticates no one; the person's other tokens still do,
// and revoking it again is no error.
func TestRevokeToken(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
			if err := db.CreatePerson(ctx, store.Person{ID: "li", Roles: []string{store.RoleMember}, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
			for _, h := range []string{"hash-a", "hash-b"} {
				if err := db.AddToken(ctx, "li", h, now); err != nil {
					t.Fatal(err)
				}
			}
			for range 2 {
				if err := db.RevokeToken(ctx, "hash-a"); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.PersonByTokenHash(ctx, "hash-a"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("the revoked token: %v, want ErrNotFound", err)
			}
			if p, err := db.PersonByTokenHash(ctx, "hash-b"); err != nil || p.ID != "li" {
				t.Fatalf("the other token: %+v %v, want li", p, err)
			}
		})
	}
}

// ListPeople lists people in id order, no more than asked for.
func TestListPeople(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	for _, id := range []string{"zhao", "li", "wang"} {
		if err := db.CreatePerson(ctx, store.Person{ID: id, Name: id, Roles: []string{store.RoleMember}}); err != nil {
			t.Fatal(err)
		}
	}
	people, err := db.ListPeople(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != 2 || people[0].ID != "li" || people[1].ID != "wang" {
		t.Fatalf("the first two people: %+v, want li and wang", people)
	}
}
