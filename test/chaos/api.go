//go:build chaos

package chaos

import (
	"time"

	"github.com/closeout/closeout/test/e2e"
)

// The HTTP client and the parts of the API's answers the harness reads are
// test/e2e's, shared with test/cluster; these names keep the harness's own.
type (
	api      = e2e.API
	answer   = e2e.Answer
	taskView = e2e.TaskView
	event    = e2e.Event
)

func newAPI(base string, timeout time.Duration) *api { return e2e.NewAPI("", base, timeout) }

func taskPath(campaign, task, action string) string { return e2e.TaskPath(campaign, task, action) }
