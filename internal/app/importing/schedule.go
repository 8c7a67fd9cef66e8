package importing

import (
	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/reverse"
	"github.com/closeout/closeout/internal/domain/task"
)

// Schedule turns a checked plan and its schedule into the specs its task
// workflows start from, in plan order.
func Schedule(p *plan.Plan, res reverse.Result) ([]task.Spec, error) {
	specs, err := planning.Specs(p, res)
	if err != nil {
		return nil, refuse(Unschedulable, err, "the plan cannot be scheduled")
	}
	return specs, nil
}
