package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// A revoked token authenticates no one; the person's other tokens still do;
// revoking it again, or revoking another person's token, is ErrNotFound. An
// expired token authenticates no one and is not listed.
func TestRevokeToken(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
			for _, id := range []string{"li", "wang"} {
				if err := db.CreatePerson(ctx, store.Person{ID: id, Roles: []string{store.RoleMember}, CreatedAt: now}); err != nil {
					t.Fatal(err)
				}
			}
			soon := now.Add(time.Hour)
			for _, tok := range []store.Token{
				{ID: "tok_a", PersonID: "li", Label: "a", CreatedAt: now, ExpiresAt: &soon},
				{ID: "tok_b", PersonID: "li", Label: "b", CreatedAt: now, Service: true},
				{ID: "tok_c", PersonID: "li", Label: "c", CreatedAt: now, ExpiresAt: &soon},
			} {
				if err := db.IssueToken(ctx, tok, "hash-"+tok.Label); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.RevokeToken(ctx, "wang", "tok_a", now); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("wang revoking li's token: %v, want ErrNotFound", err)
			}
			if err := db.RevokeToken(ctx, "li", "tok_a", now); err != nil {
				t.Fatal(err)
			}
			if err := db.RevokeToken(ctx, "li", "tok_a", now); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("revoking it again: %v, want ErrNotFound", err)
			}
			if _, _, err := db.PersonByToken(ctx, "hash-a", now); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("the revoked token: %v, want ErrNotFound", err)
			}
			if p, use, err := db.PersonByToken(ctx, "hash-b", now); err != nil || p.ID != "li" || use.TokenID != "tok_b" {
				t.Fatalf("the other token: %+v %+v %v, want li's tok_b", p, use, err)
			}
			if _, _, err := db.PersonByToken(ctx, "hash-c", soon); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("the token at its expiry: %v, want ErrNotFound", err)
			}
			list, err := db.ListTokens(ctx, "li", soon)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].ID != "tok_b" || !list[0].Service || list[0].ExpiresAt != nil {
				t.Fatalf("li's tokens at the expiry: %+v, want the service token alone", list)
			}
		})
	}
}

// last_used_at is written at most once a TokenTouchEvery.
func TestTouchToken(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	if err := db.CreatePerson(ctx, store.Person{ID: "li", Roles: []string{store.RoleMember}, CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := db.IssueToken(ctx, store.Token{ID: "tok_a", PersonID: "li", CreatedAt: now, Service: true}, "hash-a"); err != nil {
		t.Fatal(err)
	}
	lastUsed := func() *time.Time {
		list, err := db.ListTokens(ctx, "li", now)
		if err != nil || len(list) != 1 {
			t.Fatalf("%+v %v", list, err)
		}
		return list[0].LastUsedAt
	}
	for i, at := range []time.Time{now, now.Add(30 * time.Second), now.Add(61 * time.Second)} {
		_, use, err := db.PersonByToken(ctx, "hash-a", at)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.TouchToken(ctx, use, at); err != nil {
			t.Fatal(err)
		}
		want := []time.Time{now, now, now.Add(61 * time.Second)}[i]
		if got := lastUsed(); got == nil || !got.Equal(want) {
			t.Fatalf("use %d at %s: last_used_at %v, want %s", i, at, got, want)
		}
	}
}

// Setting another bootstrap token revokes the one before; the same one
// again changes nothing; the old one again (a process restarted with it
// during a rotation) neither comes back nor revokes the new one.
func TestSetBootstrapToken(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
			if err := db.CreatePerson(ctx, store.Person{ID: "admin", Roles: []string{store.RoleAdmin}, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
			for i, step := range []struct {
				hash    string
				revoked int64
			}{{"hash-1", 0}, {"hash-1", 0}, {"hash-2", 1}, {"hash-1", 0}} { // the last: a process restarting with the old value
				n, err := db.SetBootstrapToken(ctx, "admin", step.hash, "CLOSEOUT_ADMIN_TOKEN", now)
				if err != nil || n != step.revoked {
					t.Fatalf("step %d: revoked %d (%v), want %d", i, n, err, step.revoked)
				}
			}
			if _, _, err := db.PersonByToken(ctx, "hash-1", now); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("the previous bootstrap token: %v, want ErrNotFound", err)
			}
			if p, _, err := db.PersonByToken(ctx, "hash-2", now.AddDate(10, 0, 0)); err != nil || p.ID != "admin" {
				t.Fatalf("the bootstrap token ten years on: %+v %v, want admin", p, err)
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

// Issuing and revoking a token, signing in and out are in the audit log,
// with their actor and the token's id, never a token or its hash.
func TestTokenAndSessionAudit(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
			ctx := audit.WithActor(context.Background(), "admin")
			if err := db.CreatePerson(ctx, store.Person{ID: "li", Roles: []string{store.RoleMember}, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
			exp := now.AddDate(0, 0, 90)
			if err := db.IssueToken(ctx, store.Token{ID: "tok_a", PersonID: "li", Label: "laptop", CreatedAt: now, ExpiresAt: &exp}, "hash-of-a"); err != nil {
				t.Fatal(err)
			}
			if err := db.OpenSession(ctx, "session-hash", store.Session{PersonID: "li", TokenID: "tok_a", CreatedAt: now, ExpiresAt: exp},
				map[string]any{"token_id": "tok_a"}); err != nil {
				t.Fatal(err)
			}
			if err := db.EndSession(ctx, "li", "session-hash", now); err != nil {
				t.Fatal(err)
			}
			if err := db.EndSession(ctx, "li", "session-hash", now); err != nil { // ended already: nothing recorded
				t.Fatal(err)
			}
			if err := db.RevokeToken(ctx, "li", "tok_a", now); err != nil {
				t.Fatal(err)
			}
			entries, _, err := db.AuditLog(ctx, store.AuditFilter{Target: audit.PersonTarget("li")})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				if strings.Contains(fmt.Sprint(e.Detail), "hash") {
					t.Errorf("%s holds a hash: %v", e.Action, e.Detail)
				}
				if strings.HasPrefix(e.Action, "token.") || strings.HasPrefix(e.Action, "session.") {
					got = append(got, e.Actor+" "+e.Action+" "+fmt.Sprint(e.Detail["token_id"]))
				}
			}
			want := []string{"admin token.revoked tok_a", "li session.signed_out <nil>", "li session.signed_in tok_a", "admin token.issued tok_a"}
			if !slices.Equal(got, want) {
				t.Fatalf("li's token and session entries, newest first:\n%q\nwant\n%q", got, want)
			}
		})
	}
}

// A replay record is answered for 24 hours; after that the key runs its
// request again, and pruning deletes the records past it.
func TestIdempotencyRecordsExpire(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	t0 := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	if r, err := db.ClaimIdempotencyKey(ctx, "li", "k", "h1", t0); err != nil || r != nil {
		t.Fatalf("first claim: %v %v", r, err)
	}
	if err := db.FinishIdempotencyKey(ctx, "li", "k", store.StoredResponse{Status: 201, Body: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	if r, err := db.ClaimIdempotencyKey(ctx, "li", "k", "h1", t0.Add(store.ReplayFor-time.Minute)); err != nil || r == nil || r.Status != 201 {
		t.Fatalf("a replay within 24 h: %v %v, want the stored 201", r, err)
	}
	if r, err := db.ClaimIdempotencyKey(ctx, "li", "k", "h2", t0.Add(store.ReplayFor)); err != nil || r != nil {
		t.Fatalf("the key 24 h on, with another request: %v %v, want a new claim", r, err)
	}
	if err := db.FinishIdempotencyKey(ctx, "li", "k", store.StoredResponse{Status: 201, Body: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	if n, err := db.PruneIdempotencyKeys(ctx, t0.Add(store.ReplayFor)); err != nil || n != 0 {
		t.Fatalf("pruning before the renewed record's time: %d %v, want 0", n, err)
	}
	if n, err := db.PruneIdempotencyKeys(ctx, t0.Add(2*store.ReplayFor+time.Millisecond)); err != nil || n != 1 {
		t.Fatalf("pruning after it: %d %v, want 1", n, err)
	}
}
