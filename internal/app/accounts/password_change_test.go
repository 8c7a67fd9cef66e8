package accounts_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// Changing one's password needs the current one (a wrong one counts as a
// failed authentication), follows the invitation's policy, keeps the
// session that asked and ends the others, and is audited without either
// password.
func TestChangePassword(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			w, ctx := newWorld(t, kind), context.Background()
			if has, err := w.acc.HasPassword(ctx, "li"); err != nil || has {
				t.Fatalf("li has a password before the invitation: %v %v", has, err)
			}
			if err := w.acc.ChangePassword(ctx, "li", "s", goodPassword, goodPassword+"2", from); !errors.Is(err, accounts.ErrNoPassword) {
				t.Fatalf("no password yet: %v", err)
			}
			if _, err := w.acc.Accept(ctx, w.invite("li").Code, goodPassword, from); err != nil {
				t.Fatal(err)
			}
			here, err := w.acc.SignIn(ctx, "li", goodPassword, from)
			if err != nil {
				t.Fatal(err)
			}
			elsewhere, err := w.acc.SignIn(ctx, "li", goodPassword, from)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.acc.ChangePassword(ctx, "li", here.ID, "not the password", goodPassword+"2", from); !errors.Is(err, accounts.ErrWrongPassword) {
				t.Fatalf("a wrong current password: %v", err)
			}
			var weak *accounts.WeakPasswordError
			if err := w.acc.ChangePassword(ctx, "li", here.ID, goodPassword, "short", from); !errors.As(err, &weak) {
				t.Fatalf("a short new password: %v", err)
			}
			next := "a new and longer passphrase 蓝"
			if err := w.acc.ChangePassword(ctx, "li", here.ID, goodPassword, next, from); err != nil {
				t.Fatal(err)
			}
			if _, err := w.acc.Resolve(ctx, here.ID); err != nil {
				t.Fatalf("the session that changed it ended: %v", err)
			}
			if _, err := w.acc.Resolve(ctx, elsewhere.ID); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("another session stayed open: %v", err)
			}
			if _, err := w.acc.SignIn(ctx, "li", goodPassword, from); !errors.Is(err, accounts.ErrSignInFailed) {
				t.Fatalf("the old password still works: %v", err)
			}
			if _, err := w.acc.SignIn(ctx, "li", next, from); err != nil {
				t.Fatalf("the new password: %v", err)
			}
			entries, _, err := w.db.AuditLog(ctx, store.AuditFilter{Action: audit.PasswordSet})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 2 || entries[0].Actor != "li" || entries[0].Detail["by"] != "self" {
				t.Fatalf("password.set entries %+v", entries)
			}
			all, _, err := w.db.AuditLog(ctx, store.AuditFilter{Limit: store.MaxAuditPage})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range all {
				if s := strings.Join([]string{e.Actor, e.Target, fmtDetail(e.Detail)}, " "); strings.Contains(s, "passphrase") || strings.Contains(s, "battery") {
					t.Fatalf("an entry holds a password: %+v", e)
				}
			}
		})
	}
}

func fmtDetail(d map[string]any) string {
	var b strings.Builder
	for k, v := range d {
		b.WriteString(k)
		b.WriteString("=")
		if s, ok := v.(string); ok {
			b.WriteString(s)
		}
		b.WriteString(" ")
	}
	return b.String()
}
