package importing

import (
	"strings"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/formats/ledger"
	"github.com/closeout/closeout/internal/i18n"
)

// WorkbookContentType is the media type of an .xlsx workbook (台账).
const WorkbookContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ErrUnsupportedType is a body that is neither a plan (JSON, YAML) nor a
// workbook.
var ErrUnsupportedType = i18n.Errorf("send the plan as application/json or application/yaml, or a ledger as %s", WorkbookContentType)

// Document is a decoded body: the plan document and its format, and for a
// workbook the ledger it was read from (its own errors, and the cells that
// the plan's field paths came from).
type Document struct {
	Data   []byte
	Format plan.Format
	Ledger *ledger.Result
}

// Decoder turns a request body into a plan document.
type Decoder interface {
	Decode(body []byte) (Document, error)
	// Workbook says the body is a workbook (its size limit is worded so).
	Workbook() bool
}

// DecoderFor chooses the decoder of a content type; dir resolves a
// workbook's names of people and units.
func DecoderFor(contentType string, dir ledger.Directory) (Decoder, error) {
	if strings.EqualFold(contentType, WorkbookContentType) {
		return workbookDecoder{dir: dir}, nil
	}
	format, err := plan.FormatFromContentType(contentType)
	if err != nil {
		return nil, ErrUnsupportedType
	}
	return planDecoder{format: format}, nil
}

// planDecoder takes a JSON or YAML plan as it is.
type planDecoder struct{ format plan.Format }

func (d planDecoder) Decode(body []byte) (Document, error) {
	return Document{Data: body, Format: d.format}, nil
}

func (planDecoder) Workbook() bool { return false }

// workbookDecoder reads a ledger into the plan's JSON document, exactly what
// a JSON import would send. Its errors are ledger.ErrTooLarge,
// ErrNotWorkbook and ErrEncrypted for a body that is no usable workbook;
// errors in its cells are in Document.Ledger, for Check to report.
type workbookDecoder struct{ dir ledger.Directory }

func (d workbookDecoder) Decode(body []byte) (Document, error) {
	res, err := ledger.Read(body, d.dir)
	if err != nil {
		return Document{}, err
	}
	return Document{Data: res.Plan, Format: plan.JSON, Ledger: res}, nil
}

func (workbookDecoder) Workbook() bool { return true }

// Cells moves field errors from plan paths to the workbook cells they came
// from; for a JSON or YAML plan they stay as they are.
func (d Document) Cells(fields []ledger.FieldError) []ledger.FieldError {
	if d.Ledger == nil {
		return fields
	}
	return d.Ledger.Locate(fields)
}
