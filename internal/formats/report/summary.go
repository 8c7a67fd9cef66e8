package report

import "fmt"

// Summary words totals the way the seed document reports progress:
// 目前30项任务已完成18项,占60%,其余12项正按时序推进。
// When some of the rest are late, it says how many of them are.
func Summary(t Totals) (zh, en string) {
	rest := t.Tasks - t.Closed
	switch {
	case t.Tasks == 0:
		return "目前尚无任务。", "There are no tasks yet."
	case rest == 0:
		return fmt.Sprintf("目前%d项任务已全部完成。", t.Tasks),
			fmt.Sprintf("All %d tasks are closed.", t.Tasks)
	case t.Overdue == 0:
		return fmt.Sprintf("目前%d项任务已完成%d项,占%d%%,其余%d项正按时序推进。", t.Tasks, t.Closed, t.ClosedPct, rest),
			fmt.Sprintf("%d of %d tasks are closed (%d%%); the other %d are on schedule.", t.Closed, t.Tasks, t.ClosedPct, rest)
	case t.Overdue == rest:
		return fmt.Sprintf("目前%d项任务已完成%d项,占%d%%,其余%d项均已超期。", t.Tasks, t.Closed, t.ClosedPct, rest),
			fmt.Sprintf("%d of %d tasks are closed (%d%%); the other %d are all overdue.", t.Closed, t.Tasks, t.ClosedPct, rest)
	default:
		return fmt.Sprintf("目前%d项任务已完成%d项,占%d%%,其余%d项中,%d项按时序推进,%d项已超期。",
				t.Tasks, t.Closed, t.ClosedPct, rest, rest-t.Overdue, t.Overdue),
			fmt.Sprintf("%d of %d tasks are closed (%d%%); of the other %d, %d are on schedule and %d are overdue.",
				t.Closed, t.Tasks, t.ClosedPct, rest, rest-t.Overdue, t.Overdue)
	}
}
