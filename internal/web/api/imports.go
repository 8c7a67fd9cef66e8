package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/reverse"
	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// campaignWithTasks answers an import: the campaign and its scheduled tasks.
type campaignWithTasks struct {
	campaignView
	Tasks []task.View `json:"tasks"`
}

// dryRun answers ?dry_run=true: the schedule, nothing created.
type dryRun struct {
	Tasks    []task.View       `json:"tasks"`
	Critical []string          `json:"critical"`
	Problems []reverse.Problem `json:"problems"`
}

// importCampaign imports a plan (JSON or YAML): it validates and schedules it,
// stores the campaign and starts one workflow per task through an import
// workflow, then answers with the campaign and its tasks. Importing the same
// plan again changes nothing and answers the same; another plan under an
// existing id is refused.
func (s *Server) importCampaign(c *gin.Context) {
	ctx := c.Request.Context()
	body, format, ok := readPlanBody(c)
	if !ok {
		return
	}
	me := caller(c)
	opts, err := s.parseOptions(ctx)
	if err != nil {
		c.Error(err)
		return
	}
	// Parse errors and schedule problems come back in one answer.
	p, res, err := plan.Check(body, format, opts)
	if err != nil {
		c.Error(planProblem(checkDetail(err), err))
		return
	}
	if field, bad := nulField(p); bad {
		c.Error(nulProblem("the plan is not valid", field))
		return
	}
	if len(p.People) > 0 && !me.Has(store.RoleAdmin) {
		c.Error(forbidden("only an admin may create people; remove people: from the plan or ask an admin to import it"))
		return
	}
	checked, ok := s.planUnitsAllowed(c, me, p) // internal/web/api/unit_rights.go: refused whole, before anything is written
	if !ok {
		return
	}
	specs, err := planning.Specs(p, res)
	if err != nil {
		c.Error(unprocessable("the plan cannot be scheduled", FieldError{Message: err.Error()}))
		return
	}
	if errs := oversizedSpecs(specs, planTaskField(p)); len(errs) > 0 {
		c.Error(unprocessable("the plan has tasks too large to run", errs...))
		return
	}
	if dry, _ := strconv.ParseBool(c.Query("dry_run")); dry {
		c.JSON(http.StatusOK, dryRun{Tasks: task.InitialViews(specs, s.now()), Critical: nonNil(res.Critical), Problems: nonNil(res.Problems)})
		return
	}

	existing, err := s.store.GetCampaign(ctx, p.ID)
	switch {
	case err == nil && existing.PlanHash != p.Hash():
		c.Error(conflict("campaign " + p.ID + " exists with a different plan; add tasks with POST /api/v1/campaigns/" + p.ID + "/tasks"))
		return
	case err == nil:
		if err := s.store.RecordAudit(ctx, audit.Entry{At: s.now(), Actor: me.ID, Action: audit.CampaignReimported,
			Target: audit.CampaignTarget(p.ID), Detail: map[string]any{"plan_hash": p.Hash(), "status": existing.Status}}); err != nil {
			c.Error(err)
			return
		}
		s.finishImport(c, existing, http.StatusOK)
		return
	case !errors.Is(err, store.ErrNotFound):
		c.Error(err)
		return
	}
	doc, err := p.Canonical()
	if err != nil {
		c.Error(err)
		return
	}
	if err := s.store.UpsertPeople(ctx, people(p, s.now())); err != nil {
		c.Error(err)
		return
	}
	// The plan's units, after its people (their members): importing is for
	// admins and managers, and so is creating units (POST /units).
	if len(p.Units) > 0 {
		if err := s.store.UpsertUnitsAsChecked(ctx, planUnits(p, s.now()), checked); err != nil {
			c.Error(unitWriteError(err))
			return
		}
	}
	cal, _ := p.Calendar.MarshalJSON()
	saved, _, err := s.store.SaveCampaign(ctx, store.Campaign{
		ID: p.ID, Title: p.Title, Owner: p.Owner, Timezone: p.Timezone, Calendar: cal,
		Start: p.Start.Time.UTC(), Deadline: campaignDeadline(p), Status: store.CampaignImporting,
		SlackChannel: p.SlackChannel, Digest: p.Digest, QuietHours: p.QuietHours, Tracks: tracks(p),
		PlanHash: p.Hash(), Plan: doc, CreatedAt: s.now(),
	})
	if err != nil {
		c.Error(err)
		return
	}
	if saved.PlanHash != p.Hash() { // someone imported another plan under this id meanwhile
		c.Error(conflict("campaign " + p.ID + " exists with a different plan"))
		return
	}
	s.finishImport(c, saved, http.StatusCreated)
}

// finishImport makes sure the campaign's import workflow has run (starting it
// or joining the one running) and answers with the campaign and its tasks.
func (s *Server) finishImport(c *gin.Context, cp store.Campaign, status int) {
	ctx := c.Request.Context()
	if cp.Status == store.CampaignImporting {
		run, err := s.temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
			ID:                       workflows.ImportWorkflowID(cp.ID),
			TaskQueue:                workflows.TaskQueue,
			WorkflowIDConflictPolicy: enums.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
			WorkflowIDReusePolicy:    enums.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		}, workflows.ImportWorkflowName, workflows.ImportInput{Campaign: cp.ID})
		if err != nil {
			c.Error(err)
			return
		}
		if err := run.Get(ctx, nil); err != nil {
			c.Error(err)
			return
		}
		if cp, err = s.store.GetCampaign(ctx, cp.ID); err != nil {
			c.Error(err)
			return
		}
	}
	view, err := s.campaignView(ctx, cp)
	if err != nil {
		c.Error(err)
		return
	}
	tasks, err := s.store.CampaignTasks(ctx, cp.ID)
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(status, campaignWithTasks{campaignView: view, Tasks: nonNil(tasks)})
}

// addTask adds one task to a campaign (API-triggered task creation). It is
// scheduled like a plan task and answered once it is in the projection.
func (s *Server) addTask(c *gin.Context) {
	ctx := c.Request.Context()
	cp, err := s.campaign(c)
	if err != nil {
		c.Error(err)
		return
	}
	me := caller(c)
	if me.ID != cp.Owner && !me.Has(store.RoleAdmin) && !me.Has(store.RoleManager) {
		c.Error(forbidden("only the campaign owner, a manager or an admin adds tasks"))
		return
	}
	body, format, ok := readPlanBody(c)
	if !ok {
		return
	}
	if d, ok := dispatchRequestOf(body); ok {
		s.dispatchTo(c, cp.ID, d)
		return
	}
	spec, deps, err := s.planner.NewTaskWith(ctx, cp.ID, body, format,
		plan.ParseOptions{PersonExists: s.personExists(ctx), UnitExists: s.unitExists(ctx)})
	if err != nil {
		c.Error(planProblem("the task is not valid", err))
		return
	}
	if field, bad := nulField(spec); bad {
		c.Error(nulProblem("the task is not valid", field))
		return
	}
	if errs := oversizedSpecs([]task.Spec{spec}, func(task.Spec) string { return "" }); len(errs) > 0 {
		c.Error(unprocessable("the task is too large to run", errs...))
		return
	}
	view, err := s.ops.Create(ctx, spec)
	if err != nil {
		c.Error(opsProblem(err))
		return
	}
	if err := s.planner.SignalDependencies(ctx, deps); err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusCreated, view)
}

// checkDetail words the refusal of a plan: schedule problems alone mean the
// plan is well formed but cannot be met, which allow_infeasible overrides.
func checkDetail(err error) string {
	if ve, ok := errors.AsType[*plan.ValidationError](err); ok && ve.Unmet {
		return "the plan cannot be met as written (set allow_infeasible: true to import it anyway)"
	}
	return "the plan is not valid"
}

// readPlanBody reads a plan or task body and its format from Content-Type.
func readPlanBody(c *gin.Context) ([]byte, plan.Format, bool) {
	format, err := plan.FormatFromContentType(c.ContentType())
	if err != nil {
		writeProblem(c, problem(http.StatusUnsupportedMediaType, "send the plan as application/json or application/yaml"))
		return nil, 0, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	if err != nil {
		writeProblem(c, problem(http.StatusRequestEntityTooLarge, "the plan is too large"))
		return nil, 0, false
	}
	return body, format, true
}

// planProblem answers a plan's validation errors, each with its field path
// (writeProblem lists the first MaxErrors and counts the rest); a plan over
// the task or unit limit is 413.
func planProblem(detail string, err error) error {
	var ve *plan.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	fields := make([]FieldError, len(ve.Errors))
	for i, fe := range ve.Errors {
		fields[i] = FieldError{Field: fe.Field, Message: fe.Message}
	}
	if ve.TooLarge {
		return problem(http.StatusRequestEntityTooLarge, "the plan is too large", fields...)
	}
	return unprocessable(detail, fields...)
}

// personExists checks person ids against the store, remembering answers for
// the rest of the request.
func (s *Server) personExists(ctx context.Context) func(string) bool {
	known := map[string]bool{}
	return func(id string) bool {
		if v, ok := known[id]; ok {
			return v
		}
		_, err := s.store.GetPerson(ctx, id)
		known[id] = err == nil
		return known[id]
	}
}

// people are the plan's people as the store keeps them.
func people(p *plan.Plan, now time.Time) []store.Person {
	out := make([]store.Person, len(p.People))
	for i, pp := range p.People {
		out[i] = store.Person{ID: pp.ID, Name: pp.Name, Email: pp.Email, SlackID: pp.SlackID, CreatedAt: now,
			PersonSettings: store.PersonSettings{Mobile: pp.Mobile, Timezone: pp.Timezone, QuietHours: pp.QuietHours, Reminders: pp.Reminders}}
	}
	return out
}

func tracks(p *plan.Plan) []store.Track {
	out := make([]store.Track, len(p.Tracks))
	for i, t := range p.Tracks {
		out[i] = store.Track{ID: t.ID, Title: t.Title}
	}
	return out
}

// campaignDeadline is the plan's deadline, or the latest task deadline when
// the plan gives none.
func campaignDeadline(p *plan.Plan) time.Time {
	if !p.Deadline.IsZero() {
		return p.Deadline.Time.UTC()
	}
	var last time.Time
	for _, t := range p.Tasks() {
		if t.Deadline.Time.After(last) {
			last = t.Deadline.Time
		}
	}
	return last.UTC()
}

// nonNil makes an empty list marshal as [] rather than null.
func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
