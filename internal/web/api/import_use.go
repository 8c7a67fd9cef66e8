package api

import (
	"context"
	"errors"

	"github.com/closeout/closeout/internal/app/importing"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// errPlanTooLarge is a workbook whose plan is larger than a plan may be.
var errPlanTooLarge = errors.New("the plan is too large")

// Imports is the import use case with the API's own rules (the same gate,
// options and limits as POST /campaigns), for the dashboard's import page:
// one set of rules whichever way a plan comes in.
type Imports struct{ s *Server }

// Imports is the import use case as this server admits it.
func (s *Server) Imports() Imports { return Imports{s: s} }

// Plan decodes a body of contentType and checks, admits and schedules it
// as me: a dry run. Its errors are importing's and ledger's (a refusal, a
// body that is no usable workbook), a *Problem from the gate, or a failure.
func (im Imports) Plan(ctx context.Context, me store.Person, contentType string, body []byte) (importing.Document, importing.Planned, error) {
	return im.s.planImport(ctx, me, contentType, body)
}

// Changes is what importing the plan would change in its stored campaign.
func (im Imports) Changes(ctx context.Context, p *plan.Plan) (*importing.Changes, error) {
	return im.s.importer.Changes(ctx, p)
}

// Begin stores the planned campaign and starts its import, not waiting.
func (im Imports) Begin(ctx context.Context, pl importing.Planned) (importing.Imported, error) {
	return im.s.importer.Begin(ctx, pl)
}

// Progress is how far a campaign's import has got.
func (im Imports) Progress(ctx context.Context, campaign string) (workflows.ImportProgress, error) {
	return im.s.importer.Progress(ctx, campaign)
}

// Sentences are the problem's detail and each field's message, for a page
// that shows a refusal the API words (the gate's) to a person, in l.
func (p *Problem) Sentences(l i18n.Lang) []string {
	out := []string{p.Detail.In(l)}
	for _, e := range p.Errors {
		if e.Field != "" {
			out = append(out, e.Field+": "+e.Message.In(l))
			continue
		}
		out = append(out, e.Message.In(l))
	}
	return out
}
