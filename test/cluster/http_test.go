//go:build cluster

package cluster

import (
	"time"

	"github.com/closeout/closeout/test/e2e"
)

// The HTTP client and the parts of the API's answers the test reads are
// test/e2e's, shared with test/chaos; these names keep the test's own.
type (
	apiClient = e2e.API
	taskView  = e2e.TaskView
	event     = e2e.Event
)

// newAPIClient talks to one `closeout api` as a client would. Its timeout
// is longer than an action's own 30 s limit: the answer, not the client's
// patience, says what happened.
func newAPIClient(p *proc) *apiClient { return e2e.NewAPI(p.name, p.base(), 45*time.Second) }

func taskPath(campaign, task, action string) string { return e2e.TaskPath(campaign, task, action) }
