package taskops

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
)

// Temporal's "not now" answers become ErrUnavailable (the API's 503), its
// gRPC deadline the context's; anything else stays what it was, so a real
// fault is still a 500 with its cause in the log.
func TestRefusalTellsTemporalsTransientErrors(t *testing.T) {
	o := &Ops{}
	task := task.View{Campaign: "c", ID: "T01"}
	wrap := func(err error) error { return fmt.Errorf("update workflow: %w", err) }
	for _, tc := range []struct {
		err         error
		unavailable bool
		deadline    bool
	}{
		{err: serviceerror.NewUnavailable("shard unavailable"), unavailable: true},
		{err: wrap(serviceerror.NewUnavailable("frontend restarting")), unavailable: true},
		{err: serviceerror.NewResourceExhausted(enumspb.RESOURCE_EXHAUSTED_CAUSE_BUSY_WORKFLOW, "busy"), unavailable: true},
		{err: serviceerror.NewNamespaceUnavailable("default"), unavailable: true},
		{err: serviceerror.NewWorkflowNotReady("Unable to perform workflow execution update due to Workflow Task in failed state."), unavailable: true},
		{err: serviceerror.NewDeadlineExceeded("context deadline exceeded"), deadline: true},
		{err: context.DeadlineExceeded, deadline: true},
		{err: serviceerror.NewInvalidArgument("bad request")},
		{err: errors.New("some fault of ours")},
	} {
		got := o.refusal(context.Background(), task, tc.err)
		if errors.Is(got, ErrUnavailable) != tc.unavailable {
			t.Errorf("%v: unavailable %v, want %v", tc.err, errors.Is(got, ErrUnavailable), tc.unavailable)
		}
		if errors.Is(got, context.DeadlineExceeded) != tc.deadline {
			t.Errorf("%v: deadline %v, want %v", tc.err, errors.Is(got, context.DeadlineExceeded), tc.deadline)
		}
		if !errors.Is(got, tc.err) {
			t.Errorf("%v: the cause is lost: %v", tc.err, got)
		}
	}
}
