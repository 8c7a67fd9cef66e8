// Package activities is where closeout's workflows touch the world: the
// projection database and the notifiers. Activities are methods on one struct
// holding those dependencies; the worker registers them under the names the
// workflows package declares.
package activities

import (
	"context"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/app/reconcile"
	"github.com/closeout/closeout/internal/channels/notify"
	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/store"
)

// Store is the part of the projection the activities use.
type Store interface {
	ProjectTask(ctx context.Context, w task.ProjectionWrite) error
	GetTask(ctx context.Context, campaign, id string) (task.View, error)
	GetCampaign(ctx context.Context, id string) (store.Campaign, error)
	PeopleByID(ctx context.Context, ids []string) (map[string]store.Person, error)
	UnitRecipients(ctx context.Context, unit string) ([]string, error)
	Delivered(ctx context.Context, campaign, task string, seq int64, notifier string) (bool, error)
	RecordDelivery(ctx context.Context, campaign, task string, seq int64, notifier string, at time.Time) error
	// Substitutes, held and bundled notices (SPEC section 14).
	SubstitutesAt(ctx context.Context, people []string, t time.Time) (map[string]string, error)
	ReleasedTo(ctx context.Context, campaign, task string, seq int64, notifier string, people []string) (map[string]bool, error)
	RecordRelease(ctx context.Context, campaign, task string, seq int64, notifier string, people []string, at time.Time) error
	BundleDelivered(ctx context.Context, bundle, notifier string) (bool, error)
	RecordBundleDelivery(ctx context.Context, bundle, notifier string, at time.Time) error
}

// Activities holds what the activities need.
type Activities struct {
	Store     Store
	Notifiers []notify.Notifier
	// BaseURL is the dashboard's public address, for links in messages.
	BaseURL string
	// Replanner computes a task's plan under a new deadline.
	Replanner Replanner
	// Importer and ImportStore serve campaign imports; Temporal starts the
	// task workflows.
	Importer    Importer
	ImportStore ImportStore
	Temporal    client.Client
	// Reports are read for the digest.
	Reports report.Source
	// Reconciler compares the projection with the workflows (scheduled).
	Reconciler *reconcile.Reconciler
	// Metrics counts notifications and import progress; nil counts nothing.
	// These are counted per activity attempt (notify.go says how), since
	// an activity, unlike the workflow, runs again when it is retried.
	Metrics *metrics.Domain
	// Now is the clock quiet hours and substitute windows are read at;
	// default time.Now.
	Now func() time.Time
}

// Replanner re-runs the reverse schedule for a task whose deadline moves.
type Replanner interface {
	Replan(ctx context.Context, req task.RescheduleRequest) (task.Plan, error)
	PlanExtension(ctx context.Context, req task.RescheduleRequest) (task.ExtensionPlan, error)
}

// ProjectTask writes a task and its new events to the projection. It runs as a
// local activity inside the workflow task, so the action that caused it is
// answered only once it can be read back.
func (a *Activities) ProjectTask(ctx context.Context, w task.ProjectionWrite) error {
	return a.Store.ProjectTask(ctx, w)
}

// Reschedule answers the task's plan under the requested deadline and
// signals the tasks it depends on. Workflows from before PlanExtension still
// call it when they replay an extension's approval.
func (a *Activities) Reschedule(ctx context.Context, req task.RescheduleRequest) (task.Plan, error) {
	return a.Replanner.Replan(ctx, req)
}

// PlanExtension answers the task's plan under the requested deadline and the
// new plans of the tasks it depends on, changing nothing: the workflow
// signals those once its approval of the extension commits.
func (a *Activities) PlanExtension(ctx context.Context, req task.RescheduleRequest) (task.ExtensionPlan, error) {
	return a.Replanner.PlanExtension(ctx, req)
}
