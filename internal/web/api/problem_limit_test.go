package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/domain/plan"
)

// A refusal lists the first MaxErrors problems and counts the rest; a plan
// over the task limit is 413, not 422.
func TestProblemListsAtMostMaxErrors(t *testing.T) {
	gin.SetMode(gin.TestMode)
	var errs []plan.FieldError
	for i := range MaxErrors + 250 {
		errs = append(errs, plan.FieldError{Field: fmt.Sprintf("tracks[0].tasks[%d].owner", i), Message: "unknown person"})
	}
	for name, c := range map[string]struct {
		err    error
		status int
		more   int
	}{
		"invalid":   {&plan.ValidationError{Errors: errs}, http.StatusUnprocessableEntity, 250},
		"too large": {&plan.ValidationError{Errors: errs[:1], TooLarge: true}, http.StatusRequestEntityTooLarge, 0},
	} {
		t.Run(name, func(t *testing.T) {
			w := httptest.NewRecorder()
			ctx, _ := gin.CreateTestContext(w)
			ctx.Request = httptest.NewRequest(http.MethodPost, "/api/v1/campaigns", nil)
			writeProblem(ctx, planProblem(c.err, "the plan is not valid").(*Problem))
			var got problemAnswer
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			want := min(len(c.err.(*plan.ValidationError).Errors), MaxErrors)
			if w.Code != c.status || len(got.Errors) != want || got.MoreErrors != c.more {
				t.Errorf("%d with %d errors and %d more; want %d with %d and %d more", w.Code, len(got.Errors), got.MoreErrors, c.status, want, c.more)
			}
		})
	}
}
