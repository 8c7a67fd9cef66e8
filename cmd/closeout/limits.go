package main

import (
	"time"

	"github.com/closeout/closeout/internal/domain/plan"
)

// limits are the settings that bound what a server takes in (SPEC section
// 15, "Limits"), read and checked once at start.
type limits struct {
	// readTimeout bounds a request's arrival (CLOSEOUT_HTTP_READ_TIMEOUT,
	// httpserver.go).
	readTimeout time.Duration
	// maxPlanTasks bounds an imported plan (CLOSEOUT_MAX_PLAN_TASKS).
	maxPlanTasks int
}

// readLimits checks the limit settings of c, refusing to start on a bad
// one rather than running without it.
func (c config) readLimits() (limits, error) {
	var l limits
	var err error
	if l.readTimeout, err = parseReadTimeout(c.HTTPReadTimeout); err != nil {
		return l, err
	}
	if l.maxPlanTasks, err = plan.ParseMaxTasks(c.MaxPlanTasks); err != nil {
		return l, err
	}
	return l, nil
}
