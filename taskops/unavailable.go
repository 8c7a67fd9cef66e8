package taskops

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/api/serviceerror"
)

// ErrUnavailable: Temporal could not take the request just now (restarting,
// a shard moving between hosts, overloaded). The caller answers 503 and the
// client retries; with the same Idempotency-Key (the update's id) a retry of
// an action that was in fact taken is answered with its first outcome.
var ErrUnavailable = errors.New("the workflow service is unavailable")

// transient marks Temporal's "not now" answers so the API tells them from a
// fault of its own: before, they fell through to a bare 500, which says
// "our bug" for what is a retry.
func transient(err error) error {
	var (
		unavailable *serviceerror.Unavailable
		exhausted   *serviceerror.ResourceExhausted
		namespace   *serviceerror.NamespaceUnavailable
		deadline    *serviceerror.DeadlineExceeded
	)
	switch {
	case errors.As(err, &unavailable), errors.As(err, &exhausted), errors.As(err, &namespace):
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	case errors.As(err, &deadline) && !errors.Is(err, context.DeadlineExceeded):
		// The gRPC form of the request's own deadline: the same 503 as
		// the context's, "it may still complete".
		return fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
	}
	return err
}
