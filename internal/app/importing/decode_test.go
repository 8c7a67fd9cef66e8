package importing

import (
	"errors"
	"testing"

	"github.com/closeout/closeout/internal/domain/plan"
)

// The decoder is chosen from the content type alone: a workbook's type, a
// plan's (JSON, YAML), or neither.
func TestDecoderFor(t *testing.T) {
	for _, tc := range []struct {
		contentType string
		workbook    bool
		format      plan.Format
		err         error
	}{
		{contentType: "application/json", format: plan.JSON},
		{contentType: "application/yaml", format: plan.YAML},
		{contentType: "APPLICATION/VND.OPENXMLFORMATS-OFFICEDOCUMENT.SPREADSHEETML.SHEET", workbook: true},
		{contentType: "text/csv", err: ErrUnsupportedType},
		{contentType: "", err: ErrUnsupportedType},
	} {
		dec, err := DecoderFor(tc.contentType, nil)
		if !errors.Is(err, tc.err) {
			t.Errorf("%q: error %v, want %v", tc.contentType, err, tc.err)
			continue
		}
		if err != nil {
			continue
		}
		if dec.Workbook() != tc.workbook {
			t.Errorf("%q: workbook %v, want %v", tc.contentType, dec.Workbook(), tc.workbook)
		}
		if tc.workbook {
			continue
		}
		doc, err := dec.Decode([]byte("id: x"))
		if err != nil || doc.Format != tc.format || string(doc.Data) != "id: x" || doc.Ledger != nil {
			t.Errorf("%q: decoded %+v, %v", tc.contentType, doc, err)
		}
	}
}
