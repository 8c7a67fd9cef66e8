// Package sheet is the supervision sheet (督办单, SPEC section 18) as a
// document: what one says (Content), its number's text, and its PDF. What
// goes into it is decided by internal/app/sheets; the dashboard's print page
// shows the same Content.
package sheet

import (
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/i18n"
)

// Grades of a sheet: the plain one, and the graded 黄牌 and 红牌 sheets.
const (
	GradeNormal = "normal"
	GradeYellow = "yellow"
	GradeRed    = "red"
)

// Grades lists them, for checking a request.
var Grades = []string{GradeNormal, GradeYellow, GradeRed}

// Content is what a sheet says, frozen when it is issued: a later change to
// the task (a new deadline, a closing) does not rewrite a sheet already sent.
type Content struct {
	Number   string        `json:"number"`
	Seq      int64         `json:"seq"`
	Year     int           `json:"year"`
	Grade    string        `json:"grade"`
	Date     calendar.Date `json:"date"`
	IssuedAt time.Time     `json:"issued_at"`

	Campaign      string `json:"campaign"`
	CampaignTitle string `json:"campaign_title"`
	Task          string `json:"task"`
	TaskTitle     string `json:"task_title"`
	// Owner is the task's owner as stored ("unit:ID" or a person's id);
	// OwnerName the unit's or person's name.
	Owner     string `json:"owner"`
	OwnerName string `json:"owner_name"`

	// PlannedDeadline is the plan's deadline, Deadline the current one (an
	// extension moves it); both are days in the campaign's timezone.
	PlannedDeadline calendar.Date `json:"planned_deadline"`
	Deadline        calendar.Date `json:"deadline"`
	Status          string        `json:"status"`
	Light           string        `json:"light"`
	// DaysOverdue counts calendar days past the current deadline on the
	// issuing date; 0 when not overdue.
	DaysOverdue int `json:"days_overdue"`

	Note         string `json:"note"`
	IssuedBy     string `json:"issued_by"`
	IssuedByName string `json:"issued_by_name"`
	// RespondBy is the day the owner's response is asked for:
	// ResponseWorkdays working days after Date on the campaign's calendar.
	RespondBy calendar.Date `json:"respond_by"`
}

// ResponseWorkdays is how many working days a sheet gives for a response.
const ResponseWorkdays = 3

// Number is a sheet's document number: 〔year〕督办第seq号 after the
// campaign's prefix (a plan's issuing office's short name, "" for none).
func Number(prefix string, year int, seq int64) string {
	return fmt.Sprintf("%s〔%d〕督办第%d号", prefix, year, seq)
}

// Title is the sheet's heading for its grade.
func Title(grade string) i18n.Text {
	switch grade {
	case GradeYellow:
		return i18n.T("Yellow-card supervision sheet")
	case GradeRed:
		return i18n.T("Red-card supervision sheet")
	default:
		return i18n.T("Supervision sheet")
	}
}
