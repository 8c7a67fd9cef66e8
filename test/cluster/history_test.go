//go:build cluster

package cluster

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/temporal/workflows"
)

// workerTasks is what a task workflow's history (all its runs) says about
// who ran it around the kill of one worker.
type workerTasks struct {
	// byVictim / bySurvivor: workflow tasks the killed worker started
	// before its kill, and the survivor after it.
	byVictim, bySurvivor int
	// timersAfterKill: timers that fired after the kill; survivorTimers of
	// them were handled (the workflow task right after) by the survivor,
	// otherTimers by anyone else.
	timersAfterKill, survivorTimers, otherTimers int
}

func (w workerTasks) takenOver() bool { return w.byVictim > 0 && w.bySurvivor > 0 }

// identityOf is the SDK's default worker identity prefix, "pid@": closeout
// sets no identity of its own, so the pid tells the workers apart.
func identityOf(pid int) string { return strconv.Itoa(pid) + "@" }

// readWorkerTasks reads every run of the task's workflow, newest first,
// following each run back to the one it continued.
func readWorkerTasks(ctx context.Context, tc client.Client, campaign, task string, victim, survivor int, kill time.Time) (workerTasks, error) {
	var out workerTasks
	id := workflows.TaskWorkflowID(campaign, task)
	desc, err := tc.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		return out, fmt.Errorf("describe %s: %w", id, err)
	}
	run := desc.GetWorkflowExecutionInfo().GetExecution().GetRunId()
	for seen := map[string]bool{}; run != "" && !seen[run]; {
		seen[run] = true
		it := tc.GetWorkflowHistory(ctx, id, run, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		run = ""
		timerPending := false
		for it.HasNext() {
			e, err := it.Next()
			if err != nil {
				return out, fmt.Errorf("history of %s: %w", id, err)
			}
			at := e.GetEventTime().AsTime()
			switch e.GetEventType() {
			case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
				run = e.GetWorkflowExecutionStartedEventAttributes().GetContinuedExecutionRunId()
			case enumspb.EVENT_TYPE_TIMER_FIRED:
				if at.After(kill) {
					out.timersAfterKill++
					timerPending = true
				}
			case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
				who := e.GetWorkflowTaskStartedEventAttributes().GetIdentity()
				bySurvivor := strings.HasPrefix(who, identityOf(survivor))
				switch {
				case strings.HasPrefix(who, identityOf(victim)) && at.Before(kill):
					out.byVictim++
				case bySurvivor && at.After(kill):
					out.bySurvivor++
				}
				if timerPending {
					if bySurvivor {
						out.survivorTimers++
					} else {
						out.otherTimers++
					}
					timerPending = false
				}
			}
		}
	}
	return out, nil
}

// workflowSeq is the seq of the task's last event as its workflow holds it
// (a query answers from workflow state, not from the projection).
func workflowSeq(ctx context.Context, tc client.Client, campaign, task string) (int64, error) {
	v, err := tc.QueryWorkflow(ctx, workflows.TaskWorkflowID(campaign, task), "", workflows.QueryTask)
	if err != nil {
		return 0, err
	}
	var view struct {
		Seq int64 `json:"seq"`
	}
	err = v.Get(&view)
	return view.Seq, err
}

// workflowTasksBy counts the workflow tasks the worker of pid has started so
// far in the campaigns' task workflows (every run).
func workflowTasksBy(ctx context.Context, tc client.Client, campaigns map[string][]string, pid int) (int, error) {
	n := 0
	for campaign, ids := range campaigns {
		for _, id := range ids {
			wid := workflows.TaskWorkflowID(campaign, id)
			it := tc.GetWorkflowHistory(ctx, wid, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
			for it.HasNext() {
				e, err := it.Next()
				if err != nil {
					return n, fmt.Errorf("history of %s: %w", wid, err)
				}
				if e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED &&
					strings.HasPrefix(e.GetWorkflowTaskStartedEventAttributes().GetIdentity(), identityOf(pid)) {
					n++
				}
			}
		}
	}
	return n, nil
}
