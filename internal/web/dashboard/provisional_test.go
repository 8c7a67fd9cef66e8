package dashboard

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"
)

// A task scheduled on a provisional calendar year says so on the board and
// on its page, its provisional milestones each marked; the others do not.
func TestProvisionalMark(t *testing.T) {
	f := newFixture(t)
	tk := fixtureTasks()[2] // T3, open
	tk.Provisional, tk.Version = true, 2
	tk.Milestones[2].Provisional = true
	if err := f.db.ProjectTask(context.Background(), task.ProjectionWrite{Task: tk}); err != nil {
		t.Fatal(err)
	}
	b := f.browser(t)
	b.signIn("li")
	board := b.get("/campaigns/c1")
	page := b.get("/tasks/c1/T3")
	if board.Code != http.StatusOK || page.Code != http.StatusOK {
		t.Fatalf("board %d, page %d", board.Code, page.Code)
	}
	if n := strings.Count(board.Body.String(), `class="badge provisional"`); n != 1 {
		t.Errorf("the board marks %d tasks provisional, want T3 alone", n)
	}
	mustContain(t, page.Body.String(), `id="provisional"`, "暂按法定节假日推算", "暂定")
	if n := strings.Count(page.Body.String(), `class="badge provisional"`); n != 2 {
		t.Errorf("the page has %d provisional marks, want the task's and one milestone's", n)
	}
	if other := b.get("/tasks/c1/T2").Body.String(); strings.Contains(other, "badge provisional") {
		t.Error("T2 is on a published calendar but marked provisional")
	}
}
