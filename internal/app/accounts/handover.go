package accounts

import (
	"context"
	"errors"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// TaskRef names one task.
type TaskRef struct {
	Campaign string `json:"campaign"`
	ID       string `json:"id"`
}

// Handed is the outcome of handing one task over: Err is nil when it was
// reassigned, else the refusal (a task.RuleError, taskops.ErrNotFound, …)
// or the failure.
type Handed struct {
	Task TaskRef
	Err  error
}

// HandOverRequest asks for the open tasks of From to go to To.
type HandOverRequest struct {
	From, To string
	// Actor is who hands them over (an admin); the reassign action checks
	// its own rule for each task under this actor.
	Actor task.Actor
	// Only limits the handover to these tasks of From's; empty hands over
	// every open task they own.
	Only []TaskRef
	// Reason is the reassign's reason; empty: one naming the handover.
	Reason string
}

// ErrHandOverTo refuses a handover to nobody, to the person themself, or
// to someone who cannot take it (unknown or deactivated).
var ErrHandOverTo = errors.New("the person to hand over to")

// refusal is a refusal worded in both languages (i18n.TextOf finds its
// words) that errors.Is still reads as its sentinel.
type refusal struct {
	sentinel error
	words    error // an *i18n.Error
}

func (r *refusal) Error() string   { return r.words.Error() }
func (r *refusal) Unwrap() []error { return []error{r.sentinel, r.words} }

// refuse words a refusal that is sentinel (i18n.Errorf's format and args).
func refuse(sentinel error, format string, args ...any) error {
	return &refusal{sentinel: sentinel, words: i18n.Errorf(format, args...)}
}

// HandOver reassigns the open tasks From owns to To, one by one through the
// normal reassign action (taskops), each under its own rules: one task's
// refusal stops none of the others. A task named in Only that From does not
// own open is refused as not found, without acting on it.
func (p *People) HandOver(ctx context.Context, r HandOverRequest) ([]Handed, error) {
	if r.To == "" || r.To == r.From {
		return nil, refuse(ErrHandOverTo, "the person to hand over to must be someone other than %s", r.From)
	}
	to, err := p.Store.GetAccount(ctx, r.To)
	if errors.Is(err, store.ErrNotFound) {
		return nil, refuse(ErrHandOverTo, "the person to hand over to, %s, does not exist", r.To)
	}
	if err != nil {
		return nil, err
	}
	if !to.Active {
		return nil, refuse(ErrHandOverTo, "the person to hand over to, %s, is deactivated", r.To)
	}
	held, err := p.Store.HandoverOf(ctx, r.From)
	if err != nil {
		return nil, err
	}
	owned := map[TaskRef]bool{}
	var refs []TaskRef
	for _, t := range held.Tasks {
		ref := TaskRef{t.Campaign, t.ID}
		owned[ref] = true
		refs = append(refs, ref)
	}
	if len(r.Only) > 0 {
		refs = r.Only
	}
	reason := r.Reason
	if reason == "" {
		reason = "工作交接 handover from " + r.From
	}
	out := make([]Handed, 0, len(refs))
	for _, ref := range refs {
		if !owned[ref] {
			out = append(out, Handed{Task: ref, Err: refuse(taskops.ErrNotFound, "%s owns no open task %s/%s", r.From, ref.Campaign, ref.ID)})
			continue
		}
		_, err := p.Tasks.Act(ctx, task.View{Campaign: ref.Campaign, ID: ref.ID}, taskops.Action{
			Kind:    task.Reassign,
			Request: &task.ReassignRequest{Actor: r.Actor, Owner: r.To, Reason: reason},
		})
		out = append(out, Handed{Task: ref, Err: err})
	}
	return out, nil
}
