package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

func accountIDs(list []store.Account) []string {
	out := []string{}
	for _, a := range list {
		out = append(out, a.ID)
	}
	return out
}

// The people list filters by a part of the id or the name (Chinese too),
// unit, role and whether active, and pages by id.
func TestListAccounts(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
			for _, p := range []store.Person{
				{ID: "li", Name: "李明", Roles: []string{store.RoleMember}},
				{ID: "wang", Name: "王芳", Roles: []string{store.RoleManager}},
				{ID: "zhang", Name: "张明华", Roles: []string{store.RoleMember, store.RoleAdmin}},
				{ID: "x_1", Name: "Percent 100%", Roles: []string{store.RoleMember}},
			} {
				p.CreatedAt = now
				if err := db.CreatePerson(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.UpsertUnits(ctx, []store.Unit{{ID: "hn", Name: "湖南", Head: "wang", Members: []string{"li"}, CreatedAt: now}}); err != nil {
				t.Fatal(err)
			}
			off := false
			if _, err := db.UpdateAccount(ctx, "x_1", store.AccountChange{Active: &off}, now); err != nil {
				t.Fatal(err)
			}
			on := true
			for _, c := range []struct {
				name string
				f    store.PeopleFilter
				want []string
			}{
				{"all", store.PeopleFilter{}, []string{"li", "wang", "x_1", "zhang"}},
				{"chinese", store.PeopleFilter{Q: "明"}, []string{"li", "zhang"}},
				{"id any case", store.PeopleFilter{Q: "WAN"}, []string{"wang"}},
				{"wildcards literal", store.PeopleFilter{Q: "_"}, []string{"x_1"}},
				{"percent literal", store.PeopleFilter{Q: "0%"}, []string{"x_1"}},
				{"unit with head", store.PeopleFilter{Unit: "hn"}, []string{"li", "wang"}},
				{"role", store.PeopleFilter{Role: store.RoleAdmin}, []string{"zhang"}},
				{"active", store.PeopleFilter{Active: &on}, []string{"li", "wang", "zhang"}},
				{"inactive", store.PeopleFilter{Active: &off}, []string{"x_1"}},
			} {
				got, next, err := db.ListAccounts(ctx, c.f)
				if err != nil || next != "" || !slices.Equal(accountIDs(got), c.want) {
					t.Errorf("%s: %v next %q %v, want %v", c.name, accountIDs(got), next, err, c.want)
				}
			}
			var pages [][]string
			cursor := ""
			for {
				got, next, err := db.ListAccounts(ctx, store.PeopleFilter{Limit: 3, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				pages = append(pages, accountIDs(got))
				if next == "" {
					break
				}
				cursor = next
			}
			if len(pages) != 2 || !slices.Equal(pages[0], []string{"li", "wang", "x_1"}) || !slices.Equal(pages[1], []string{"zhang"}) {
				t.Errorf("pages %v", pages)
			}
			li, err := db.GetAccount(ctx, "wang")
			if err != nil || !li.Active || !slices.Equal(li.Units, []string{"hn"}) {
				t.Errorf("wang: %+v %v, want active, head of hn", li, err)
			}
		})
	}
}

// An admin's change of roles, record and units is audited field by field;
// deactivation revokes the tokens, ends the sessions, and the person
// authenticates with nothing afterwards, Slack included; the handover lists
// their open tasks, the sign-offs waiting for them and the units they head.
func TestDeactivateAccount(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := audit.WithActor(context.Background(), "admin")
			now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
			for _, id := range []string{"admin", "li", "wang"} {
				if err := db.CreatePerson(ctx, store.Person{ID: id, Name: id, SlackID: "U" + id, Roles: []string{store.RoleMember}, CreatedAt: now}); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.UpsertUnits(ctx, []store.Unit{
				{ID: "hn", Name: "湖南", Head: "li", CreatedAt: now},
				{ID: "cs", Name: "长沙", Parent: "hn", Contacts: []string{"li"}, CreatedAt: now},
			}); err != nil {
				t.Fatal(err)
			}
			if err := db.IssueToken(ctx, store.Token{ID: "tok_li", PersonID: "li", CreatedAt: now, Service: true}, "hash-li"); err != nil {
				t.Fatal(err)
			}
			if err := db.OpenSession(ctx, "sess-li", store.Session{PersonID: "li", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, nil); err != nil {
				t.Fatal(err)
			}
			open := task.View{Campaign: "c1", ID: "a", Title: "A", Owner: "li", Status: task.StatusOpen, Light: task.LightGreen, Version: 1, Deadline: now}
			submitted := task.View{Campaign: "c1", ID: "b", Title: "B", Owner: "wang", CurrentApprover: "li", Status: task.StatusSubmitted, Light: task.LightGreen, Version: 1, Deadline: now}
			closed := task.View{Campaign: "c1", ID: "c", Title: "C", Owner: "li", Status: task.StatusClosed, Light: task.LightGreen, Version: 1, Deadline: now}
			if err := db.SeedTasks(ctx, []task.View{open, submitted, closed}); err != nil {
				t.Fatal(err)
			}

			name, subject := "李明", "sub-li"
			got, err := db.UpdateAccount(ctx, "li", store.AccountChange{Name: &name, OIDCSubject: &subject,
				Roles: []string{store.RoleManager, store.RoleMember}, Units: []string{"cs"}}, now)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != name || !got.Has(store.RoleManager) || !slices.Equal(got.Units, []string{"cs", "hn"}) {
				t.Errorf("after the change: %+v", got)
			}
			if p, err := db.AccountByOIDCSubject(ctx, "sub-li"); err != nil || p.ID != "li" || !p.Active {
				t.Errorf("by subject: %v %v", p.ID, err)
			}
			if _, err := db.UpdateAccount(ctx, "wang", store.AccountChange{OIDCSubject: &subject}, now); !errors.Is(err, store.ErrOIDCSubjectTaken) {
				t.Errorf("a second person with li's subject: %v", err)
			}
			var unknown *store.UnknownUnitError
			if _, err := db.UpdateAccount(ctx, "li", store.AccountChange{Units: []string{"nowhere"}}, now); !errors.As(err, &unknown) {
				t.Errorf("a unit that does not exist: %v", err)
			}
			cs, _ := db.GetUnit(ctx, "cs")
			if !slices.Equal(cs.Members, []string{"li"}) || !slices.Equal(cs.Contacts, []string{"li"}) {
				t.Errorf("cs: %+v", cs)
			}

			off := false
			later := now.Add(time.Minute)
			got, err = db.UpdateAccount(ctx, "li", store.AccountChange{Active: &off, Units: []string{}}, later)
			if err != nil {
				t.Fatal(err)
			}
			if got.Active || got.DeactivatedAt == nil || !got.DeactivatedAt.Equal(later) {
				t.Errorf("deactivated: %+v", got)
			}
			cs, _ = db.GetUnit(ctx, "cs")
			if len(cs.Members) != 0 || !slices.Equal(cs.Contacts, []string{"li"}) {
				t.Errorf("cs after li left its members: %+v, want li a contact still", cs)
			}
			if _, _, err := db.PersonByToken(ctx, "hash-li", later); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("li's token: %v", err)
			}
			if _, err := db.PersonBySession(ctx, "sess-li", later, time.Hour); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("li's session: %v", err)
			}
			if _, err := db.PersonBySlackID(ctx, "Uli"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("li on Slack: %v", err)
			}
			if a, err := db.AccountByOIDCSubject(ctx, "sub-li"); err != nil || a.Active {
				t.Errorf("li by subject: %+v %v, want li, deactivated", a, err)
			}
			on := true
			if _, err := db.UpdateAccount(ctx, "li", store.AccountChange{Active: &on}, later); err != nil {
				t.Fatal(err)
			}
			if _, _, err := db.PersonByToken(ctx, "hash-li", later); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("li's token after reactivation: %v, want it still revoked", err)
			}

			h, err := db.HandoverOf(ctx, "li")
			if err != nil {
				t.Fatal(err)
			}
			if len(h.Tasks) != 1 || h.Tasks[0].ID != "a" || len(h.Approvals) != 1 || h.Approvals[0].ID != "b" ||
				len(h.Units) != 1 || h.Units[0].ID != "hn" {
				t.Errorf("handover %+v", h)
			}

			entries, _, err := db.AuditLog(ctx, store.AuditFilter{Target: audit.PersonTarget("li"), Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for _, e := range entries {
				if e.Actor != "admin" && e.Action != audit.SessionSignedIn {
					t.Errorf("entry %+v: actor %q", e, e.Actor)
				}
				actions = append(actions, e.Action)
			}
			for _, want := range []string{audit.PersonRolesChanged, audit.PersonSettingsChanged, audit.PersonDeactivated} {
				if !slices.Contains(actions, want) {
					t.Errorf("audit of li %v: no %s", actions, want)
				}
			}
			units, _, _ := db.AuditLog(ctx, store.AuditFilter{Target: audit.UnitTarget("cs"), Action: audit.UnitChanged, Limit: 100})
			if len(units) != 2 {
				t.Errorf("cs's membership changes audited %d times, want 2", len(units))
			}
		})
	}
}
