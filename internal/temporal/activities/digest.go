package activities

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// SendDigest builds the campaign's report now and posts it through every
// notifier.
func (a *Activities) SendDigest(ctx context.Context, in workflows.DigestInput) error {
	r, err := report.Build(ctx, a.Reports, in.Campaign, time.Now())
	if err != nil {
		return err
	}
	c, err := a.Store.GetCampaign(ctx, in.Campaign)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		loc = time.UTC
	}
	d := notify.Digest{
		Campaign: notify.Campaign{ID: c.ID, Title: c.Title, Timezone: loc, SlackChannel: c.SlackChannel},
		Report:   r,
		BaseURL:  a.BaseURL,
	}
	var failed []string
	for _, n := range a.Notifiers {
		if err := n.SendDigest(ctx, d); err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", n.Name(), err))
		}
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "; "))
	}
	return nil
}

// syncDigest makes the campaign's digest schedule match its cron: created or
// updated when the campaign has one, deleted when it has none.
func (a *Activities) syncDigest(ctx context.Context, c store.Campaign) error {
	sc := a.Temporal.ScheduleClient()
	id := workflows.DigestScheduleID(c.ID)
	h := sc.GetHandle(ctx, id)
	if c.Digest == "" {
		err := h.Delete(ctx)
		if err != nil && !isNotFound(err) {
			return err
		}
		return nil
	}
	spec := client.ScheduleSpec{CronExpressions: []string{c.Digest}, TimeZoneName: c.Timezone}
	action := &client.ScheduleWorkflowAction{
		ID:        "digest/" + c.ID, // the schedule appends the fire time
		Workflow:  workflows.DigestWorkflowName,
		Args:      []any{workflows.DigestInput{Campaign: c.ID}},
		TaskQueue: workflows.TaskQueue,
	}
	return upsertSchedule(ctx, sc, id, spec, action)
}

// upsertSchedule creates the schedule id, or brings the one there to spec
// and action: every caller may run it again (a re-import, a worker's start).
func upsertSchedule(ctx context.Context, sc client.ScheduleClient, id string, spec client.ScheduleSpec, action *client.ScheduleWorkflowAction) error {
	_, err := sc.Create(ctx, client.ScheduleOptions{ID: id, Spec: spec, Action: action})
	if !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return err
	}
	return sc.GetHandle(ctx, id).Update(ctx, client.ScheduleUpdateOptions{
		DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
			in.Description.Schedule.Spec = &spec
			in.Description.Schedule.Action = action
			return &client.ScheduleUpdate{Schedule: &in.Description.Schedule}, nil
		},
	})
}

func isNotFound(err error) bool {
	var nf *serviceerror.NotFound
	return errors.As(err, &nf)
}
