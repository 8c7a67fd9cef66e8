package sheet

import (
	"strconv"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/formats/pdfdoc"
	"github.com/closeout/closeout/internal/i18n"
)

// The fonts are pdfdoc's (internal/formats/pdfdoc): the names here are
// kept for the sheet's callers.
const (
	DefaultFont      = pdfdoc.DefaultFont
	DefaultLatinFont = pdfdoc.DefaultLatinFont
)

// Fonts are the two TrueType files a sheet's PDF is set in.
type Fonts = pdfdoc.Fonts

// DefaultFonts are Debian's.
var DefaultFonts = pdfdoc.DefaultFonts

// ErrNoFont is returned when a font file cannot be read.
var ErrNoFont = pdfdoc.ErrNoFont

// FontAvailable says whether path is a readable file.
func FontAvailable(path string) bool { return pdfdoc.FontAvailable(path) }

// The page is A4 portrait with 25 mm side margins, as official documents
// are printed; sizes are in millimetres and points.
const (
	marginMM  = 25
	labelMM   = 40
	lineMM    = 6.5
	bodyPt    = 12
	headingPt = 22
	numberPt  = 12
)

// PDF renders c as an A4 page in l with fonts.
func PDF(c Content, l i18n.Lang, fonts Fonts) ([]byte, error) {
	d, err := pdfdoc.New(fonts, marginMM, c.Number+" "+Title(c.Grade).In(l))
	if err != nil {
		return nil, err
	}
	inner := d.Inner()
	d.Line(Title(c.Grade).In(l), headingPt, 14, "C")
	d.Line(c.Number, numberPt, 8, "C")
	d.Ln(4)
	for _, r := range Rows(c) {
		d.Row([]float64{labelMM, inner - labelMM}, []string{r.Label.In(l), r.Value.In(l)}, bodyPt, lineMM)
	}
	d.Ln(14)
	for _, line := range []i18n.Text{
		i18n.T("Issued by: %s", c.IssuedByName),
		i18n.T("Issuing office (seal):"),
		i18n.T("Date: %s", dateText(c.Date)),
	} {
		d.Line(line.In(l), bodyPt, 9, "R")
	}
	return d.Bytes()
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
		{i18n.T("Status"), i18n.T("%s, light %s", task.Status(c.Status).Text(), lightText(c.Light))},
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

// lightText names a task's light as a reader does; an unknown one is shown
// as stored.
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
