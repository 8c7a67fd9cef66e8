package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"

	"codeberg.org/go-pdf/fpdf"

	"github.com/closeout/closeout/internal/i18n"
)

// DefaultFont is where Debian's fonts-droid-fallback puts Droid Sans
// Fallback (Apache-2.0), a TrueType font with outlines for CJK that fpdf
// embeds (docs/sheets.md says why this one).
const DefaultFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

// ErrNoFont is returned when the font file cannot be read: a PDF without
// the glyphs would print empty boxes, so none is made.
var ErrNoFont = errors.New("the PDF font is missing")

// FontAvailable says whether path is a readable file.
func FontAvailable(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	_ = f.Close() // opened to check only
	return true
}

// The page is A4 portrait with 25 mm side margins, as official documents
// are printed; sizes are in millimetres and points.
const (
	marginMM   = 25
	labelMM    = 40
	rowMM      = 9
	bodyPt     = 12
	headingPt  = 22
	numberPt   = 12
	fontFamily = "cjk"
)

// PDF renders c as an A4 page in l with the TrueType font at fontPath.
func PDF(c Content, l i18n.Lang, fontPath string) ([]byte, error) {
	font, err := os.ReadFile(fontPath)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrNoFont, fontPath)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(marginMM, marginMM, marginMM)
	pdf.SetAutoPageBreak(true, marginMM)
	pdf.AddUTF8FontFromBytes(fontFamily, "", font)
	pdf.SetTitle(c.Number+" "+Title(c.Grade).In(l), true)
	pdf.AddPage()
	width, _ := pdf.GetPageSize()
	inner := width - 2*marginMM

	pdf.SetFont(fontFamily, "", headingPt)
	pdf.CellFormat(inner, 14, Title(c.Grade).In(l), "", 1, "C", false, 0, "")
	pdf.SetFont(fontFamily, "", numberPt)
	pdf.CellFormat(inner, 8, c.Number, "", 1, "C", false, 0, "")
	pdf.Ln(4)

	pdf.SetFont(fontFamily, "", bodyPt)
	for _, r := range Rows(c) {
		x, y := pdf.GetXY()
		pdf.MultiCell(labelMM, rowMM, r.Label.In(l), "1", "L", false)
		labelEnd := pdf.GetY()
		pdf.SetXY(x+labelMM, y)
		pdf.MultiCell(inner-labelMM, rowMM, r.Value.In(l), "1", "L", false)
		if pdf.GetY() < labelEnd {
			pdf.SetY(labelEnd)
		}
	}
	pdf.Ln(14)
	for _, line := range []i18n.Text{
		i18n.T("Issued by: %s", c.IssuedByName),
		i18n.T("Issuing office (seal):"),
		i18n.T("Date: %s", c.Date.String()),
	} {
		pdf.CellFormat(inner, rowMM, line.In(l), "", 1, "R", false, 0, "")
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil { // also fpdf's first error, a font it could not read among them
		return nil, err
	}
	return out.Bytes(), nil
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
		{i18n.T("Planned deadline"), plain(c.PlannedDeadline.String())},
		{i18n.T("Current deadline"), plain(c.Deadline.String())},
		{i18n.T("Status"), i18n.T("%s, light %s", statusText(c.Status), lightText(c.Light))},
		{i18n.T("Days overdue"), plain(strconv.Itoa(c.DaysOverdue))},
		{i18n.T("Requirement"), plain(c.Note)},
		{i18n.T("Respond by"), plain(c.RespondBy.String())},
	}
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
