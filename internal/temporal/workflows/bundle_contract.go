package workflows

import (
	"time"

	"github.com/closeout/closeout/internal/domain/task"
)

// Daily reminder bundles (SPEC section 14): a person who chose
// `reminders: daily` gets the day's reminders in one message. The Notify
// activity does not send such a reminder; it signals it, with start, to the
// person's bundle workflow of that day, which waits until SendAt and sends
// everything it gathered in one message through ActivitySendBundle.
const (
	BundleWorkflowName = "ReminderBundle"
	SignalBundleAdd    = "bundle_add" // payload: BundleItem
	ActivitySendBundle = "SendBundle" // input: Bundle
)

// BundleGather is how long a bundle waits after its first reminder for the
// others of the morning: whole-day reminders all fall at the campaign's
// remind_at hour, so one window gathers them.
const BundleGather = 10 * time.Minute

// BundleWorkflowID is the id of person's bundle for day (YYYY-MM-DD in the
// person's timezone). A reminder arriving after that day's bundle was sent
// starts a second run of the same id, later the same day.
func BundleWorkflowID(person, day string) string { return "bundle/" + person + "/" + day }

// BundleInput starts a bundle workflow.
type BundleInput struct {
	Person string    `json:"person"`
	Day    string    `json:"day"`
	SendAt time.Time `json:"send_at"`
}

// BundleItem is one reminder for the bundle. Key (campaign/task/seq) makes a
// retried signal count once.
type BundleItem struct {
	Key          string            `json:"key"`
	Notification task.Notification `json:"notification"`
}

// Bundle is what ActivitySendBundle sends: one message to Person with Items.
type Bundle struct {
	Person string       `json:"person"`
	Day    string       `json:"day"`
	Items  []BundleItem `json:"items"`
}
