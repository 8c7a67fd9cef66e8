package notify

import (
	"testing"

	"github.com/closeout/closeout/internal/domain/task"
)

// The buttons' action ids derive from the table and are the ids of cards
// already posted, so a click on an old card still works.
func TestSlackButtonsAreTheTablesActions(t *testing.T) {
	if SlackActionID(task.Approve) != "closeout_approve" || SlackActionID(task.Return) != "closeout_return" {
		t.Fatalf("action ids %q, %q", SlackActionID(task.Approve), SlackActionID(task.Return))
	}
}
