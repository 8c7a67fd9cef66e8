package task

import (
	"encoding/json"
	"testing"
)

// Every action has one name and one path, each its own; its request carries
// an actor and decodes the JSON the workflow receives; and the rule it is
// checked under validates it.
func TestTheActionTable(t *testing.T) {
	names, paths := map[string]bool{}, map[string]bool{}
	for _, k := range Kinds {
		if k.Name == "" || k.Path == "" || names[k.Name] || paths[k.Path] {
			t.Errorf("%+v: a name or path empty or used twice", k)
		}
		names[k.Name], paths[k.Path] = true, true
		if got, ok := KindNamed(k.Name); !ok || got.Path != k.Path {
			t.Errorf("KindNamed(%q) = %+v, %v", k.Name, got, ok)
		}
		req := k.NewRequest()
		if err := json.Unmarshal([]byte(`{"actor":{"id":"li"},"reason":"r","note":"n","owner":"wang"}`), req); err != nil {
			t.Fatalf("%s: %v", k.Name, err)
		}
		if req.Acting().ID != "li" {
			t.Errorf("%s: the actor is not the request's", k.Name)
		}
		_ = k.Rule(req).Validate() // must not panic: the rule takes the kind's own request
	}
	if _, ok := KindNamed("init"); ok {
		t.Error("init is the workflow's, not an action")
	}
}
