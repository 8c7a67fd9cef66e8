package accounts

import (
	"net/mail"
	"slices"
	"strings"

	"github.com/closeout/closeout/internal/platform/store"
)

// FieldProblem is what is wrong with one field of a person as a form sent
// it: Code names the problem, so a page words it in its reader's language.
type FieldProblem struct {
	Field, Code string
}

// The codes of FieldProblem.
const (
	ProblemBadID          = "badid"          // the id breaks PersonID
	ProblemNoName         = "noname"         // the name is empty
	ProblemBadEmail       = "bademail"       // not an address like li@example.gov.cn
	ProblemNoRole         = "norole"         // roles given, none of them
	ProblemUnknownRole    = "unknownrole"    // not admin, manager or member
	ProblemSelfDemotion   = "selfdemotion"   // an admin taking the admin role from themself
	ProblemSelfDeactivate = "selfdeactivate" // an admin deactivating themself
)

// Roles are the roles a person may hold.
var Roles = []string{store.RoleAdmin, store.RoleManager, store.RoleMember}

// CheckNewPerson checks a person to create (no roles: a member).
func CheckNewPerson(id, name, email string, roles []string) []FieldProblem {
	var out []FieldProblem
	if !PersonID.MatchString(id) {
		out = append(out, FieldProblem{"id", ProblemBadID})
	}
	if strings.TrimSpace(name) == "" {
		out = append(out, FieldProblem{"name", ProblemNoName})
	}
	out = append(out, checkEmail(email)...)
	return append(out, checkRoles(roles, false)...)
}

// CheckChange checks an admin's change of a person; self is whether they
// change their own account (an admin may not deactivate or demote
// themself: the office would be left without the person who can undo it).
func CheckChange(ch store.AccountChange, self bool) []FieldProblem {
	var out []FieldProblem
	if ch.Name != nil && strings.TrimSpace(*ch.Name) == "" {
		out = append(out, FieldProblem{"name", ProblemNoName})
	}
	if ch.Email != nil {
		out = append(out, checkEmail(*ch.Email)...)
	}
	if ch.Roles != nil {
		if len(ch.Roles) == 0 {
			out = append(out, FieldProblem{"roles", ProblemNoRole})
		}
		out = append(out, checkRoles(ch.Roles, self)...)
	}
	if self && ch.Active != nil && !*ch.Active {
		out = append(out, FieldProblem{"active", ProblemSelfDeactivate})
	}
	return out
}

func checkEmail(email string) []FieldProblem {
	if email == "" {
		return nil
	}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return []FieldProblem{{"email", ProblemBadEmail}}
	}
	return nil
}

func checkRoles(roles []string, self bool) []FieldProblem {
	for _, r := range roles {
		if !slices.Contains(Roles, r) {
			return []FieldProblem{{"roles", ProblemUnknownRole}}
		}
	}
	if self && !slices.Contains(roles, store.RoleAdmin) {
		return []FieldProblem{{"roles", ProblemSelfDemotion}}
	}
	return nil
}
