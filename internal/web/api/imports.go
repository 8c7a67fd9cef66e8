package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/importing"
	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/reverse"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/formats/ledger"
	"github.com/closeout/closeout/internal/platform/store"
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

// importCampaign serves POST /campaigns: a plan (JSON or YAML) or a ledger
// workbook, imported by importing.Importer. This handler reads the request,
// decodes the body with the decoder its content type chooses, and words
// the outcome: ?dry_run=true answers the schedule, creating nothing;
// otherwise the campaign and its tasks once every task workflow has
// started. Importing the same plan again changes nothing and answers the
// same; another plan under an existing id is refused. A workbook's errors
// name its cells, not plan paths.
func (s *Server) importCampaign(c *gin.Context) {
	ctx := c.Request.Context()
	doc, ok := s.readImport(c)
	if !ok {
		return
	}
	opts, version, err := s.importOptions(ctx)
	if err != nil {
		c.Error(err)
		return
	}
	me := caller(c)
	planned, err := s.importer.Plan(ctx, importing.Request{
		Doc: doc, Options: opts, CalendarVersion: version, Actor: me.ID, Gate: importGate{s: s, me: me},
	})
	if err != nil {
		c.Error(importProblem(doc, err))
		return
	}
	if dry, _ := strconv.ParseBool(c.Query("dry_run")); dry {
		c.JSON(http.StatusOK, dryRun{Tasks: task.InitialViews(planned.Specs, s.now()),
			Critical: nonNil(planned.Schedule.Critical), Problems: nonNil(planned.Schedule.Problems)})
		return
	}
	imported, err := s.importer.Import(ctx, planned)
	if err != nil {
		c.Error(importProblem(doc, err))
		return
	}
	status := http.StatusOK
	if imported.Created {
		status = http.StatusCreated
	}
	view, err := s.campaignView(ctx, imported.Campaign)
	if err != nil {
		c.Error(err)
		return
	}
	tasks, err := s.store.CampaignTasks(ctx, imported.Campaign.ID)
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(status, campaignWithTasks{campaignView: view, Tasks: nonNil(tasks)})
}

// readImport reads an import's body and decodes it, answering the request
// itself when it cannot: a type that is neither a plan nor a workbook
// (415), a body over maxBody (413), a workbook too large to open (413) or
// not one at all (422). The Idempotency-Key covers the body as sent, the
// workbook's bytes included.
func (s *Server) readImport(c *gin.Context) (importing.Document, bool) {
	dec, err := importing.DecoderFor(c.ContentType(), s.directory(c.Request.Context()))
	if err != nil {
		writeProblem(c, problem(http.StatusUnsupportedMediaType, err.Error())) // importing.ErrUnsupportedType
		return importing.Document{}, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	if err != nil {
		tooLarge := "the plan is too large"
		if dec.Workbook() {
			tooLarge = "the workbook is larger than the 8 MiB a plan may be"
		}
		writeProblem(c, problem(http.StatusRequestEntityTooLarge, tooLarge))
		return importing.Document{}, false
	}
	doc, err := dec.Decode(body)
	switch {
	case errors.Is(err, ledger.ErrTooLarge):
		writeProblem(c, problem(http.StatusRequestEntityTooLarge, err.Error()))
		return doc, false
	case errors.Is(err, ledger.ErrNotWorkbook), errors.Is(err, ledger.ErrEncrypted):
		writeProblem(c, unprocessable(err.Error()))
		return doc, false
	case err != nil:
		c.Error(err)
		return doc, false
	}
	return doc, true
}

// importOptions are the options an import reads a plan with (people and
// units from the store, cn over the years loaded so far, the task limit)
// and the version of those calendars.
func (s *Server) importOptions(ctx context.Context) (plan.ParseOptions, int64, error) {
	var (
		cals    *calendar.Set
		version int64
	)
	if s.planner != nil {
		var err error
		if cals, version, err = s.planner.Calendars().Current(ctx); err != nil {
			return plan.ParseOptions{}, 0, err
		}
	}
	return plan.ParseOptions{Now: s.now(), PersonExists: s.personExists(ctx), UnitExists: s.unitExists(ctx),
		Calendars: cals, MaxTasks: s.maxPlanTasks}, version, nil
}

// importGate is what the API admits of a plan beyond its being valid: text
// without NUL, people created only by an admin, units only by whoever may
// write them, and tasks small enough to be a workflow's input.
type importGate struct {
	s  *Server
	me store.Person
}

func (g importGate) Plan(ctx context.Context, p *plan.Plan) (store.UnitsAsChecked, error) {
	if field, bad := nulField(p); bad {
		return nil, nulProblem("the plan is not valid", field)
	}
	if len(p.People) > 0 && !g.me.Has(store.RoleAdmin) {
		return nil, forbidden("only an admin may create people; remove people: from the plan or ask an admin to import it")
	}
	return g.s.planUnitsAllowed(ctx, g.me, p) // refused whole, before anything is written
}

func (g importGate) Specs(p *plan.Plan, specs []task.Spec) error {
	if errs := oversizedSpecs(specs, planTaskField(p)); len(errs) > 0 {
		return unprocessable("the plan has tasks too large to run", errs...)
	}
	return nil
}

// importProblem words a failed import: a refusal as its problem, a unit
// changed under the import as 409, anything else as it is. For a workbook,
// the problem's fields become the cells they came from.
func importProblem(doc importing.Document, err error) error {
	var pr *Problem
	if r, ok := errors.AsType[*importing.Refusal](err); ok {
		switch r.Reason {
		case importing.Invalid:
			err = planProblem(r.Detail, r.Err)
		case importing.InvalidLedger: // its fields are at their cells already
			pr = unprocessable(r.Detail, fieldErrors(r.Fields)...)
			pr.MoreErrors = r.More // beyond the ledger's first MaxErrors, counted only
			return pr
		case importing.Unschedulable:
			err = unprocessable(r.Detail, FieldError{Message: r.Err.Error()})
		case importing.Conflict:
			err = conflict(r.Detail)
		}
	}
	err = unitWriteError(err)
	if doc.Ledger == nil || !errors.As(err, &pr) || len(pr.Errors) == 0 {
		return err
	}
	located := *pr
	fields := make([]ledger.FieldError, len(pr.Errors))
	for i, e := range pr.Errors {
		fields[i] = ledger.FieldError{Field: e.Field, Message: e.Message}
	}
	cells := doc.Cells(fields)
	located.Errors = make([]FieldError, len(cells))
	for i, e := range cells {
		located.Errors[i] = FieldError{Field: e.Field, Message: e.Message}
	}
	return &located
}

// fieldErrors are a refusal's fields as the API lists them.
func fieldErrors(in []importing.FieldError) []FieldError {
	out := make([]FieldError, len(in))
	for i, e := range in {
		out[i] = FieldError{Field: e.Field, Message: e.Message}
	}
	return out
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

// nonNil makes an empty list marshal as [] rather than null.
func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
