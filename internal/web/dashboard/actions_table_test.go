package dashboard

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/domain/task"
)

// The task page has a form for every action of the table, each read as that
// action's request type, and the templates' kinds are the whole table.
func TestEveryActionOfTheTableHasItsForm(t *testing.T) {
	var templateKinds []string
	v := reflect.ValueOf(theKinds)
	for i := range v.NumField() {
		templateKinds = append(templateKinds, v.Field(i).Interface().(task.Kind).Name)
	}
	d := &Dashboard{}
	for _, k := range task.Kinds {
		if !slices.Contains(templateKinds, k.Name) {
			t.Errorf("%s: the templates cannot name it (actionKinds)", k.Name)
		}
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = httptest.NewRequest(http.MethodPost, "/", strings.NewReader("percent=10&confirm=yes"))
		c.Request.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req, err := d.formRequest(context.Background(), c, k, task.View{})
		if err != nil {
			t.Errorf("%s: %v", k.Name, err)
			continue
		}
		if got, want := reflect.TypeOf(req), reflect.TypeOf(k.NewRequest()); got != want {
			t.Errorf("%s: the form is read as %v, the action takes %v", k.Name, got, want)
		}
	}
	if len(templateKinds) != len(task.Kinds) {
		t.Errorf("actionKinds has %d actions, the table %d", len(templateKinds), len(task.Kinds))
	}
}
