package accounts

import (
	"testing"

	"github.com/closeout/closeout/internal/platform/store"
)

func TestPersonChecks(t *testing.T) {
	codes := func(ps []FieldProblem) map[string]string {
		out := map[string]string{}
		for _, p := range ps {
			out[p.Field] = p.Code
		}
		return out
	}
	if got := codes(CheckNewPerson("Li Ming", "", "li@", []string{"boss"})); got["id"] != ProblemBadID || got["name"] != ProblemNoName ||
		got["email"] != ProblemBadEmail || got["roles"] != ProblemUnknownRole {
		t.Errorf("a bad new person: %v", got)
	}
	if got := CheckNewPerson("li", "李明", "li@example.gov.cn", nil); len(got) != 0 {
		t.Errorf("a good new person: %v", got)
	}
	off, empty := false, ""
	if got := codes(CheckChange(store.AccountChange{Active: &off, Roles: []string{store.RoleMember}, Name: &empty}, true)); got["active"] != ProblemSelfDeactivate ||
		got["roles"] != ProblemSelfDemotion || got["name"] != ProblemNoName {
		t.Errorf("an admin undoing themself: %v", got)
	}
	if got := codes(CheckChange(store.AccountChange{Roles: []string{}}, false)); got["roles"] != ProblemNoRole {
		t.Errorf("no role: %v", got)
	}
	if got := CheckChange(store.AccountChange{Active: &off, Roles: []string{store.RoleMember}}, false); len(got) != 0 {
		t.Errorf("an admin deactivating someone else: %v", got)
	}
}
