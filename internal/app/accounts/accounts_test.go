package accounts_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

const goodPassword = "correct horse battery staple 马"

// world is accounts over a real store of each kind, with li (a member) and
// a clock the test moves.
type world struct {
	t   *testing.T
	db  *store.DB
	acc *accounts.Accounts
	now time.Time
}

func newWorld(t *testing.T, kind string) *world {
	w := &world{t: t, db: storetest.Open(t, kind), now: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	for _, id := range []string{"admin", "li"} {
		if err := w.db.CreatePerson(context.Background(), store.Person{ID: id, Name: id, Roles: []string{store.RoleMember}, CreatedAt: w.now}); err != nil {
			t.Fatal(err)
		}
	}
	w.acc = &accounts.Accounts{Store: w.db, Guard: auth.NewGuard(nil, nil, w.db), Now: func() time.Time { return w.now }}
	return w
}

var from = accounts.Client{Channel: "api", Addr: "192.0.2.7"}

func (w *world) invite(person string) accounts.Invitation {
	w.t.Helper()
	inv, err := w.acc.Invite(context.Background(), person, "admin")
	if err != nil {
		w.t.Fatal(err)
	}
	return inv
}

// An invitation sets a password once; the password signs in; the session
// holds while used and ends after eight idle hours or seven days.
func TestInvitationPasswordSession(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			w, ctx := newWorld(t, kind), context.Background()
			inv := w.invite("li")
			if !inv.ExpiresAt.Equal(w.now.Add(72*time.Hour)) || !strings.HasPrefix(inv.URL("https://x.example"), "https://x.example/invitations/ci_") {
				t.Fatalf("invitation %+v", inv)
			}
			if p, _, err := w.acc.InvitationFor(ctx, inv.Code); err != nil || p.ID != "li" {
				t.Fatalf("the link is for %q, %v", p.ID, err)
			}
			var weak *accounts.WeakPasswordError
			if _, err := w.acc.Accept(ctx, inv.Code, "short", from); !errors.As(err, &weak) || weak.Reason != accounts.ReasonTooShort {
				t.Fatalf("a short password: %v", err)
			}
			if _, err := w.acc.Accept(ctx, inv.Code, "Qwerty123456", from); !errors.As(err, &weak) || weak.Reason != accounts.ReasonCommon {
				t.Fatalf("a common password: %v", err)
			}
			if p, err := w.acc.Accept(ctx, inv.Code, goodPassword, from); err != nil || p.ID != "li" {
				t.Fatalf("accept: %v", err)
			}
			if _, err := w.acc.Accept(ctx, inv.Code, goodPassword+"!", from); !errors.Is(err, accounts.ErrUnknownInvitation) {
				t.Fatalf("the link used twice: %v", err)
			}
			if _, err := w.acc.SignIn(ctx, "li", goodPassword+"x", from); !errors.Is(err, accounts.ErrSignInFailed) {
				t.Fatalf("a wrong password: %v", err)
			}
			if _, err := w.acc.SignIn(ctx, "nobody", goodPassword, from); !errors.Is(err, accounts.ErrSignInFailed) {
				t.Fatalf("an unknown id: %v", err)
			}
			if _, err := w.acc.SignIn(ctx, "admin", goodPassword, from); !errors.Is(err, accounts.ErrSignInFailed) {
				t.Fatalf("a person without a password: %v", err)
			}

			a, err := w.acc.SignIn(ctx, "li", goodPassword, from)
			if err != nil || a.Person.ID != "li" || !a.ExpiresAt.Equal(w.now.Add(auth.SessionMax)) {
				t.Fatalf("sign in: %+v %v", a, err)
			}
			b, _ := w.acc.SignIn(ctx, "li", goodPassword, from)
			resolves := func(id string) bool {
				_, err := w.acc.Resolve(ctx, id)
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					t.Fatal(err)
				}
				return err == nil
			}
			// Used every seven hours, a session lasts; after eight idle hours it
			// is over.
			for range 3 {
				w.now = w.now.Add(7 * time.Hour)
				if !resolves(a.ID) {
					t.Fatal("a session used every 7 hours ended")
				}
			}
			if resolves(b.ID) {
				t.Fatal("a session unused for 21 hours still opens")
			}
			// Used every seven hours, it still ends seven days after it began.
			for w.now.Before(a.ExpiresAt.Add(-7 * time.Hour)) {
				w.now = w.now.Add(7 * time.Hour)
				if !resolves(a.ID) {
					t.Fatalf("a session used every 7 hours ended at %s", w.now)
				}
			}
			w.now = a.ExpiresAt
			if resolves(a.ID) {
				t.Fatal("a session opens after seven days")
			}
		})
	}
}

// Signing out ends that session and no other.
func TestSignOutEndsOneSession(t *testing.T) {
	w, ctx := newWorld(t, storetest.SQLite), context.Background()
	if _, err := w.acc.Accept(ctx, w.invite("li").Code, goodPassword, from); err != nil {
		t.Fatal(err)
	}
	a, _ := w.acc.SignIn(ctx, "li", goodPassword, from)
	b, _ := w.acc.SignIn(ctx, "li", goodPassword, from)
	if err := w.acc.SignOut(ctx, "li", a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.acc.Resolve(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the signed-out session: %v", err)
	}
	if p, err := w.acc.Resolve(ctx, b.ID); err != nil || p.ID != "li" {
		t.Fatalf("the other session: %v", err)
	}
}

// A new invitation (a reset) ends the link before it; setting the password
// ends the person's sessions.
func TestResetByNewInvitation(t *testing.T) {
	w, ctx := newWorld(t, storetest.SQLite), context.Background()
	if _, err := w.acc.Accept(ctx, w.invite("li").Code, goodPassword, from); err != nil {
		t.Fatal(err)
	}
	s, _ := w.acc.SignIn(ctx, "li", goodPassword, from)
	old, reset := w.invite("li"), w.invite("li")
	if _, err := w.acc.Accept(ctx, old.Code, "another good passphrase", from); !errors.Is(err, accounts.ErrUnknownInvitation) {
		t.Fatalf("the replaced link: %v", err)
	}
	if _, err := w.acc.Accept(ctx, reset.Code, "another good passphrase", from); err != nil {
		t.Fatal(err)
	}
	if _, err := w.acc.Resolve(ctx, s.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a session from before the reset: %v", err)
	}
	if _, err := w.acc.SignIn(ctx, "li", goodPassword, from); !errors.Is(err, accounts.ErrSignInFailed) {
		t.Fatal("the old password still signs in")
	}
	if _, err := w.acc.SignIn(ctx, "li", "another good passphrase", from); err != nil {
		t.Fatal(err)
	}
	// An invitation past its 72 hours opens nothing.
	late := w.invite("li")
	w.now = w.now.Add(accounts.InvitationLife)
	if _, _, err := w.acc.InvitationFor(ctx, late.Code); !errors.Is(err, accounts.ErrUnknownInvitation) {
		t.Fatalf("an expired link: %v", err)
	}
	if _, err := w.acc.Invite(ctx, "nobody", "admin"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("inviting nobody: %v", err)
	}
}

// Wrong passwords take from the address's budget: after twenty a minute
// even the right one is refused, until the budget refills.
func TestWrongPasswordsLimited(t *testing.T) {
	w, ctx := newWorld(t, storetest.SQLite), context.Background()
	if _, err := w.acc.Accept(ctx, w.invite("li").Code, goodPassword, from); err != nil {
		t.Fatal(err)
	}
	for i := range auth.FailuresPerMinute {
		if _, err := w.acc.SignIn(ctx, "li", "wrong password number "+string(rune('a'+i)), from); !errors.Is(err, accounts.ErrSignInFailed) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	var refused *accounts.RefusedError
	if _, err := w.acc.SignIn(ctx, "li", goodPassword, from); !errors.As(err, &refused) || refused.Wait <= 0 {
		t.Fatalf("the 21st attempt: %v", err)
	}
	if _, err := w.acc.SignIn(ctx, "li", goodPassword, accounts.Client{Channel: "api", Addr: "198.51.100.1"}); err != nil {
		t.Fatalf("another address: %v", err)
	}
	w.now = w.now.Add(refused.Wait)
	if _, err := w.acc.SignIn(ctx, "li", goodPassword, from); err != nil {
		t.Fatalf("after Retry-After: %v", err)
	}
}

// Every step is in the audit log, and no entry holds a password or a code.
func TestAccountsAudited(t *testing.T) {
	w, ctx := newWorld(t, storetest.SQLite), context.Background()
	inv := w.invite("li")
	if _, err := w.acc.Accept(ctx, inv.Code, goodPassword, from); err != nil {
		t.Fatal(err)
	}
	if _, err := w.acc.SignIn(ctx, "li", "not the password at all", from); err == nil {
		t.Fatal("a wrong password signed in")
	}
	s, err := w.acc.SignIn(ctx, "li", goodPassword, from)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.acc.SignOut(ctx, "li", s.ID); err != nil {
		t.Fatal(err)
	}
	entries, _, err := w.db.AuditLog(ctx, store.AuditFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Actor+" "+e.Action)
		for k, v := range e.Detail {
			if s := k + "=" + toString(v); strings.Contains(s, goodPassword) || strings.Contains(s, inv.Code) || strings.Contains(s, "not the password") {
				t.Errorf("entry %s holds a secret: %s", e.Action, s)
			}
		}
	}
	want := []string{"li " + audit.SessionSignedOut, "li " + audit.SessionSignedIn, auth.Anonymous + " " + audit.SessionSignInFailed,
		"li " + audit.PasswordSet, "admin " + audit.InvitationIssued}
	if strings.Join(got[:len(want)], ", ") != strings.Join(want, ", ") {
		t.Fatalf("audit log %v, want it to begin %v", got, want)
	}
}

func toString(v any) string {
	s, _ := v.(string)
	return s
}

// A refused password says why in both languages.
func TestWeakPasswordWordedInBothLanguages(t *testing.T) {
	var weak *accounts.WeakPasswordError
	if err := accounts.CheckPassword("short"); !errors.As(err, &weak) {
		t.Fatalf("a short password: %v", err)
	}
	if got := weak.Text(); got.In(i18n.EN) != "must be at least 12 characters" || got.In(i18n.ZH) != "至少须 12 个字符" {
		t.Errorf("got %+v", got)
	}
}
