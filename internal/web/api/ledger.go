package api

import (
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/importing"
	"github.com/closeout/closeout/internal/formats/ledger"
	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/store"
)

// Excel ledgers (台账, SPEC section 11): the template and a campaign's live
// ledger; importing one is an import like any other (imports.go, through
// importing's workbook decoder). Docs: docs/ledgers.md.

// ledgerContentType is the media type of an .xlsx workbook.
const ledgerContentType = importing.WorkbookContentType

// ledgerStore is what the ledgers read beyond the rest of Store.
type ledgerStore interface {
	CampaignPlan(ctx context.Context, id string) (json.RawMessage, error)
	PeopleNamed(ctx context.Context, names []string) (map[string][]string, error)
	UnitsNamed(ctx context.Context, names []string) (map[string][]string, error)
	UnitNames(ctx context.Context, ids []string) (map[string]string, error)
	LastEvents(ctx context.Context, campaign string) (map[string]task.Event, error)
}

// directory resolves a ledger's names through the store.
func (s *Server) directory(ctx context.Context) ledger.Directory {
	return storeDirectory{ctx: ctx, store: s.store, person: s.personExists(ctx), unit: s.unitExists(ctx)}
}

type storeDirectory struct {
	ctx          context.Context
	store        Store
	person, unit func(string) bool
}

func (d storeDirectory) PersonExists(id string) bool { return d.person(id) }
func (d storeDirectory) UnitExists(id string) bool   { return d.unit(id) }
func (d storeDirectory) PeopleNamed(names []string) (map[string][]string, error) {
	return d.store.PeopleNamed(d.ctx, names)
}
func (d storeDirectory) UnitsNamed(names []string) (map[string][]string, error) {
	return d.store.UnitsNamed(d.ctx, names)
}

// ledgerTemplate serves the empty ledger to fill in.
func (s *Server) ledgerTemplate(c *gin.Context) {
	writeDocument(c, ledgerContentType, "ledger.xlsx", func(w io.Writer) error {
		data, err := ledger.Template()
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
}

// ledgerReport serves GET /campaigns/{id}/report?format=xlsx, the live
// ledger: the report's figures (report.Build, as the JSON report), every
// task as the projection has it, and the plan as imported.
func (s *Server) ledgerReport(c *gin.Context) {
	ctx := c.Request.Context()
	id := c.Param("campaign")
	r, err := report.Build(ctx, s.store, id, s.now())
	if !campaignFound(c, err) {
		return
	}
	live := ledger.Live{Report: r}
	if live.Tasks, err = s.store.CampaignTasks(ctx, id); err != nil {
		c.Error(err)
		return
	}
	if live.Last, err = s.store.LastEvents(ctx, id); err != nil {
		c.Error(err)
		return
	}
	if live.Names, err = s.ledgerNames(ctx, live.Tasks); err != nil {
		c.Error(err)
		return
	}
	if live.Plan, err = s.storedPlan(ctx, id); err != nil {
		c.Error(err)
		return
	}
	// The plan's people carry emails and Slack ids, which no endpoint
	// shows but to an admin; only an admin may import people anyway. For
	// anyone else the people stay out, and a re-import finds them in the
	// store.
	if !caller(c).Has(store.RoleAdmin) {
		live.Plan.People = nil
	}
	writeDocument(c, ledgerContentType, id+"-ledger.xlsx", func(w io.Writer) error {
		data, err := ledger.Export(live)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
}

// ledgerNames are the names of the tasks' owners and supervisors, people by
// id and units by unit:ID, in two queries.
func (s *Server) ledgerNames(ctx context.Context, tasks []task.View) (map[string]string, error) {
	var people, units []string
	for _, t := range tasks {
		for _, h := range []string{t.Owner, t.Supervisor} {
			if u, ok := strings.CutPrefix(h, task.UnitPrefix); ok {
				units = append(units, u)
			} else if h != "" {
				people = append(people, h)
			}
		}
	}
	out := map[string]string{}
	found, err := s.store.PeopleByID(ctx, slices.Compact(slices.Sorted(slices.Values(people))))
	if err != nil {
		return nil, err
	}
	for id, p := range found {
		out[id] = p.Name
	}
	unitNames, err := s.store.UnitNames(ctx, units)
	if err != nil {
		return nil, err
	}
	for id, name := range unitNames {
		out[task.UnitPrefix+id] = name
	}
	return out, nil
}
