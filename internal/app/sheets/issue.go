// Package sheets issues supervision sheets (督办单, SPEC section 18) by hand:
// who may, what a sheet says about its task, and its number, taken in the
// transaction that records it (store.IssueSheet). The graded sheets the
// workflows would issue on their own (flagged, yellow, red) are not here yet.
package sheets

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/formats/sheet"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// Store is what issuing reads and writes.
type Store interface {
	GetTask(ctx context.Context, campaign, id string) (task.View, error)
	GetUnit(ctx context.Context, id string) (store.Unit, error)
	GetPerson(ctx context.Context, id string) (store.Person, error)
	IssueSheet(ctx context.Context, n store.NewSheet) (store.Sheet, error)
}

// Refusals of Issue.
var (
	ErrMayNotIssue = i18n.Errorf("only the task's supervisor or leader, the campaign's owner, a manager or an admin may issue a supervision sheet")
	ErrBadGrade    = i18n.Errorf("grade must be one of normal, yellow, red")
	ErrFinished    = i18n.Errorf("the task is closed or cancelled: a supervision sheet is issued on a task still in hand")
	ErrNoNote      = i18n.Errorf("write the requirement the sheet makes (note), in at most %d bytes", MaxNote)
)

// MaxNote bounds a sheet's note: it has to fit the printed page.
const MaxNote = 2000

// Issuer issues sheets.
type Issuer struct {
	Store Store
	// Calendars are the working-day calendars the response date is counted
	// on; nil counts on cn as shipped.
	Calendars *planning.Calendars
	Now       func() time.Time
}

// Request is one sheet asked for.
type Request struct {
	Campaign store.Campaign
	Task     string
	Grade    string
	Note     string
	By       store.Person
}

// MayIssue says whether p may issue a sheet on t of c: those who may urge
// it (its supervisor and leader, the campaign's owner), a manager or an
// admin. Whether t is still in hand is Issue's to check (ErrFinished).
func MayIssue(p store.Person, c store.Campaign, t task.View) bool {
	return p.ID == t.Supervisor || p.ID == t.Leader || p.ID == c.Owner ||
		p.Has(store.RoleManager) || p.Has(store.RoleAdmin)
}

// Issue checks the request, composes the sheet from the task as it is now
// and records it with the campaign's next number for the issuing year.
// Refusals: store.ErrNotFound for an unknown task, ErrMayNotIssue,
// ErrFinished, ErrBadGrade, ErrNoNote.
func (is *Issuer) Issue(ctx context.Context, r Request) (store.Sheet, sheet.Content, error) {
	t, err := is.Store.GetTask(ctx, r.Campaign.ID, r.Task)
	if err != nil {
		return store.Sheet{}, sheet.Content{}, err
	}
	if !MayIssue(r.By, r.Campaign, t) {
		return store.Sheet{}, sheet.Content{}, ErrMayNotIssue
	}
	if t.Status.Terminal() {
		return store.Sheet{}, sheet.Content{}, ErrFinished
	}
	if !slices.Contains(sheet.Grades, r.Grade) {
		return store.Sheet{}, sheet.Content{}, ErrBadGrade
	}
	note := strings.TrimSpace(r.Note)
	if note == "" || len(note) > MaxNote {
		return store.Sheet{}, sheet.Content{}, ErrNoNote
	}
	c, err := is.compose(ctx, r, t, note)
	if err != nil {
		return store.Sheet{}, sheet.Content{}, err
	}
	sh, err := is.Store.IssueSheet(ctx, store.NewSheet{Campaign: c.Campaign, Task: c.Task, Grade: c.Grade, IssuedBy: c.IssuedBy,
		Year: c.Year, IssuedAt: c.IssuedAt,
		Compose: func(seq int64) (string, json.RawMessage, error) {
			c.Seq, c.Number = seq, sheet.Number("", c.Year, seq)
			doc, err := json.Marshal(c)
			return c.Number, doc, err
		}})
	return sh, c, err
}

// compose is the sheet's content but its number.
func (is *Issuer) compose(ctx context.Context, r Request, t task.View, note string) (sheet.Content, error) {
	loc, err := time.LoadLocation(r.Campaign.Timezone)
	if err != nil {
		return sheet.Content{}, err
	}
	now := is.Now()
	today := calendar.DateOf(now.In(loc))
	cal, err := is.workCalendar(ctx, r.Campaign.Calendar)
	if err != nil {
		return sheet.Content{}, err
	}
	respondBy, err := calendar.AddWorkdays(cal, today, sheet.ResponseWorkdays)
	if err != nil {
		return sheet.Content{}, err
	}
	deadline := calendar.DateOf(t.Deadline.In(loc))
	overdue := 0
	if !t.Status.Terminal() && today.After(deadline) {
		overdue = today.DaysSince(deadline)
	}
	c := sheet.Content{
		Year: today.Year, Grade: r.Grade, Date: today, IssuedAt: now,
		Campaign: r.Campaign.ID, CampaignTitle: r.Campaign.Title, Task: t.ID, TaskTitle: t.Title,
		Owner: t.Owner, OwnerName: is.ownerName(ctx, t.Owner),
		PlannedDeadline: calendar.DateOf(t.OwnDeadline.In(loc)), Deadline: deadline,
		Status: string(t.Status), Light: string(t.Light), DaysOverdue: overdue,
		Note: note, IssuedBy: r.By.ID, IssuedByName: nameOr(r.By.Name, r.By.ID), RespondBy: respondBy,
	}
	if t.OwnDeadline.IsZero() {
		c.PlannedDeadline = deadline
	}
	return c, nil
}

// ownerName is the owning unit's or person's name; the id when it has none
// or is not known.
func (is *Issuer) ownerName(ctx context.Context, owner string) string {
	if id, ok := strings.CutPrefix(owner, "unit:"); ok {
		u, err := is.Store.GetUnit(ctx, id)
		if err != nil {
			return id
		}
		return nameOr(u.Name, id)
	}
	p, err := is.Store.GetPerson(ctx, owner)
	if err != nil {
		return owner
	}
	return nameOr(p.Name, owner)
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// workCalendar is the campaign's working-day calendar from its stored form:
// a name, or an inline calendar.
func (is *Issuer) workCalendar(ctx context.Context, raw json.RawMessage) (calendar.Calendar, error) {
	set, _, err := is.Calendars.Current(ctx)
	if err != nil {
		return nil, err
	}
	var name string
	if json.Unmarshal(raw, &name) == nil {
		return set.Lookup(name)
	}
	var inline struct {
		Base     string          `json:"base"`
		Holidays []calendar.Date `json:"holidays"`
		Workdays []calendar.Date `json:"workdays"`
	}
	if err := json.Unmarshal(raw, &inline); err != nil {
		return nil, errors.New("the campaign's calendar is neither a name nor an inline calendar")
	}
	return calendar.NewInline(inline.Base, inline.Holidays, inline.Workdays)
}

// ContentOf reads back what a stored sheet says.
func ContentOf(sh store.Sheet) (sheet.Content, error) {
	var c sheet.Content
	err := json.Unmarshal(sh.Doc, &c)
	return c, err
}
