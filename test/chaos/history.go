//go:build chaos

package chaos

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"regexp"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	sdklog "go.temporal.io/sdk/log"

	"github.com/closeout/closeout/internal/temporal/workflows"
)

// markerPattern is what clients put in a note or reason: client, number.
var markerPattern = regexp.MustCompile(`^c\d+-\d{6}$`)

// committedUpdates is what Temporal's history says one task's workflow
// committed, over all its runs (continue-as-new starts a new run).
type committedUpdates struct {
	Runs int
	// Markers counts, per marker, the accepted updates that carried it and
	// did not fail: each made exactly one event. An update accepted but not
	// yet completed counts too: its handler already applied it.
	Markers map[string]int
	// Failed are markers whose update was accepted and then failed in its
	// handler (the state changed since the validator ran): no event.
	Failed map[string]bool
}

// temporalClient dials the embedded Temporal frontend of a running dev.
func temporalClient(addr string) (client.Client, error) {
	return client.Dial(client.Options{
		HostPort:  addr,
		Namespace: "default",
		Logger:    sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
	})
}

// readCommitted reads every run of the task's workflow, newest first,
// following each run's ContinuedExecutionRunId back to the first, and
// collects the markers of its accepted updates.
func readCommitted(ctx context.Context, c client.Client, campaign, task string) (committedUpdates, error) {
	id := workflows.TaskWorkflowID(campaign, task)
	out := committedUpdates{Markers: map[string]int{}, Failed: map[string]bool{}}
	desc, err := c.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		return out, fmt.Errorf("describe %s: %w", id, err)
	}
	runID := desc.GetWorkflowExecutionInfo().GetExecution().GetRunId()
	seen := map[string]bool{}
	for runID != "" && !seen[runID] && len(seen) < 1000 {
		seen[runID] = true
		out.Runs++
		previous, err := readRun(ctx, c, id, runID, &out)
		if err != nil {
			return out, err
		}
		runID = previous
	}
	return out, nil
}

// readRun adds one run's updates to out and returns the run it continued.
func readRun(ctx context.Context, c client.Client, id, runID string, out *committedUpdates) (previous string, err error) {
	markerOf := map[string]string{} // update id -> marker, from its acceptance
	it := c.GetWorkflowHistory(ctx, id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			return "", fmt.Errorf("history of %s run %s: %w", id, runID, err)
		}
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
			previous = e.GetWorkflowExecutionStartedEventAttributes().GetContinuedExecutionRunId()
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
			req := e.GetWorkflowExecutionUpdateAcceptedEventAttributes().GetAcceptedRequest()
			marker, err := requestMarker(req.GetInput().GetArgs().GetPayloads())
			if err != nil {
				return "", fmt.Errorf("%s run %s: update %s: %w", id, runID, req.GetInput().GetName(), err)
			}
			if marker == "" { // init, or an action not sent by this harness
				continue
			}
			markerOf[req.GetMeta().GetUpdateId()] = marker
			out.Markers[marker]++
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
			attrs := e.GetWorkflowExecutionUpdateCompletedEventAttributes()
			marker, ok := markerOf[attrs.GetMeta().GetUpdateId()]
			if ok && attrs.GetOutcome().GetFailure() != nil {
				out.Markers[marker]--
				if out.Markers[marker] == 0 {
					delete(out.Markers, marker)
				}
				out.Failed[marker] = true
			}
		}
	}
	return previous, nil
}

// requestMarker decodes an update's request (any of the action requests of
// internal/temporal/workflows/contract.go: the marker is in Note or Reason) and returns its
// marker, or "" if it carries none.
func requestMarker(args []*commonpb.Payload) (string, error) {
	if len(args) == 0 {
		return "", nil
	}
	var req struct {
		Note   string `json:"note"`
		Reason string `json:"reason"`
	}
	if err := converter.GetDefaultDataConverter().FromPayload(args[0], &req); err != nil {
		return "", err
	}
	for _, s := range []string{req.Note, req.Reason} {
		if markerPattern.MatchString(s) {
			return s, nil
		}
	}
	return "", nil
}

// workflowSeq is the seq of the task's last event as its workflow holds it
// (the query answers from workflow state, not from the projection).
func workflowSeq(ctx context.Context, c client.Client, campaign, task string) (int64, error) {
	v, err := c.QueryWorkflow(ctx, workflows.TaskWorkflowID(campaign, task), "", workflows.QueryTask)
	if err != nil {
		return 0, err
	}
	var view struct {
		Seq int64 `json:"seq"`
	}
	if err := v.Get(&view); err != nil {
		return 0, err
	}
	return view.Seq, nil
}
