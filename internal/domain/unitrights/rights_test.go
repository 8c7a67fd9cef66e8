package unitrights

import (
	"strings"
	"testing"
)

// tree is 海南省 (hn, headed by gov) with two cities, one of which has a
// district, and a second root (hb, headed by wang).
var tree = map[string]Unit{
	"hn":         {ID: "hn", Name: "海南省", Head: "gov"},
	"hn-haikou":  {ID: "hn-haikou", Name: "海口市", Parent: "hn", Head: "chen", Members: []string{"zhou", "wu"}, Contacts: []string{"zhou"}},
	"hn-sanya":   {ID: "hn-sanya", Name: "三亚市", Parent: "hn", Head: "lin"},
	"hn-longhua": {ID: "hn-longhua", Name: "龙华区", Parent: "hn-haikou"},
	"hb":         {ID: "hb", Name: "河北省", Head: "wang"},
}

func lookup(id string) (Unit, bool) { u, ok := tree[id]; return u, ok }

// with is the stored unit id with change applied.
func with(id string, change func(*Unit)) Unit {
	u := tree[id]
	u.Members = append([]string(nil), u.Members...)
	change(&u)
	return u
}

func TestCheck(t *testing.T) {
	var (
		admin    = Actor{ID: "root", Admin: true}
		mallory  = Actor{ID: "mallory", Manager: true}
		member   = Actor{ID: "zhou"}
		gov      = Actor{ID: "gov"}
		chen     = Actor{ID: "chen"}
		lin      = Actor{ID: "lin", Manager: true}
		wang     = Actor{ID: "wang"}
		nobody   = Actor{}
		takeover = func(u *Unit) { u.Members = []string{"mallory"}; u.Head = "mallory" }
	)
	for _, tc := range []struct {
		name    string
		who     Actor
		next    Unit
		refused string // a word of the refusal, "" when allowed
	}{
		{"a manager creates a unit", mallory, Unit{ID: "hn-wenchang", Name: "文昌市", Parent: "hn"}, ""},
		{"an admin creates a unit", admin, Unit{ID: "new", Name: "新"}, ""},
		{"a member may not create a unit", member, Unit{ID: "new", Name: "新"}, "manager or admin"},
		{"a manager may not take over a unit", mallory, with("hn-haikou", takeover), "head of hn-haikou"},
		{"a manager may not rename a unit", mallory, with("hn", func(u *Unit) { u.Name = "x" }), "head of hn"},
		{"an admin changes any unit", admin, with("hn-haikou", takeover), ""},
		{"the head changes their unit", chen, with("hn-haikou", func(u *Unit) { u.Members = append(u.Members, "li") }), ""},
		{"the head hands their unit on", chen, with("hn-haikou", func(u *Unit) { u.Head = "li" }), ""},
		{"the head of a parent changes a child", gov, with("hn-haikou", func(u *Unit) { u.Contacts = nil }), ""},
		{"the head of a grandparent changes a grandchild", gov, with("hn-longhua", func(u *Unit) { u.Head = "he" }), ""},
		{"a head may not change the unit above", chen, with("hn", func(u *Unit) { u.Head = "chen" }), "head of hn"},
		{"a head may not change a sibling", lin, with("hn-haikou", takeover), "head of hn-haikou"},
		{"a member may not change their unit", member, with("hn-haikou", takeover), "head of hn-haikou"},
		{"no one signed in may change nothing headed by no one", nobody, with("hn-longhua", func(u *Unit) { u.Name = "x" }), "head of hn-longhua"},
		{"writing a unit as stored changes nothing", mallory,
			with("hn-haikou", func(u *Unit) { u.Members = []string{"wu", "zhou", "zhou", ""} }), ""},
		{"a move between parents one does not hold both of", chen,
			with("hn-longhua", func(u *Unit) { u.Parent = "hn-sanya" }), "both parents"},
		{"a move within what one heads", gov, with("hn-longhua", func(u *Unit) { u.Parent = "hn-sanya" }), ""},
		{"a root moved under a unit one does not hold", wang, with("hb", func(u *Unit) { u.Parent = "hn" }), "head of hn or"},
		{"a unit taken out from under a parent one does not hold", chen,
			with("hn-haikou", func(u *Unit) { u.Parent = "" }), "head of hn or"},
		{"a unit taken to the top by the head above it", gov, with("hn-haikou", func(u *Unit) { u.Parent = "" }), ""},
		{"an admin moves anything", admin, with("hb", func(u *Unit) { u.Parent = "hn-longhua" }), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stored, exists := tree[tc.next.ID]
			r := Check(tc.who, stored, exists, tc.next, lookup)
			switch {
			case tc.refused == "" && r != nil:
				t.Errorf("refused: %v", r)
			case tc.refused != "" && r == nil:
				t.Errorf("allowed, want a refusal saying %q", tc.refused)
			case r != nil && (r.Unit != tc.next.ID || !strings.Contains(r.Error(), tc.refused)):
				t.Errorf("refusal %q: want it to name %s and say %q", r.Error(), tc.next.ID, tc.refused)
			}
		})
	}
}

// A tree with a cycle (which the API never writes) ends the walk.
func TestHoldsEndsOnACycle(t *testing.T) {
	loop := map[string]Unit{"a": {ID: "a", Parent: "b"}, "b": {ID: "b", Parent: "a"}}
	if Holds(Actor{ID: "x"}, "a", func(id string) (Unit, bool) { u, ok := loop[id]; return u, ok }) {
		t.Error("a cycle granted a right")
	}
}

// Every refusal is worded in Chinese and in English, naming the unit.
func TestRefusalInBothLanguages(t *testing.T) {
	for _, r := range []Refusal{
		{Unit: "hn-a", Rule: RuleCreate},
		{Unit: "hn-a", Rule: RuleChange},
		{Unit: "hn-a", Rule: RuleMove, From: "hn", To: "", Lacking: "hn"},
	} {
		zh, en := r.Chinese(), r.English()
		if !strings.Contains(zh, "单位 hn-a") || !strings.Contains(en, "Unit hn-a") || r.Error() != zh+" "+en {
			t.Errorf("rule %d: %q / %q", r.Rule, zh, en)
		}
	}
	move := Refusal{Unit: "hn-a", Rule: RuleMove, From: "hn", Lacking: "hn"}
	if !strings.Contains(move.English(), "to the top level") || !strings.Contains(move.Chinese(), "移至 顶层") {
		t.Errorf("a move to the top: %q", move.Error())
	}
}
