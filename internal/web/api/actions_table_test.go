package api

import (
	"net/http"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"
)

// The API's action routes are the table's: one POST per action at its path.
func TestEveryActionOfTheTableHasItsRoute(t *testing.T) {
	routes := map[string]bool{}
	for _, rt := range New(Options{}).Handler().Routes() {
		routes[rt.Method+" "+rt.Path] = true
	}
	for _, k := range task.Kinds {
		if want := http.MethodPost + " /api/v1/tasks/:campaign/:task/" + k.Path; !routes[want] {
			t.Errorf("%s: no route %s", k.Name, want)
		}
	}
}
