package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// bundleSendOptions retry a bundle for as long as it is worth sending: a
// morning's reminders that could not go out by the evening are stale, and
// the failed workflow says so in Temporal.
var bundleSendOptions = workflow.ActivityOptions{
	StartToCloseTimeout:    time.Minute,
	ScheduleToCloseTimeout: 12 * time.Hour,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    5 * time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    5 * time.Minute,
	},
}

// maxBundleItems bounds one SendBundle call: each item carries its task's
// view, and an activity's input must stay far below Temporal's 2 MB payload
// limit. A busier day goes out as several messages.
const maxBundleItems = 100

// BundleWorkflow is one person's daily reminder bundle (SPEC section 14):
// it gathers the reminders signalled to it (SignalBundleAdd, a retried
// signal counted once by its key) until in.SendAt, on a durable timer, and
// sends them as one message. Reminders that arrive while it is sending are
// sent in a further message before it ends, never dropped; one that comes
// after it ended starts the next run of the same id (BundleWorkflowID).
func BundleWorkflow(ctx workflow.Context, in BundleInput) error {
	adds := workflow.GetSignalChannel(ctx, SignalBundleAdd)
	b := &bundle{seen: map[string]bool{}}
	if wait := in.SendAt.Sub(workflow.Now(ctx)); wait > 0 {
		due := false
		sel := workflow.NewSelector(ctx)
		sel.AddFuture(workflow.NewTimer(ctx, wait), func(workflow.Future) { due = true })
		sel.AddReceive(adds, func(c workflow.ReceiveChannel, _ bool) {
			var item BundleItem
			c.Receive(ctx, &item)
			b.add(item)
		})
		for !due {
			sel.Select(ctx)
		}
	}
	ctx = workflow.WithActivityOptions(ctx, bundleSendOptions)
	for {
		b.drain(adds)
		if len(b.pending) == 0 {
			return nil
		}
		items := b.pending[:min(len(b.pending), maxBundleItems)]
		b.pending = b.pending[len(items):]
		msg := Bundle{Person: in.Person, Day: in.Day, Items: items}
		if err := workflow.ExecuteActivity(ctx, ActivitySendBundle, msg).Get(ctx, nil); err != nil {
			return err
		}
	}
}

// bundle is what a bundle workflow has gathered and not sent yet, in the
// order it came, with every key it has seen.
type bundle struct {
	pending []BundleItem
	seen    map[string]bool // looked up only, never ranged over: order comes from pending
}

func (b *bundle) add(item BundleItem) {
	if b.seen[item.Key] {
		return
	}
	b.seen[item.Key] = true
	b.pending = append(b.pending, item)
}

// drain takes every signal already delivered, without blocking.
func (b *bundle) drain(adds workflow.ReceiveChannel) {
	for {
		var item BundleItem
		if !adds.ReceiveAsync(&item) {
			return
		}
		b.add(item)
	}
}
