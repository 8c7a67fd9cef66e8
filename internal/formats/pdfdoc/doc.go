package pdfdoc

import (
	"bytes"
	"fmt"
	"os"

	"codeberg.org/go-pdf/fpdf"
)

// Families the fonts are added as; fpdf names the embedded fonts after
// them (utf8cjk, utf8latin), which pdffonts shows.
const (
	cjkFamily   = "cjk"
	latinFamily = "latin"
)

// padMM is the space between a table cell's border and its text.
const padMM = 1.5

// Doc is an A4 portrait page sequence with equal margins, in millimetres
// and points.
type Doc struct {
	pdf    *fpdf.Fpdf
	margin float64
}

// New starts a document titled title, set in fonts, with margin on every
// side; ErrNoFont naming the file when one cannot be read.
func New(fonts Fonts, margin float64, title string) (*Doc, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	for family, path := range map[string]string{cjkFamily: fonts.CJK, latinFamily: fonts.Latin} {
		font, err := os.ReadFile(path) // #nosec G304 -- the operator's font settings, never a request's
		if err != nil {
			return nil, fmt.Errorf("%w: %s", ErrNoFont, path)
		}
		pdf.AddUTF8FontFromBytes(family, "", font)
	}
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.SetTitle(title, true)
	// Write keeps a cell margin from the right margin; Doc places its text
	// itself (centred, to the right, in padded cells).
	pdf.SetCellMargin(0)
	pdf.AddPage()
	return &Doc{pdf: pdf, margin: margin}, nil
}

// Inner is the width between the side margins.
func (d *Doc) Inner() float64 {
	w, _ := d.pdf.GetPageSize()
	return w - 2*d.margin
}

// Ln moves down h millimetres, to the left margin.
func (d *Doc) Ln(h float64) { d.pdf.Ln(h) }

// Bytes ends the document: its PDF, or fpdf's first error (a font it could
// not parse among them).
func (d *Doc) Bytes() ([]byte, error) {
	var out bytes.Buffer
	if err := d.pdf.Output(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// NeedRoom starts a new page when less than h millimetres are left above
// the bottom margin: a heading is kept with what follows it.
func (d *Doc) NeedRoom(h float64) {
	_, pageH := d.pdf.GetPageSize()
	if d.pdf.GetY()+h > pageH-d.margin {
		d.pdf.AddPage()
	}
}
