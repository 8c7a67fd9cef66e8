package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"

	"codeberg.org/go-pdf/fpdf"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/i18n"
)

// DefaultFont is where Debian's fonts-droid-fallback puts Droid Sans
// Fallback (Apache-2.0), a TrueType font with outlines for CJK that fpdf
// embeds (docs/sheets.md says why this one). It has no Latin letters or
// digits: those are set in DefaultLatinFont.
const DefaultFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

// DefaultLatinFont is where Debian's fonts-dejavu-core puts DejaVu Sans
// (Bitstream Vera licence), for the letters, digits and punctuation the
// CJK font lacks.
const DefaultLatinFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

// Fonts are the two TrueType files a sheet's PDF is set in.
type Fonts struct{ CJK, Latin string }

// DefaultFonts are Debian's.
var DefaultFonts = Fonts{CJK: DefaultFont, Latin: DefaultLatinFont}

// ErrNoFont is returned when a font file cannot be read: a PDF without the
// glyphs would print empty boxes, so none is made.
var ErrNoFont = errors.New("the PDF font is missing")

// Available says whether both font files are readable.
func (f Fonts) Available() bool { return FontAvailable(f.CJK) && FontAvailable(f.Latin) }

// FontAvailable says whether path is a readable file.
func FontAvailable(path string) bool {
	f, err := os.Open(path) // #nosec G304 -- the operator's setting (CLOSEOUT_PDF_FONT), never a request's
	if err != nil {
		return false
	}
	_ = f.Close() // opened to check only
	return true
}

// The page is A4 portrait with 25 mm side margins, as official documents
// are printed; sizes are in millimetres and points.
const (
	marginMM  = 25
	labelMM   = 40
	lineMM    = 6.5
	padMM     = 1.5
	bodyPt    = 12
	headingPt = 22
	numberPt  = 12
	cjkFamily = "cjk"
	latin     = "latin"
)

// PDF renders c as an A4 page in l with fonts.
func PDF(c Content, l i18n.Lang, fonts Fonts) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	for family, path := range map[string]string{cjkFamily: fonts.CJK, latin: fonts.Latin} {
		font, err := os.ReadFile(path) // #nosec G304 -- the operator's font settings, never a request's
		if err != nil {
			return nil, fmt.Errorf("%w: %s", ErrNoFont, path)
		}
		pdf.AddUTF8FontFromBytes(family, "", font)
	}
	pdf.SetMargins(marginMM, marginMM, marginMM)
	pdf.SetAutoPageBreak(true, marginMM)
	pdf.SetTitle(c.Number+" "+Title(c.Grade).In(l), true)
	// Write keeps a cell margin from the right margin; the writer places
	// its text itself (centred, to the right, in padded cells).
	pdf.SetCellMargin(0)
	pdf.AddPage()
	width, _ := pdf.GetPageSize()
	inner := width - 2*marginMM
	w := writer{pdf: pdf}

	w.line(Title(c.Grade).In(l), headingPt, 14, "C")
	w.line(c.Number, numberPt, 8, "C")
	pdf.Ln(4)
	for _, r := range Rows(c) {
		w.row(r.Label.In(l), r.Value.In(l), marginMM, inner)
	}
	pdf.Ln(14)
	for _, line := range []i18n.Text{
		i18n.T("Issued by: %s", c.IssuedByName),
		i18n.T("Issuing office (seal):"),
		i18n.T("Date: %s", dateText(c.Date)),
	} {
		w.line(line.In(l), bodyPt, 9, "R")
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil { // also fpdf's first error, a font it could not read among them
		return nil, err
	}
	return out.Bytes(), nil
}

// writer sets mixed text: fpdf takes one font at a time and has no
// fallback, so each run of CJK or Latin text is written in its own font.
type writer struct{ pdf *fpdf.Fpdf }

// run is a stretch of text set in one font.
type run struct {
	family, text string
}

// runs splits s where it changes between CJK (and full-width forms) and
// the rest.
func runs(s string) []run {
	var out []run
	for _, r := range s {
		f := latin
		if r >= 0x2E80 {
			f = cjkFamily
		}
		if n := len(out); n > 0 && out[n-1].family == f {
			out[n-1].text += string(r)
		} else {
			out = append(out, run{f, string(r)})
		}
	}
	return out
}

func (w writer) width(s string, pt float64) float64 {
	total := 0.0
	for _, r := range runs(s) {
		w.pdf.SetFont(r.family, "", pt)
		total += w.pdf.GetStringWidth(r.text)
	}
	return total
}

// write flows s from the current position within the margins.
func (w writer) write(s string, pt, h float64) {
	for _, r := range runs(s) {
		w.pdf.SetFont(r.family, "", pt)
		w.pdf.Write(h, r.text)
	}
}

// line writes s on a line of its own, centred ("C") or to the right ("R").
func (w writer) line(s string, pt, h float64, align string) {
	pageW, _ := w.pdf.GetPageSize()
	left, _, right, _ := w.pdf.GetMargins()
	x := left
	switch align {
	case "C":
		x = (pageW - w.width(s, pt)) / 2
	case "R":
		// A hair inside the margin: Write wraps a run that ends exactly on
		// it, rounding being what it is.
		x = pageW - right - w.width(s, pt) - 0.1
	}
	w.pdf.SetX(x)
	w.write(s, pt, h)
	w.pdf.Ln(h)
}

// row writes a table row at x, inner wide: the label and the value each
// wrapped in its cell, and the cells' borders as tall as the taller. A
// value that runs onto the next page has no border there.
func (w writer) row(label, value string, x, inner float64) {
	pdf := w.pdf
	pageW, _ := pdf.GetPageSize()
	top, page := pdf.GetY(), pdf.PageNo()
	cell := func(from, to float64, s string) float64 {
		pdf.SetLeftMargin(from + padMM)
		pdf.SetRightMargin(pageW - to + padMM)
		pdf.SetXY(from+padMM, top+padMM)
		w.write(s, bodyPt, lineMM)
		return pdf.GetY() + lineMM + padMM
	}
	bottom := max(cell(x, x+labelMM, label), cell(x+labelMM, x+inner, value))
	pdf.SetLeftMargin(marginMM)
	pdf.SetRightMargin(marginMM)
	if pdf.PageNo() == page {
		pdf.Rect(x, top, labelMM, bottom-top, "D")
		pdf.Rect(x+labelMM, top, inner-labelMM, bottom-top, "D")
	}
	pdf.SetXY(x, bottom)
}

// Row is one line of the sheet's table.
type Row struct {
	Label, Value i18n.Text
}

// Rows are the sheet's table in the order it is printed; the print page
// shows the same facts.
func Rows(c Content) []Row {
	plain := func(s string) i18n.Text { return i18n.Both(s, s) }
	owner := c.OwnerName
	if owner == "" {
		owner = c.Owner
	}
	return []Row{
		{i18n.T("Campaign"), plain(c.CampaignTitle)},
		{i18n.T("Task"), plain(c.Task + " " + c.TaskTitle)},
		{i18n.T("Responsible unit"), plain(owner)},
		{i18n.T("Planned deadline"), plain(dateText(c.PlannedDeadline))},
		{i18n.T("Current deadline"), plain(dateText(c.Deadline))},
		{i18n.T("Status"), i18n.T("%s, light %s", statusText(c.Status), lightText(c.Light))},
		{i18n.T("Days overdue"), plain(strconv.Itoa(c.DaysOverdue))},
		{i18n.T("Requirement"), plain(c.Note)},
		{i18n.T("Respond by"), plain(dateText(c.RespondBy))},
	}
}

// dateText is d as YYYY-MM-DD, "" for none.
func dateText(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// statusText and lightText name a task's status and light as a reader does;
// an unknown one is shown as stored.
func statusText(s string) i18n.Text {
	switch s {
	case "open":
		return i18n.T("in progress")
	case "submitted":
		return i18n.T("submitted for sign-off")
	case "closed":
		return i18n.T("closed")
	case "cancelled":
		return i18n.T("cancelled")
	}
	return i18n.Both(s, s)
}

func lightText(l string) i18n.Text {
	switch l {
	case "green":
		return i18n.T("green")
	case "yellow":
		return i18n.T("yellow")
	case "red":
		return i18n.T("red")
	case "done":
		return i18n.T("done")
	}
	return i18n.Both(l, l)
}
