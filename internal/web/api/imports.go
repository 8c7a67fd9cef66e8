package api

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/importing"
	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/reverse"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
)

// campaignWithTasks answers an import: the campaign, its scheduled tasks
// and the deadlines the schedule pulled earlier than the plan asked.
type campaignWithTasks struct {
	campaignView
	Tasks    []task.View            `json:"tasks"`
	Adjusted []importing.Adjustment `json:"adjusted"`
}

// dryRun answers ?dry_run=true: the schedule, the deadlines it pulled
// earlier and why, and for a campaign already imported what the import
// would change in its list (absent for a new one); nothing created.
type dryRun struct {
	Tasks    []task.View            `json:"tasks"`
	Critical []string               `json:"critical"`
	Problems []reverse.Problem      `json:"problems"`
	Adjusted []importing.Adjustment `json:"adjusted"`
	Changes  *importing.Changes     `json:"changes,omitempty"`
}

// importCampaign serves POST /campaigns: a plan (JSON or YAML) or a ledger
// workbook, imported by importing.Importer. This handler reads the request,
// decodes the body with the decoder its content type chooses, and words
// the outcome: ?dry_run=true answers the schedule, the deadlines it moved
// and, for a campaign already imported, what would change, creating nothing;
// otherwise the campaign and its tasks once every task workflow has
// started. Importing the same plan again changes nothing and answers the
// same; another plan under an existing id is refused. A workbook's errors
// name its cells, not plan paths.
func (s *Server) importCampaign(c *gin.Context) {
	ctx := c.Request.Context()
	body, ok := s.readImport(c)
	if !ok {
		return
	}
	doc, planned, err := s.planImport(ctx, caller(c), c.ContentType(), body)
	if err != nil {
		c.Error(importProblem(doc, "", err))
		return
	}
	if dry, _ := strconv.ParseBool(c.Query("dry_run")); dry {
		changes, err := s.importer.Changes(ctx, planned.Plan)
		if err != nil {
			c.Error(err)
			return
		}
		c.JSON(http.StatusOK, dryRun{Tasks: task.InitialViews(planned.Specs, s.now()),
			Critical: nonNil(planned.Schedule.Critical), Problems: nonNil(planned.Schedule.Problems),
			Adjusted: nonNil(planned.Adjusted), Changes: changes})
		return
	}
	imported, err := s.importer.Import(ctx, planned)
	if err != nil {
		c.Error(importProblem(doc, "", err))
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
	c.JSON(status, campaignWithTasks{campaignView: view, Tasks: nonNil(tasks), Adjusted: nonNil(planned.Adjusted)})
}

// readImport reads an import's body, answering the request itself when it
// cannot: a type that is neither a plan nor a workbook (415) or a body over
// maxBody (413). The Idempotency-Key covers the body as sent, the
// workbook's bytes included.
func (s *Server) readImport(c *gin.Context) ([]byte, bool) {
	dec, err := importing.DecoderFor(c.ContentType(), nil)
	if err != nil {
		// importing.ErrUnsupportedType
		writeProblem(c, problem(http.StatusUnsupportedMediaType,
			"send the plan as application/json or application/yaml, or a ledger as %s", importing.WorkbookContentType))
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	if err != nil {
		if dec.Workbook() {
			writeProblem(c, problem(http.StatusRequestEntityTooLarge, "the workbook is larger than the %d MiB a plan may be", maxBody>>20))
		} else {
			writeProblem(c, problem(http.StatusRequestEntityTooLarge, "the plan is too large"))
		}
		return nil, false
	}
	return body, true
}

// planImport is an import up to its dry run, as the API and the
// dashboard's import page (Imports) take it: the body decoded by its
// content type, checked and scheduled with the store's people, units and
// calendars, and admitted by the caller's gate. A body that is no usable
// workbook is ledger's error as it is; a workbook's plan larger than a plan
// may be is errPlanTooLarge.
func (s *Server) planImport(ctx context.Context, me store.Person, contentType string, body []byte) (importing.Document, importing.Planned, error) {
	dec, err := importing.DecoderFor(contentType, s.directory(ctx))
	if err != nil {
		return importing.Document{}, importing.Planned{}, err
	}
	doc, err := dec.Decode(body)
	if err != nil {
		return doc, importing.Planned{}, err
	}
	// A workbook's plan document is held to the limit of a plan sent as
	// JSON, which it is imported as.
	if doc.Ledger != nil && len(doc.Ledger.Errors) == 0 && len(doc.Data) > maxBody {
		return doc, importing.Planned{}, errPlanTooLarge
	}
	opts, version, err := s.importOptions(ctx)
	if err != nil {
		return doc, importing.Planned{}, err
	}
	planned, err := s.importer.Plan(ctx, importing.Request{
		Doc: doc, Options: opts, CalendarVersion: version, Actor: me.ID, Gate: importGate{s: s, me: me},
	})
	return doc, planned, err
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

// personExists checks person ids against the store, remembering answers for
// the rest of the request.
func (s *Server) personExists(ctx context.Context) func(string) bool {
	return planning.PersonExists(ctx, s.store)
}

// nonNil makes an empty list marshal as [] rather than null.
func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
