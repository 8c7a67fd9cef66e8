package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// A deactivated person's password opens nothing and their open invitation
// link goes: deactivation ends every way they sign in.
func TestDeactivationEndsPasswordsAndInvitations(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
			if err := db.CreatePerson(ctx, store.Person{ID: "li", Roles: []string{store.RoleMember}, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
			inv := store.Invitation{PersonID: "li", IssuedBy: "admin", CreatedAt: now, ExpiresAt: now.Add(72 * time.Hour)}
			if err := db.IssueInvitation(ctx, "code-1", inv); err != nil {
				t.Fatal(err)
			}
			if _, err := db.AcceptInvitation(ctx, "code-1", "argon2id-hash", now); err != nil {
				t.Fatal(err)
			}
			if _, hash, err := db.PasswordOf(ctx, "li"); err != nil || hash != "argon2id-hash" {
				t.Fatalf("li's password before: %q, %v", hash, err)
			}
			if err := db.IssueInvitation(ctx, "code-2", inv); err != nil {
				t.Fatal(err)
			}
			off := false
			if _, err := db.UpdateAccount(ctx, "li", store.AccountChange{Active: &off}, now); err != nil {
				t.Fatal(err)
			}
			if _, _, err := db.PasswordOf(ctx, "li"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("a deactivated person's password: %v, want ErrNotFound", err)
			}
			if _, _, err := db.InvitationFor(ctx, "code-2", now); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("a deactivated person's invitation: %v, want ErrNotFound", err)
			}
		})
	}
}
