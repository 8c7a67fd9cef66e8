package taskops

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/api/serviceerror"
)

// ErrUnavailable means Temporal could not take the request just now (restarting,
// a shard moving between hosts, overloaded). The caller answers 503 and the
// client retries; with the same Idempotency-Key (the update's id) a retry of
// an action that was in fact taken is answered with its first outcome.
var ErrUnavailable = errors.New("the workflow service is unavailable")

// transient marks Temporal's "not now" answers so the API tells them from a
// fault of its own: before, they fell through to a bare 500, which says
// "our bug" for what is a retry. WorkflowNotReady is the one the SDK does
// not retry itself: the history service fails an update fast while the
// workflow's task has failed or timed out three times in a row (each kill of
// a worker holding it counts) and when the workflow task it was sent with
// failed; in both the update was not accepted, so nothing was done.
func transient(err error) error {
	var (
		unavailable *serviceerror.Unavailable
		exhausted   *serviceerror.ResourceExhausted
		namespace   *serviceerror.NamespaceUnavailable
		notReady    *serviceerror.WorkflowNotReady
		deadline    *serviceerror.DeadlineExceeded
	)
	switch {
	case errors.As(err, &unavailable), errors.As(err, &exhausted), errors.As(err, &namespace), errors.As(err, &notReady):
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	case errors.As(err, &deadline) && !errors.Is(err, context.DeadlineExceeded):
		// The gRPC form of the request's own deadline: the same 503 as
		// the context's, "it may still complete".
		return fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
	}
	return err
}
