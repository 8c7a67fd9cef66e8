package integration

import (
	"slices"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// unitState is what a takeover would change in a unit.
type unitState struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Parent   string   `json:"parent"`
	Head     string   `json:"head"`
	Members  []string `json:"members"`
	Contacts []string `json:"contacts"`
}

// Unit rights (SPEC section 15), seen from outside: a manager who heads
// nothing cannot take over a unit, by POST, by PUT or by a plan's units:
// (403 naming the unit, the unit unchanged, nothing of the plan imported);
// the head of a unit above may change it; moving a unit needs the right on
// both parents; creating units and repeating one as it is stay open to
// managers. Before unit rights, each takeover here was answered 200 or 201
// and the unit was the manager's.
func TestUnitTakeoverRefused(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			d := newDev(t, kind)
			tok := d.team() // boss (manager), li, zhao, wang, chen
			tok["gov"] = d.person("gov")
			tok["mallory"] = d.person("mallory", "manager")
			tok["zhou"] = d.person("zhou")
			d.must(201, d.admin, "POST", "/api/v1/units", map[string]any{"id": "hn", "name": "海南省", "head": "gov"}, nil)
			haikou := map[string]any{"id": "hn-haikou", "name": "海口市", "parent": "hn", "head": "chen",
				"members": []string{"zhou"}, "contacts": []string{"zhou"}}
			d.must(201, d.admin, "POST", "/api/v1/units", haikou, nil)
			d.must(201, d.admin, "POST", "/api/v1/units", map[string]any{"id": "hb", "name": "河北省", "head": "wang"}, nil)
			var original unitState
			d.must(200, tok["li"], "GET", "/api/v1/units/hn-haikou", nil, &original)
			unchanged := func(how string) {
				t.Helper()
				var now unitState
				d.must(200, tok["li"], "GET", "/api/v1/units/hn-haikou", nil, &now)
				if now.Head != original.Head || now.Name != original.Name || now.Parent != original.Parent ||
					!slices.Equal(now.Members, original.Members) || !slices.Equal(now.Contacts, original.Contacts) {
					t.Fatalf("after the takeover by %s: %+v, want %+v", how, now, original)
				}
			}
			takeover := map[string]any{"id": "hn-haikou", "name": "海口市", "parent": "hn", "head": "mallory",
				"members": []string{"mallory"}, "contacts": []string{"mallory"}}
			refusedNaming := func(r response, unit string) {
				t.Helper()
				expectProblem(t, r, 403, "")
				var p problem
				r.json(t, &p)
				if !strings.Contains(p.Detail, unit) {
					t.Fatalf("the refusal does not name %s: %s", unit, r.Body)
				}
			}

			// By POST, by PUT.
			refusedNaming(d.call(tok["mallory"], "POST", "/api/v1/units", takeover), "hn-haikou")
			unchanged("POST")
			refusedNaming(d.call(tok["mallory"], "PUT", "/api/v1/units/hn-haikou", takeover), "hn-haikou")
			unchanged("PUT")

			// By a plan: refused whole, in a dry run too; its new unit and
			// its campaign are not created.
			plan := smallPlan("takeover", "T1")
			plan["units"] = []map[string]any{
				{"id": "hn-new", "name": "新区", "parent": "hn"},
				{"id": "hn-haikou", "name": "海口市", "parent": "hn", "head": "mallory", "members": []string{"mallory"}},
			}
			for _, path := range []string{"/api/v1/campaigns?dry_run=true", "/api/v1/campaigns"} {
				r := d.call(tok["mallory"], "POST", path, plan)
				refusedNaming(r, "hn-haikou")
				expectProblem(t, r, 403, "units[1]")
			}
			unchanged("a plan")
			expectProblem(t, d.call(tok["li"], "GET", "/api/v1/units/hn-new", nil), 404, "")
			expectProblem(t, d.call(tok["li"], "GET", "/api/v1/campaigns/takeover", nil), 404, "")

			// A plan that repeats the unit as it is imports.
			same := smallPlan("repeat", "T1")
			same["units"] = []map[string]any{haikou}
			d.must(201, tok["mallory"], "POST", "/api/v1/campaigns", same, nil)
			unchanged("a plan repeating it")

			// The head of the unit above changes it; its own head may too.
			withWang := map[string]any{"name": "海口市", "parent": "hn", "head": "chen", "members": []string{"zhou", "wang"}}
			var changed unitState
			d.must(200, tok["gov"], "PUT", "/api/v1/units/hn-haikou", withWang, &changed)
			if !slices.Equal(changed.Members, []string{"wang", "zhou"}) {
				t.Fatalf("after the head above changed it: %+v", changed)
			}
			withWang["name"] = "海口"
			d.must(200, tok["chen"], "POST", "/api/v1/units", map[string]any{"id": "hn-haikou", "name": "海口",
				"parent": "hn", "head": "chen", "members": []string{"zhou", "wang"}}, nil)
			// Not the unit above their own, nor a unit of another tree.
			refusedNaming(d.call(tok["chen"], "PUT", "/api/v1/units/hn", map[string]any{"name": "海南", "head": "chen"}), "hn")
			refusedNaming(d.call(tok["gov"], "PUT", "/api/v1/units/hb", map[string]any{"name": "河北", "head": "gov"}), "hb")

			// Moving needs the right on both parents: chen heads the unit but
			// not hn (the old parent) nor hb (the new); gov holds hn but not hb.
			move := map[string]any{"name": "海口", "parent": "hb", "head": "chen", "members": []string{"zhou", "wang"}}
			refusedNaming(d.call(tok["chen"], "PUT", "/api/v1/units/hn-haikou", move), "hn-haikou")
			refusedNaming(d.call(tok["gov"], "PUT", "/api/v1/units/hn-haikou", move), "hn-haikou")
			d.must(200, d.admin, "PUT", "/api/v1/units/hn-haikou", move, nil)

			// Creating stays open to managers, closed to members; PUT does not create.
			d.must(201, tok["mallory"], "POST", "/api/v1/units", map[string]any{"id": "sz", "name": "深圳市", "head": "mallory"}, nil)
			refusedNaming(d.call(tok["li"], "POST", "/api/v1/units", map[string]any{"id": "gz", "name": "广州市"}), "gz")
			expectProblem(t, d.call(d.admin, "PUT", "/api/v1/units/nowhere", map[string]any{"name": "x"}), 404, "")
			expectProblem(t, d.call(d.admin, "PUT", "/api/v1/units/sz", map[string]any{"id": "other", "name": "x"}), 422, "id")
		})
	}
}
