package api

import (
	"context"
	"errors"
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
	"github.com/closeout/closeout/internal/formats/ledger"
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
	c.JSON(status, campaignWithTasks{campaignView: view, Tasks: nonNil(tasks), Adjusted: nonNil(planned.Adjusted)})
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
	// A workbook's plan document is held to the limit of a plan sent as
	// JSON, which it is imported as.
	if doc.Ledger != nil && len(doc.Ledger.Errors) == 0 && len(doc.Data) > maxBody {
		writeProblem(c, problem(http.StatusRequestEntityTooLarge, "the plan is too large"))
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
