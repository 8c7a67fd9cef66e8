package dashboard

import (
	"errors"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/importing"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/formats/ledger"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// importRefusal is why a file cannot be imported: a sentence, and each
// error at its cell (任务!F3) or plan field, in the reader's language.
type importRefusal struct {
	Detail string
	Errors []importFieldError
	// More counts the errors beyond those listed.
	More int
}

type importFieldError struct {
	Field, Text string
}

// refusalSentences is a refusal the API words for people (its *Problem,
// from the import gate): its detail and fields, in the reader's language.
type refusalSentences interface {
	error
	Sentences(i18n.Lang) []string
}

// wordImportError puts on the page why an import was refused; for a
// failure (the store's, Temporal's) it answers the 500 page itself and is
// false.
func (d *Dashboard) wordImportError(c *gin.Context, p *importPage, doc importing.Document, err error) bool {
	l := p.L
	r := &importRefusal{}
	p.Refusal = r
	refusal, isRefusal := errors.AsType[*importing.Refusal](err)
	switch {
	case errors.Is(err, importing.ErrUnsupportedType):
		r.Detail = l.T("import.err.type")
	case errors.Is(err, ledger.ErrTooLarge):
		r.Detail = l.T("import.err.toolarge")
	case errors.Is(err, ledger.ErrNotWorkbook):
		r.Detail = l.T("import.err.notworkbook")
	case errors.Is(err, ledger.ErrEncrypted):
		r.Detail = l.T("import.err.encrypted")
	case errors.Is(err, store.ErrUnitChanged):
		r.Detail = l.T("import.err.unitchanged")
	case isRefusal:
		wordRefusal(r, l, doc, refusal)
	default:
		if gate, ok := errors.AsType[refusalSentences](err); ok {
			s := gate.Sentences(i18n.Lang(l))
			r.Detail = l.T("import.err.refused") + " " + s[0]
			for _, more := range s[1:] {
				r.Errors = append(r.Errors, importFieldError{Text: more})
			}
			return true
		}
		d.fail(c, err)
		return false
	}
	return true
}

// wordRefusal words importing's refusal: each field error in l, a plan's
// at the workbook cell it came from.
func wordRefusal(r *importRefusal, l lang, doc importing.Document, refusal *importing.Refusal) {
	in := i18n.Lang(l)
	switch refusal.Reason {
	case importing.InvalidLedger: // at their cells already
		r.Detail, r.More = l.T("import.err.ledger"), refusal.More
		for _, e := range refusal.Fields {
			r.Errors = append(r.Errors, importFieldError{Field: e.Field, Text: e.Text().In(in)})
		}
	case importing.Invalid:
		r.Detail = l.T("import.err.invalid")
		ve, _ := errors.AsType[*plan.ValidationError](refusal.Err)
		if ve == nil {
			return
		}
		if ve.Unmet {
			r.Detail = l.T("import.err.unmet")
		}
		for _, e := range ve.Errors {
			r.Errors = append(r.Errors, atCell(doc, e, in))
		}
	case importing.Unschedulable:
		r.Detail = l.T("import.err.unschedulable")
		r.Errors = []importFieldError{{Text: refusal.Err.Error()}}
	case importing.Conflict:
		r.Detail = l.T("import.err.conflict")
	}
}

// atCell is a plan's field error at the workbook cell its field came from
// (for a JSON or YAML plan, at its field). Locating may prefix the message
// with the part of the field below the cell; the prefix is kept in either
// language.
func atCell(doc importing.Document, e plan.FieldError, in i18n.Lang) importFieldError {
	located := doc.Cells([]ledger.FieldError{{Field: e.Field, Message: e.Message}})
	if len(located) != 1 {
		return importFieldError{Field: e.Field, Text: e.Text().In(in)}
	}
	prefix := strings.TrimSuffix(located[0].Message, e.Message)
	return importFieldError{Field: located[0].Field, Text: prefix + e.Text().In(in)}
}
